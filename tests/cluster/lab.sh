#!/bin/bash
# The lab cluster: a real single-node Kubernetes built from upstream Go modules.
#
#   lab.sh up          build what is missing, start everything, print the kubeconfig path
#   lab.sh down        stop what up started and undo its changes to the host
#   lab.sh status      what runs
#   lab.sh kubeconfig  the admin kubeconfig path (exit 1 if the lab is not up)
#
# Built artifacts: ${PODLAB_LAB_CACHE:-~/.cache/podlab-lab}/<release>/ (kept by down).
# Runtime state, logs (logs/<component>.log) and the kubeconfig: ${PODLAB_LAB_STATE:-/var/lib/podlab-lab}.
# Progress goes to stderr; `up` prints only the kubeconfig path on stdout, as its last line.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KUBE_VERSION=v1.34.9
LAB_CACHE=${PODLAB_LAB_CACHE:-$HOME/.cache/podlab-lab}/$KUBE_VERSION
LAB_STATE=${PODLAB_LAB_STATE:-/var/lib/podlab-lab}

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

all_running() {
  local s
  for s in "${SERVICES[@]}"; do is_running "$s" || return 1; done
}

cmd_up() {
  [[ $EUID -eq 0 ]] || die "run as root (containerd, kubelet, iptables)"
  if all_running && api_get /readyz >/dev/null 2>&1; then
    log "the lab is already up"
    echo "$LAB_STATE/kubeconfig"
    return 0
  fi
  mkdir -p "$LAB_CACHE/bin" "$LAB_CACHE/images" "$LAB_STATE/logs"
  preflight
  install_packages
  local t=$SECONDS
  build_kube
  build_coredns
  build_crictl
  build_images
  log "binaries and images ready in $((SECONDS - t)) s"

  claim_host
  save_sysctls
  setup_network
  make_pki
  start_etcd
  start_apiserver
  start_controllers
  start_containerd
  import_images
  start_kubelet
  start_kube_proxy
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
  for port in 2379 2380 2381 6443 10248 10249 10250 10256 10257 10259; do
    busy=$(ss -Hltnp "sport = :$port" 2>/dev/null)
    [[ -z $busy ]] || die "port $port is in use (another lab? a system etcd?): $busy"
  done
}

apply_addons() {
  kubectl_admin apply -f "$LAB_DIR/addons/storageclass.yaml" -f "$LAB_DIR/addons/coredns.yaml" >&2
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
  stop_daemon kubelet
  remove_pods
  stop_daemon kube-proxy
  stop_daemon containerd
  stop_daemon apiserver-proxy
  stop_daemon kube-apiserver
  stop_daemon etcd
  unmount_state
  if owns_host; then
    remove_cgroups
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
    "$LAB_STATE"/containerd/containerd.sock*
  log "the lab is down"
}

# Pod sandboxes, stopped and removed through the CRI (the CNI plugin releases addresses and
# network namespaces) while containerd still runs.
remove_pods() {
  is_running containerd || return 0
  "$LAB_CACHE/bin/crictl" --runtime-endpoint "unix://$CONTAINERD_SOCK" --timeout 30s \
    rmp --all --force >/dev/null 2>&1 || warn "crictl rmp failed"
  local left
  left=$(ctr_lab tasks ls -q 2>/dev/null | wc -l)
  ((left == 0)) || warn "$left containers still running after crictl rmp"
}

cmd_status() {
  local s pid any=0
  for s in "${SERVICES[@]}"; do
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

case ${1:-} in
  up | down | status | kubeconfig) "cmd_$1" ;;
  *)
    echo "usage: $0 up|down|status|kubeconfig" >&2
    exit 2
    ;;
esac
