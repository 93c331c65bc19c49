# shellcheck shell=bash
# Building the lab's binaries into the version-keyed cache. Sourced by lab.sh.
#
# Everything built lands in $LAB_CACHE (outside the repository): bin/, gocache/, gomodcache/.
# Three modules: k8s/ (Kubernetes v1.34.9), coredns/ and crictl/ (their own dependency sets).
# A binary that is already there is never rebuilt, so a warm `up` compiles nothing.
# The go command's output goes to logs/build.log.

KUBE_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

# Go settings shared by every build: caches in the lab cache, reproducible paths, static
# binaries (as upstream builds its server components), and no surprise toolchain download.
go_env() {
  BUILD_LOG=$LAB_STATE/logs/build.log
  command -v go >/dev/null || die "Go is not installed (the lab builds Kubernetes with Go >= 1.26)"
  export GOCACHE="$LAB_CACHE/gocache" GOMODCACHE="$LAB_CACHE/gomodcache"
  export GOFLAGS="-trimpath -buildvcs=false -mod=readonly" GOTOOLCHAIN=local CGO_ENABLED=0
}

# The version variables upstream's hack/lib/version.sh stamps in, so `kubectl version` and the
# node's kubeletVersion say v1.34.9 and not v0.0.0-master. The build date is the release's
# publication time from the module proxy, which keeps the binaries reproducible.
kube_ldflags() {
  local info date flags="-s -w" key val pkg
  info="$GOMODCACHE/cache/download/k8s.io/kubernetes/@v/$KUBE_VERSION.info"
  date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info")
  local minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    for key in gitVersion=$KUBE_VERSION gitMajor=1 gitMinor=$minor gitTreeState=clean buildDate=$date; do
      val=${key#*=}; key=${key%%=*}
      flags+=" -X '$pkg.$key=$val'"
    done
  done
  echo "$flags"
}

# build_kube: the six Kubernetes binaries, from tests/cluster/k8s/go.mod.
build_kube() {
  local missing=() c
  for c in "${KUBE_COMPONENTS[@]}"; do
    [[ -x $LAB_CACHE/bin/$c ]] || missing+=("$c")
  done
  ((${#missing[@]})) || return 0
  go_env
  log "building ${missing[*]} (cold: ~6 min of compile on 2 cores)"
  (cd "$LAB_DIR/k8s" && go mod download k8s.io/kubernetes) >>"$BUILD_LOG" 2>&1 ||
    fail build "go mod download failed"
  local ldflags start=$SECONDS
  ldflags=$(kube_ldflags)
  for c in "${missing[@]}"; do
    local t=$SECONDS
    (cd "$LAB_DIR/k8s" && go build -tags=selinux,notest,grpcnotrace -ldflags="$ldflags" \
      -o "$LAB_CACHE/bin/$c.tmp" "k8s.io/kubernetes/cmd/$c") >>"$BUILD_LOG" 2>&1 ||
      fail build "building $c failed"
    mv "$LAB_CACHE/bin/$c.tmp" "$LAB_CACHE/bin/$c"
    log "built $c in $((SECONDS - t)) s"
  done
  log "Kubernetes binaries built in $((SECONDS - start)) s"
}

# build_coredns: CoreDNS from its own module (its dependency set differs from Kubernetes').
build_coredns() {
  [[ -x $LAB_CACHE/bin/coredns ]] && return 0
  go_env
  log "building coredns"
  local t=$SECONDS
  (cd "$LAB_DIR/coredns" && go build -o "$LAB_CACHE/bin/coredns.tmp" github.com/coredns/coredns) \
    >>"$BUILD_LOG" 2>&1 || fail build "building coredns failed"
  mv "$LAB_CACHE/bin/coredns.tmp" "$LAB_CACHE/bin/coredns"
  log "built coredns in $((SECONDS - t)) s"
}

# build_crictl: crictl from cri-tools (its own module, like CoreDNS).
build_crictl() {
  [[ -x $LAB_CACHE/bin/crictl ]] && return 0
  go_env
  log "building crictl"
  local t=$SECONDS
  (cd "$LAB_DIR/crictl" && go build -o "$LAB_CACHE/bin/crictl.tmp" sigs.k8s.io/cri-tools/cmd/crictl) \
    >>"$BUILD_LOG" 2>&1 || fail build "building crictl failed"
  mv "$LAB_CACHE/bin/crictl.tmp" "$LAB_CACHE/bin/crictl"
  log "built crictl in $((SECONDS - t)) s"
}
