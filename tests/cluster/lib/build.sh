# shellcheck shell=bash
# Building the lab's binaries into the version-keyed cache. Sourced by lab.sh.
#
# Everything built lands in $LAB_CACHE (outside the repository): bin/, gocache/, gomodcache/.
# Modules: k8s/<release>/ (Kubernetes: the six components and agnhost), coredns/, crictl/, registry/,
# metrics-server/ (each its own dependency set). A module's binaries are rebuilt when they are
# missing or when the module's inputs changed: go.mod, go.sum, the flags, the Go version
# (their hash is kept in bin/.NAME.inputs). The go command's output goes to logs/build.log.

KUBE_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

# go_env [CACHE]: Go settings shared by every build: caches in the lab cache (the release's,
# or CACHE), reproducible paths, static binaries (as upstream builds its server components),
# and no surprise toolchain download.
go_env() {
  BUILD_LOG=$LAB_STATE/logs/build.log
  command -v go >/dev/null || die "Go is not installed (the lab builds Kubernetes with Go >= 1.26)"
  BUILD_CACHE=${1:-$LAB_CACHE}
  export GOCACHE="$BUILD_CACHE/gocache" GOMODCACHE="$BUILD_CACHE/gomodcache"
  export GOFLAGS="-trimpath -buildvcs=false -mod=readonly" GOTOOLCHAIN=local CGO_ENABLED=0
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
  inputs=$(cat "$dir/go.mod" "$dir/go.sum" <(printf '%s\n' "$ldflags" "$tags" "$(go version)" "$@") |
    sha256sum | cut -d' ' -f1)
  if ((!missing)) && [[ -f $stamp && $(<"$stamp") == "$inputs" ]]; then
    return 0
  fi
  log "building ${names[*]}$( ((missing)) || echo ' (go.mod, go.sum or flags changed)')"
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
    log "downloading k8s.io/kubernetes $KUBE_VERSION (cold: the build then takes 5–10 min on 2 cores)"
    (cd "$LAB_DIR/k8s/$KUBE_VERSION" && go mod download k8s.io/kubernetes) >>"$BUILD_LOG" 2>&1 ||
      fail build "go mod download failed"
  fi
  local pkgs=() c
  for c in "${KUBE_COMPONENTS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  pkgs+=(k8s.io/kubernetes/test/images/agnhost)
  go_build "$LAB_CACHE" "k8s/$KUBE_VERSION" kubernetes "$(kube_ldflags)" selinux,notest,grpcnotrace "${pkgs[@]}"
}

# The tools: module directory and main package, each its own module.
TOOLS=(
  "coredns podlab.local/lab/coredns" # main.go
  "crictl sigs.k8s.io/cri-tools/cmd/crictl"
  "registry github.com/distribution/distribution/v3/cmd/registry"
  "metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server"
)

# start_tool_downloads: fetch the modules the tools' builds need (`go list -deps` loads exactly
# their packages) in the background while Kubernetes compiles: on a cold cache the downloads
# are a third of each tool's build time, and they wait on the network, not the CPU. A failed
# download is left to the build, which then reports it.
start_tool_downloads() {
  (
    go_env "$TOOLS_CACHE"
    for tool in "${TOOLS[@]}"; do
      (cd "$LAB_DIR/${tool%% *}" && go list -deps "${tool#* }" >/dev/null) >>"$BUILD_LOG" 2>&1 || true
    done
  ) &
  TOOL_DOWNLOADS_PID=$!
}

# The tools, each from its own module, into the default release's cache (see lab.sh).
build_tools() {
  [[ -z ${TOOL_DOWNLOADS_PID:-} ]] || wait "$TOOL_DOWNLOADS_PID" || true
  local tool
  for tool in "${TOOLS[@]}"; do
    go_build "$TOOLS_CACHE" "${tool%% *}" "${tool%% *}" "-s -w" "" "${tool#* }"
  done
}
