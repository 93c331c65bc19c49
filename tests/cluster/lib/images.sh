# shellcheck shell=bash
# Container images of the lab: built into the OCI layout $IMAGE_CACHE/oci (shared by every
# release), pushed to the lab's registry (lib/registry.sh), pulled by containerd from there.
# Sourced by lab.sh.

AGNHOST_TAGS=(2.39 2.40 2.43 2.45 2.47 2.48 2.50 2.52 2.53 2.55) # besides the module's own

# The images made of Debian packages and small C programs: images/build.sh, which skips an
# image whose recipe has not changed. It runs in the background while Go compiles (apt and
# packing wait on the network and the disk, the compiler on the CPU); finish_images waits for
# it, then adds the images of our Go builds.
start_images() {
  IMAGES_LOG=$LAB_STATE/logs/images.log
  log "images: tests/cluster/images/build.sh in the background (up-to-date ones are skipped; log: $IMAGES_LOG)"
  bash "$LAB_DIR/images/build.sh" "$IMAGE_CACHE" >>"$IMAGES_LOG" 2>&1 &
  IMAGES_PID=$!
}

finish_images() {
  local t=$SECONDS
  wait "$IMAGES_PID" || fail images "building the images failed"
  ((SECONDS - t < 2)) || log "images built (waited $((SECONDS - t)) s for them)"
  build_go_images >>"$IMAGES_LOG" 2>&1 || fail images "building the images of the Go builds failed"
}

mkimage() { python3 "$LAB_DIR/images/mkimage.py" "$@"; }

# go_image NAME FILES_DIR -- MKIMAGE_IMAGE_ARGS...: the files as one layer (on top of any
# layers given with --layer in the arguments), unless the same files and arguments were
# packed before and the image is still in the layout.
go_image() {
  local name=$1 files=$2 layout=$IMAGE_CACHE/oci
  shift 3
  local stamp=$IMAGE_CACHE/stamps/go-$name inputs digest
  inputs=$( (cd "$files" && find . -print0 | LC_ALL=C sort -z | xargs -0 sha256sum 2>/dev/null
    printf '%s\n' "$@") | sha256sum | cut -d' ' -f1)
  if [[ -s $stamp && $(head -1 "$stamp") == "$inputs" ]] &&
    grep -q "\"$(tail -1 "$stamp")\"" "$layout/index.json"; then
    return 0
  fi
  log "image $name"
  digest=$(mkimage image "$layout" "$@" --layer "$(mkimage layer "$files" "$layout" --mtime 0)")
  printf '%s\n%s\n' "$inputs" "$digest" >"$stamp"
}

build_go_images() {
  local root
  root=$(mktemp -d)
  mkdir -p "$IMAGE_CACHE/stamps"

  mkdir "$root/coredns"
  install -m 0755 "$TOOLS_BIN/coredns" "$root/coredns/coredns"
  go_image coredns "$root/coredns" -- --entrypoint /coredns --expose 53/udp --expose 53/tcp \
    --tag "$COREDNS_IMAGE"

  mkdir -p "$root/metrics-server/tmp"
  chmod 1777 "$root/metrics-server/tmp"
  install -m 0755 "$TOOLS_BIN/metrics-server" "$root/metrics-server/metrics-server"
  go_image metrics-server "$root/metrics-server" -- --entrypoint /metrics-server \
    --user 65534 --tag "$METRICS_SERVER_IMAGE"

  # agnhost as upstream's image: on the busybox layer (upstream: alpine), /agnhost with the
  # porter's certificate, entrypoint /agnhost, command pause.
  local src=$LAB_CACHE/gomodcache/k8s.io/kubernetes@$KUBE_VERSION/test/images/agnhost version
  version=$(<"$src/VERSION")
  mkdir -p "$root/agnhost/uploads"
  install -m 0755 "$LAB_CACHE/bin/agnhost" "$root/agnhost/agnhost"
  ln -s agnhost "$root/agnhost/agnhost-2"
  install -m 0644 "$src/porter/localhost.crt" "$src/porter/localhost.key" "$root/agnhost/"
  local tags=(--tag "registry.k8s.io/e2e-test-images/agnhost:$version") t
  for t in "${AGNHOST_TAGS[@]}"; do tags+=(--tag "registry.k8s.io/e2e-test-images/agnhost:$t"); done
  go_image "agnhost-$KUBE_VERSION" "$root/agnhost" -- --layer "$(<"$IMAGE_CACHE/rootfs-cache/busybox.layer")" \
    --entrypoint /agnhost --cmd pause --expose 80/tcp --expose 8080/tcp --expose 8081/tcp \
    --expose 9376/tcp --expose 5000/tcp "${tags[@]}"

  rm -rf "$root"
}
