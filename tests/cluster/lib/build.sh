# shellcheck shell=bash
# Building the lab's binaries into the version-keyed cache. Sourced by lab.sh.
#
# Everything built lands in $LAB_CACHE (outside the repository): bin/, gocache/, gomodcache/.
# Modules: k8s/<release>/ (Kubernetes: the six components and agnhost; the default release's
# also CoreDNS, crictl and metrics-server, which share most of their packages with Kubernetes)
# and registry/ (its own dependency set). A module's binaries are rebuilt when they are
# missing or when the module's inputs changed: go.mod, go.sum, the flags, the Go version
# (their hash is kept in bin/.NAME.inputs). The go command's output goes to logs/build.log.

# The main packages of k8s.io/kubernetes the lab builds (k8s/pin_tools.py reads this line).
KUBE_PACKAGES=(cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kube-proxy cmd/kubectl test/images/agnhost)
# Upstream's build tags for its binaries; the tools get them too, or the packages they share
# with Kubernetes (grpc's files differ under grpcnotrace) would be compiled twice.
BUILD_TAGS=selinux,notest,grpcnotrace

# go_env [CACHE]: Go settings shared by every build: caches in the lab cache (the release's,
# or CACHE), reproducible paths, static binaries (as upstream builds its server components),
# no surprise toolchain download, and no inlining (-l): a third less compile time on a cold
# cache (measured: Kubernetes 435 -> 302 s on 2 cores) for binaries a little slower, which
# the lab can afford (README.md, "Cold build").
go_env() {
  BUILD_LOG=$LAB_STATE/logs/build.log
  command -v go >/dev/null || die "Go is not installed (the lab builds Kubernetes with Go >= 1.26)"
  BUILD_CACHE=${1:-$LAB_CACHE}
  export GOCACHE="$BUILD_CACHE/gocache" GOMODCACHE="$BUILD_CACHE/gomodcache"
  export GOFLAGS="-trimpath -buildvcs=false -mod=readonly -gcflags=all=-l" GOTOOLCHAIN=local CGO_ENABLED=0
}

