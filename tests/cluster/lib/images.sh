# shellcheck shell=bash
# Container images of the lab: built into $LAB_CACHE/images, imported into the lab's
# containerd (namespace k8s.io). Sourced by lab.sh.

# The book's images (pause, MySQL and phpMyAdmin stand-ins) are made by images/build.sh,
# which skips an image whose recipe has not changed.
build_images() {
  local log_file=$LAB_STATE/logs/images.log
  log "images: tests/cluster/images/build.sh (up-to-date ones are skipped; log: $log_file)"
  bash "$LAB_DIR/images/build.sh" "$LAB_CACHE/images" >>"$log_file" 2>&1 ||
    fail images "building the images failed"
  build_coredns_image >>"$log_file" 2>&1 || fail images "building the CoreDNS image failed"
}

# CoreDNS's image: a root file system holding only the static binary.
build_coredns_image() {
  local tar=$LAB_CACHE/images/coredns.tar root
  [[ -s $tar && $tar -nt $LAB_CACHE/bin/coredns ]] && return 0
  root=$(mktemp -d)
  install -D -m 0755 "$LAB_CACHE/bin/coredns" "$root/coredns"
  python3 "$LAB_DIR/images/mkimage.py" "$root" "$COREDNS_IMAGE" "$tar.new" --entrypoint /coredns
  rm -rf "$root"
  mv "$tar.new" "$tar"
}

# import_images: every tar, unless the same file (size and time) was imported before and the
# image is still in containerd's store.
import_images() {
  local tar name stamp refs
  mkdir -p "$LAB_STATE/imported"
  refs=$(ctr_lab images ls -q)
  for tar in "$LAB_CACHE"/images/*.tar; do
    name=$(basename "$tar" .tar)
    stamp=$(stat -c '%s %Y' "$tar")
    if [[ -f $LAB_STATE/imported/$name && $(<"$LAB_STATE/imported/$name") == "$stamp" ]] &&
      grep -qxF "$(<"$LAB_STATE/imported/$name.ref")" <<<"$refs"; then
      continue
    fi
    log "importing $name image"
    ctr_lab images import "$tar" >"$LAB_STATE/imported/$name.out" ||
      fail containerd "could not import $tar"
    # ctr prints "unpacking REF (sha256:...)...done"; remember the ref for the check above.
    sed -n 's/^unpacking \([^ ]*\) .*/\1/p' "$LAB_STATE/imported/$name.out" | head -1 \
      >"$LAB_STATE/imported/$name.ref"
    echo "$stamp" >"$LAB_STATE/imported/$name"
  done
}
