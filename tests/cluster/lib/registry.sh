# shellcheck shell=bash
# The lab's OCI registry (CNCF Distribution, built from its module) and how containerd pulls
# through it. Sourced by lab.sh.
#
# The registry listens on $REGISTRY_ADDR (loopback) and keeps its data in the lab cache
# ($REGISTRY_DATA, kept by down: a warm up pushes nothing). Images of every upstream registry
# live under a path named after it: docker.io/library/nginx:1.25 is the repository
# docker.io/library/nginx of the local registry. For each upstream registry containerd has a
# hosts.toml whose host and server are both that path on the local registry (override_path),
# so there is nothing else to try: an image the registry lacks fails at once with its
# "not found". containerd also runs with a dead loopback proxy for anything that is not
# loopback (start_containerd), so even a registry without a hosts.toml is never looked up.

UPSTREAM_REGISTRIES=(docker.io registry.k8s.io gcr.io ghcr.io quay.io k8s.gcr.io
  mcr.microsoft.com public.ecr.aws)

write_registry_config() {
  mkdir -p "$REGISTRY_DATA"
  cat >"$LAB_STATE/registry.yml" <<EOF2
version: 0.1
log:
  level: info
  accesslog: {disabled: false}
storage:
  filesystem: {rootdirectory: $REGISTRY_DATA}
  delete: {enabled: true}
  cache: {blobdescriptor: inmemory}
  redirect: {disable: true}
http:
  addr: $REGISTRY_ADDR
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver: {enabled: true, interval: 10s, threshold: 3}
EOF2
}

start_registry() {
  write_registry_config
  # OTEL_TRACES_EXPORTER=none: no tracing exporter that would try a collector.
  OTEL_TRACES_EXPORTER=none start_daemon registry "$TOOLS_BIN/registry" serve \
    "$LAB_STATE/registry.yml"
  wait_for registry 30 curl -fsS --max-time 2 "http://$REGISTRY_ADDR/v2/"
}

# write_registry_hosts [DIR [ADDR]]: containerd's per-registry configuration (the CRI's
# registry.config_path), pointing at the registry on ADDR.
write_registry_hosts() {
  local dir=${1:-$LAB_STATE/containerd/certs.d} addr=${2:-$REGISTRY_ADDR} host
  rm -rf "$dir"
  for host in "${UPSTREAM_REGISTRIES[@]}" _default; do
    mkdir -p "$dir/$host"
    local path=$host
    [[ $host == _default ]] && path=unknown-registry # no such repositories: "not found"
    cat >"$dir/$host/hosts.toml" <<EOF2
# The lab: $host is the path /v2/$path of the local registry; nothing else is tried.
server = "http://$addr/v2/$path"
override_path = true
capabilities = ["pull", "resolve"]

[host."http://$addr/v2/$path"]
  override_path = true
  capabilities = ["pull", "resolve"]
EOF2
  done
}

# push_images: every image of the layout into the registry (what is there already is skipped).
# The registry's storage remembers the index it last took in full (a warm up asks nothing).
push_images() {
  local stamp=$REGISTRY_DATA/.podlab-pushed index
  index=$(sha256sum <"$IMAGE_CACHE/oci/index.json")
  [[ -f $stamp && $(<"$stamp") == "$index" ]] && return 0
  log "pushing the images to the registry"
  python3 "$LAB_DIR/images/push.py" "$IMAGE_CACHE/oci" "http://$REGISTRY_ADDR" \
    >>"$LAB_STATE/logs/images.log" 2>&1 || fail images "pushing the images to the registry failed"
  # What no tag names any more (rebuilt images' old manifests and layers) goes, with the
  # registry stopped as its garbage collector wants.
  stop_daemon registry
  "$TOOLS_BIN/registry" garbage-collect --delete-untagged "$LAB_STATE/registry.yml" \
    >>"$LAB_STATE/logs/registry-gc.log" 2>&1 || warn "registry garbage-collect failed (see logs/registry-gc.log)"
  start_registry
  echo "$index" >"$stamp"
}

# forget_stale_images: containerd keeps what it pulled (across down/up). An image rebuilt
# since has a new digest in the registry; drop containerd's copy of each such tag, so the
# next pod pulls the new one (and IfNotPresent pods do not run the old one).
forget_stale_images() {
  local stale
  stale=$(LC_ALL=C join <(python3 "$LAB_DIR/images/push.py" --list "$IMAGE_CACHE/oci" | LC_ALL=C sort) \
    <(ctr_lab images ls | awk 'NR > 1 { print $1, $3 }' | LC_ALL=C sort) |
    awk '$2 != $3 { print $1 }')
  [[ -z $stale ]] && return 0
  log "dropping $(wc -l <<<"$stale") outdated images from containerd's store"
  # shellcheck disable=SC2086 # one reference per word
  ctr_lab images rm $stale >/dev/null
}