# The version variables upstream's hack/lib/version.sh stamps in, so `kubectl version` and the
# node's kubeletVersion say the release and not v0.0.0-master. The build date is the release's
# publication time from the module proxy, which keeps the binaries reproducible.
kube_ldflags() {
  local info date flags="-s -w" key val pkg
  info="$GOMODCACHE/cache/download/k8s.io/kubernetes/@v/$KUBE_VERSION.info"
  date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info")
  local minor=${KUBE_VERSION#v1.}
  minor=${minor%%.*}
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    for key in gitVersion=$KUBE_VERSION gitMajor=1 gitMinor=$minor gitTreeState=clean buildDate=$date; do
      val=${key#*=}
      key=${key%%=*}
      flags+=" -X '$pkg.$key=$val'"
    done
  done
  echo "$flags"
}

# go_build CACHE MODULE_DIR STAMP_NAME LDFLAGS TAGS PKG...: one `go build` of every package
# into CACHE/bin (one command links them all, compiling shared packages once, both cores
# busy), unless each binary is there and bin/.STAMP_NAME.inputs matches the module's inputs.
# PRE_BUILD, if set, is a command run first when it does build; its failure stops the build.
go_build() {
  local cache=$1 dir=$LAB_DIR/$2 what=$3 ldflags=$4 tags=$5
  shift 5
  local stamp=$cache/bin/.$what.inputs pkg names=() inputs missing=0
  mkdir -p "$cache/bin"
  for pkg in "$@"; do
    names+=("${pkg##*/}")
    [[ -x $cache/bin/${pkg##*/} ]] || missing=1
  done
  go_env "$cache"
  inputs=$(cat "$dir/go.mod" "$dir/go.sum" <(printf '%s\n' "$GOFLAGS" "$ldflags" "$tags" "$(go version)" "$@") |
    sha256sum | cut -d' ' -f1)
  if ((!missing)) && [[ -f $stamp && $(<"$stamp") == "$inputs" ]]; then
    return 0
  fi
  log "building ${names[*]}$( ((missing)) || echo ' (go.mod, go.sum or flags changed)')"
  local said
  if [[ -n ${PRE_BUILD:-} ]] && ! said=$($PRE_BUILD 2>&1); then
    fail build "$said"
  fi
  local t=$SECONDS out=$cache/bin/.new-$what
  rm -rf "$out"
  mkdir -p "$out"
  (cd "$dir" && go build -tags="$tags" -ldflags="$ldflags" -o "$out/" "$@") >>"$BUILD_LOG" 2>&1 ||
    fail build "building ${names[*]} failed"
  local n
  for n in "${names[@]}"; do mv "$out/$n" "$cache/bin/$n"; done
  rmdir "$out"
  echo "$inputs" >"$stamp"
  log "built ${names[*]} in $((SECONDS - t)) s"
}

# build_kube: the Kubernetes components and agnhost (an e2e test image of the same module).
build_kube() {
  go_env
  if [[ ! -f $GOMODCACHE/cache/download/k8s.io/kubernetes/@v/$KUBE_VERSION.info ]]; then
    log "downloading k8s.io/kubernetes $KUBE_VERSION (cold: the build then takes 5–8 min on 2 cores)"
    (cd "$LAB_DIR/k8s/$KUBE_VERSION" && go mod download k8s.io/kubernetes) >>"$BUILD_LOG" 2>&1 ||
      fail build "go mod download failed"
  fi
  local pkgs=("${KUBE_PACKAGES[@]/#/k8s.io/kubernetes/}")
  # The check that the tools' requirements changed none of Kubernetes' own (k8s/pin_tools.py).
  PRE_BUILD="python3 $LAB_DIR/k8s/pin_tools.py --check $KUBE_VERSION" \
    go_build "$LAB_CACHE" "k8s/$KUBE_VERSION" kubernetes "$(kube_ldflags)" "$BUILD_TAGS" "${pkgs[@]}"
}

# The tools: a name for the build, its module directory and main packages. CoreDNS, crictl and
# metrics-server are in the default release's module: built right after Kubernetes, most of
# their packages are already in the build cache.
TOOLS=(
  "tools k8s/$DEFAULT_VERSION podlab.local/lab/coredns sigs.k8s.io/cri-tools/cmd/crictl sigs.k8s.io/metrics-server/cmd/metrics-server"
  "registry registry podlab.local/lab/registry"
)

# start_tool_downloads: fetch the modules the tools' builds need (`go list -deps` loads exactly
# their packages) in the background while Kubernetes compiles: on a cold cache the downloads
# wait on the network, not the CPU. A failed download is left to the build, which reports it.
start_tool_downloads() {
  (
    go_env "$TOOLS_CACHE"
    local tool name dir pkgs
    for tool in "${TOOLS[@]}"; do
      read -r name dir pkgs <<<"$tool"
      # shellcheck disable=SC2086 # the packages, one word each
      (cd "$LAB_DIR/$dir" && go list -deps $pkgs >/dev/null) >>"$BUILD_LOG" 2>&1 || true
    done
  ) &
  TOOL_DOWNLOADS_PID=$!
}

# The tools, into the default release's cache (see lab.sh), with the same flags as Kubernetes.
build_tools() {
  [[ -z ${TOOL_DOWNLOADS_PID:-} ]] || wait "$TOOL_DOWNLOADS_PID" || true
  local tool name dir pkgs
  for tool in "${TOOLS[@]}"; do
    read -r name dir pkgs <<<"$tool"
    # shellcheck disable=SC2086 # the packages, one word each
    go_build "$TOOLS_CACHE" "$dir" "$name" "-s -w" "$BUILD_TAGS" $pkgs
  done
}
