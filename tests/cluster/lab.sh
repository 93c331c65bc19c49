#!/bin/bash
# The lab cluster: a real Kubernetes built from upstream Go modules, on this machine.
#
#   lab.sh up [--nodes 1|2] [--version X.Y.Z]
#                      build what is missing, start everything, print the kubeconfig path
#                      (default: one node, v1.34.9; releases: the directories in k8s/)
#   lab.sh build [--version X.Y.Z]
#                      build what up would build (binaries, images), start nothing: a release
#                      prepared while the lab runs another, or a cold build timed on its own
#   lab.sh down        stop what up started and undo its changes to the host
#   lab.sh status      what runs
#   lab.sh kubeconfig  the admin kubeconfig path (exit 1 if the lab is not up)
#
# Built artifacts: ${PODLAB_LAB_CACHE:-~/.cache/podlab-lab}/<release>/ (Go builds), images/ (the
# images' OCI layout) and registry/ (the registry's storage), all kept by down.
# Runtime state, logs (logs/<component>.log) and the kubeconfig: ${PODLAB_LAB_STATE:-/var/lib/podlab-lab}.
# Progress goes to stderr; `up` prints only the kubeconfig path on stdout, as its last line.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEFAULT_VERSION=v1.34.9
LAB_STATE=${PODLAB_LAB_STATE:-/var/lib/podlab-lab}
usage() {
  echo "usage: $0 up [--nodes 1|2] [--version X.Y.Z] | build [--version X.Y.Z] | down | status | kubeconfig" >&2
  exit 2
}
COMMAND=${1:-}
shift || true
# What runs (written by up) unless up is told otherwise.
KUBE_VERSION=$(cat "$LAB_STATE/release" 2>/dev/null || echo "$DEFAULT_VERSION")
NODES=$(cat "$LAB_STATE/nodes" 2>/dev/null || echo 1)
ASKED_VERSION="" ASKED_NODES=""
while (($#)); do
  [[ $COMMAND == up || ($COMMAND == build && $1 == --version) ]] && (($# >= 2)) || usage
  case $1 in
    --nodes) ASKED_NODES=$2 ;;
    --version) ASKED_VERSION=v${2#v} ;;
    *) usage ;;
  esac
  shift 2
done
[[ -z $ASKED_NODES || $ASKED_NODES == [12] ]] || usage
[[ -z $ASKED_VERSION || -f $LAB_DIR/k8s/$ASKED_VERSION/go.mod ]] ||
  { echo "lab.sh: no release $ASKED_VERSION here (see $LAB_DIR/k8s/)" >&2; exit 2; }
LAB_CACHE_ROOT=${PODLAB_LAB_CACHE:-$HOME/.cache/podlab-lab}
LAB_CACHE=$LAB_CACHE_ROOT/$KUBE_VERSION
# The tools (CoreDNS, crictl, the registry, metrics-server) do not depend on the release: they
# are built once, in the default release's cache.
TOOLS_CACHE=$LAB_CACHE_ROOT/$DEFAULT_VERSION
TOOLS_BIN=$TOOLS_CACHE/bin
IMAGE_CACHE=$LAB_CACHE_ROOT/images
REGISTRY_DATA=$LAB_CACHE_ROOT/registry

# The node is named by its (loopback) address, as in hack/local-up-cluster.sh: the kubelet
# then listens on 127.0.0.1 and the API server reaches it there.
NODE_NAME=127.0.0.1
CLUSTER_DOMAIN=cluster.local
CLUSTER_CIDR=10.1.0.0/16
NODE_POD_CIDR=10.1.0.0/24 # the first /24: what the controller manager gives the only node
BRIDGE=podlab0
BRIDGE_IP=10.1.0.1
SERVICE_CIDR=10.0.0.0/24
SERVICE_APISERVER_IP=10.0.0.1
DNS_IP=10.0.0.10
CONTAINERD_SOCK=$LAB_STATE/containerd/containerd.sock
PAUSE_IMAGE=registry.k8s.io/pause:3.10.1
COREDNS_IMAGE=registry.k8s.io/coredns/coredns:podlab
METRICS_SERVER_IMAGE=registry.k8s.io/metrics-server/metrics-server:v0.8.0
REGISTRY_ADDR=127.0.0.1:5000
# metrics-server runs in the host's network (it reaches the kubelet on 127.0.0.1:10250) and
# serves the API server on the bridge address (an Endpoints address may not be loopback).
METRICS_SERVER_PORT=4443

T0=$SECONDS
log() { printf '[lab %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
warn() { log "WARNING: $*"; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source-path=SCRIPTDIR
source "$LAB_DIR/lib/build.sh"    # Go builds into the cache
source "$LAB_DIR/lib/pki.sh"      # certificates and kubeconfigs
source "$LAB_DIR/lib/host.sh"     # packages, bridge, iptables, sysctls, mounts, cgroups
source "$LAB_DIR/lib/config.sh"   # containerd, CNI, kubelet, kube-proxy configuration
source "$LAB_DIR/lib/services.sh" # starting and stopping processes
source "$LAB_DIR/lib/images.sh"   # container images
source "$LAB_DIR/lib/registry.sh" # the local registry containerd pulls from
source "$LAB_DIR/lib/node2.sh"    # the optional second node

all_running() {
  local s
  for s in "${SERVICES[@]}"; do is_running "$s" || return 1; done
  if ((NODES == 2)); then
    for s in "${NODE2_SERVICES[@]}"; do is_running "$s" || return 1; done
  fi
}

any_running() {
  local s
  for s in "${SERVICES[@]}" "${NODE2_SERVICES[@]}"; do is_running "$s" && return 0; done
  return 1
}

# build_all: the release's binaries, the tools and the images, as far as they are missing or
# their recipes changed. The images build in the background while Go compiles.
build_all() {
  local t=$SECONDS
  start_images
  start_tool_downloads
  build_kube
  build_tools
  finish_images
  log "binaries and images ready in $((SECONDS - t)) s"
}

cmd_build() {
  [[ $EUID -eq 0 ]] || die "run as root (the images are built with debootstrap)"
  KUBE_VERSION=${ASKED_VERSION:-$DEFAULT_VERSION}
  LAB_CACHE=$LAB_CACHE_ROOT/$KUBE_VERSION
  mkdir -p "$LAB_CACHE/bin" "$IMAGE_CACHE" "$LAB_STATE/logs"
  log "building Kubernetes $KUBE_VERSION (nothing is started)"
  install_packages
  build_all
}

cmd_up() {
  [[ $EUID -eq 0 ]] || die "run as root (containerd, kubelet, iptables)"
  if any_running; then
    # The lab runs: with what was asked, there is nothing to do; with something else, it
    # must go down first (one release and one set of nodes at a time).
    if [[ ${ASKED_VERSION:-$KUBE_VERSION} != "$KUBE_VERSION" || ${ASKED_NODES:-$NODES} != "$NODES" ]]; then
      die "the lab runs $KUBE_VERSION with $NODES node(s): 'lab.sh down' first"
    fi
  else
    KUBE_VERSION=${ASKED_VERSION:-$DEFAULT_VERSION}
    NODES=${ASKED_NODES:-1}
    LAB_CACHE=$LAB_CACHE_ROOT/$KUBE_VERSION
  fi
  if all_running && api_get /readyz >/dev/null 2>&1; then
    log "the lab is already up"
    echo "$LAB_STATE/kubeconfig"
    return 0
  fi
  mkdir -p "$LAB_CACHE/bin" "$IMAGE_CACHE" "$LAB_STATE/logs"
  echo "$KUBE_VERSION" >"$LAB_STATE/release"
  echo "$NODES" >"$LAB_STATE/nodes"
  log "Kubernetes $KUBE_VERSION, $NODES node(s)"
  preflight
  install_packages
  build_all

  claim_host
  save_sysctls
  setup_network
  make_pki
  start_etcd
  start_apiserver
  start_controllers
  start_registry
  push_images
  start_containerd
  forget_imported_images
  forget_stale_images
  start_kubelet
  start_kube_proxy
  ((NODES == 1)) || start_node2
  apply_addons
  wait_ready
  log "the lab is up in $((SECONDS - T0)) s"
  echo "$LAB_STATE/kubeconfig"
}

# Before the first start: the lab's ports must be free (another lab, perhaps with another
# state dir, or a system etcd), else we would change the host under someone else's feet.
preflight() {
  local s port busy
  for s in "${SERVICES[@]}"; do is_running "$s" && return 0; done
  for port in 2379 2380 2381 5000 6443 10248 10249 10250 10256 10257 10259; do
    busy=$(ss -Hltnp "sport = :$port" 2>/dev/null)
    [[ -z $busy ]] || die "port $port is in use (another lab? a system etcd?): $busy"
  done
}

apply_addons() {
  kubectl_admin apply -f "$LAB_DIR/addons/storageclass.yaml" -f "$LAB_DIR/addons/coredns.yaml" >&2
  sed -e "s|@METRICS_SERVER_IMAGE@|$METRICS_SERVER_IMAGE|g" -e "s|@BRIDGE_IP@|$BRIDGE_IP|g" \
    -e "s|@METRICS_SERVER_PORT@|$METRICS_SERVER_PORT|g" "$LAB_DIR/addons/metrics-server.yaml" |
    kubectl_admin apply -f - >&2
}

# Before the registry, images were imported into containerd from tars (their refs are in
# imported/, the tars in the release's cache): drop them once, so the registry's images are
# pulled in their place.
forget_imported_images() {
  local dir=$LAB_STATE/imported ref
  rm -rf "$LAB_CACHE/images" "$LAB_CACHE/rootfs-cache"
  [[ -d $dir ]] || return 0
  for ref in "$dir"/*.ref; do
    [[ -s $ref ]] && ctr_lab images rm "$(<"$ref")" >/dev/null 2>&1
  done
  rm -rf "$dir"
}

# Ready means: the node is Ready, cluster DNS answers, and the default ServiceAccount exists
# (pods cannot be created in a namespace before it does).
wait_ready() {
  wait_for kubelet 120 kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
  wait_for kubelet 120 kubectl_admin -n kube-system rollout status deployment/coredns --timeout=2s
  wait_for kube-controller-manager 60 kubectl_admin -n default get serviceaccount default
}

cmd_down() {
  [[ $EUID -eq 0 ]] || die "run as root"
  # Host-path volumes live in /tmp/hostpath_pv: note the lab's while the API still answers.
  if is_running kube-apiserver; then
    kubectl_admin get pv -o 'jsonpath={range .items[*]}{.spec.hostPath.path}{"\n"}{end}' \
      >>"$LAB_STATE/volumes" 2>/dev/null || true
  fi
  stop_daemon kube-controller-manager
  stop_daemon kube-scheduler
  stop_node2
  stop_daemon kubelet
  remove_pods
  stop_daemon kube-proxy
  stop_daemon containerd
  stop_daemon registry
  stop_daemon apiserver-proxy
  stop_daemon kube-apiserver
  stop_daemon etcd
  unmount_state
  if owns_host; then
    remove_cgroups
    teardown_node2_network
    teardown_network
    restore_sysctls
    remove_volumes
    rm -f "$OWNER_FILE"
  else
    warn "the host's lab changes belong to the lab in $(<"$OWNER_FILE"): left alone"
  fi
  # Runtime state goes; certificates, the kubeconfig, logs and containerd's image store stay
  # (a warm `up` imports nothing).
  # --one-file-system: never follow a mount that could not be removed into the host's files.
  rm -rf --one-file-system "$LAB_STATE/etcd" "$LAB_STATE/kubelet" "$LAB_STATE/containerd/state" \
    "$LAB_STATE/containerd/opt" "$LAB_STATE/cni/ipam" "$LAB_STATE/pids" \
    "$LAB_STATE"/containerd/containerd.sock* "$NODE2_STATE" "$LAB_STATE/release" "$LAB_STATE/nodes"
  log "the lab is down"
}

# Pod sandboxes, stopped and removed through the CRI (the CNI plugin releases addresses and
# network namespaces) while containerd still runs.
remove_pods() {
  is_running containerd || return 0
  "$TOOLS_BIN/crictl" --runtime-endpoint "unix://$CONTAINERD_SOCK" --timeout 30s \
    rmp --all --force >/dev/null 2>&1 || warn "crictl rmp failed"
  local left
  left=$(ctr_lab tasks ls -q 2>/dev/null | wc -l)
  ((left == 0)) || warn "$left containers still running after crictl rmp"
}

cmd_status() {
  local s pid any=0 all=("${SERVICES[@]}")
  ((NODES == 1)) || all+=("${NODE2_SERVICES[@]}")
  for s in "${all[@]}"; do
    if pid=$(pid_of "$s"); then
      printf '%-24s running (pid %s)\n' "$s" "$pid"
      any=1
    else
      printf '%-24s stopped\n' "$s"
    fi
  done
  ((any)) || return 0
  if api_get /readyz >/dev/null 2>&1; then
    echo
    kubectl_admin get nodes -o wide 2>&1 || true
    echo
    kubectl_admin get pods -A -o wide 2>&1 || true
    echo
    echo "kubeconfig: $LAB_STATE/kubeconfig"
  fi
}

cmd_kubeconfig() {
  if is_running kube-apiserver && api_get /readyz >/dev/null 2>&1; then
    echo "$LAB_STATE/kubeconfig"
  else
    echo "the lab is not up (run: bash $LAB_DIR/lab.sh up)" >&2
    return 1
  fi
}

case $COMMAND in
  up | build | down | status | kubeconfig) "cmd_$COMMAND" ;;
  *) usage ;;
esac
