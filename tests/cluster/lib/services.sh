# shellcheck shell=bash
# Starting, watching and stopping the lab's processes. Sourced by lab.sh.
#
# Each process runs in its own session (setsid), so its PID is also its process group: `down`
# stops the group recorded in pids/NAME.pid and nothing else. Logs: logs/NAME.log.

# What runs, in start order (lab.sh status lists them).
# shellcheck disable=SC2034 # used by lab.sh
SERVICES=(etcd kube-apiserver apiserver-proxy kube-controller-manager kube-scheduler registry
  containerd kubelet kube-proxy)

pid_of() { # NAME: the PID if that process is alive and is still the one we started
  local file=$LAB_STATE/pids/$1.pid pid
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ -d /proc/$pid ]] || return 1
  # Guard against PID reuse: the process must run the binary we recorded.
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$(<"$LAB_STATE/pids/$1.exe")" ]] || return 1
  echo "$pid"
}

is_running() { pid_of "$1" >/dev/null; }

# start_daemon NAME BINARY ARGS...: start unless already running. With NETNS set, in that
# network namespace (nsenter --net only: the host's mount namespace is kept).
start_daemon() {
  local name=$1 bin=$2
  shift 2
  if is_running "$name"; then
    log "$name already running"
    return 0
  fi
  mkdir -p "$LAB_STATE/pids" "$LAB_STATE/logs"
  local enter=()
  [[ -n ${NETNS:-} ]] && enter=(nsenter "--net=/run/netns/$NETNS" --)
  setsid "${enter[@]}" "$bin" "$@" >"$LAB_STATE/logs/$name.log" 2>&1 </dev/null &
  local pid=$! exe i
  exe=$(readlink -f "$bin")
  echo "$pid" >"$LAB_STATE/pids/$name.pid"
  echo "$exe" >"$LAB_STATE/pids/$name.exe"
  # setsid (and nsenter) exec the binary: until then the PID runs another program, which
  # pid_of would take for a dead daemon.
  for ((i = 0; i < 100; i++)); do
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$exe" ]] && break
    [[ -d /proc/$pid ]] || break
    sleep 0.05
  done
  log "started $name (pid $pid)"
}

alive() { # PID: exists and is not a zombie waiting for its parent
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) && [[ $state != Z ]]
}

stop_daemon() {
  local name=$1 pid i
  if pid=$(pid_of "$name"); then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do # up to 10 s, then SIGKILL
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      warn "$name did not stop on SIGTERM; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.2
    fi
    log "stopped $name"
  fi
  rm -f "$LAB_STATE/pids/$name.pid" "$LAB_STATE/pids/$name.exe"
}

# fail NAME MESSAGE: stop with the tail of that component's log.
fail() {
  local log_file=$LAB_STATE/logs/$1.log
  warn "$2"
  if [[ -s $log_file ]]; then
    echo "---- last lines of $log_file ----" >&2
    tail -n 40 "$log_file" >&2
    echo "----" >&2
  fi
  if compgen -G "$LAB_STATE/pids/*.pid" >/dev/null; then
    warn "the lab is partly up: 'lab.sh status' shows what runs, 'lab.sh down' cleans up"
  fi
  exit 1
}

# wait_for NAME SECONDS CMD...: poll CMD every 0.5 s until it succeeds; fail if NAME dies or
# the time runs out.
wait_for() {
  local name=$1 timeout=$2 deadline=$((SECONDS + $2))
  shift 2
  until "$@" &>/dev/null; do
    is_running "$name" || fail "$name" "$name exited"
    ((SECONDS < deadline)) || fail "$name" "$name: not ready after $timeout s"
    sleep 0.5
  done
}

kubectl_admin() { "$LAB_CACHE/bin/kubectl" --kubeconfig "$LAB_STATE/kubeconfig" "$@"; }

api_get() { # PATH: GET from the API server as admin; fails unless HTTP 2xx
  curl -fsS --max-time 5 --cacert "$LAB_STATE/pki/ca.crt" --cert "$LAB_STATE/pki/admin.crt" \
    --key "$LAB_STATE/pki/admin.key" "https://127.0.0.1:6443$1"
}

start_etcd() {
  mkdir -p "$LAB_STATE/etcd"
  chmod 700 "$LAB_STATE/etcd"
  start_daemon etcd /usr/bin/etcd --name podlab --data-dir "$LAB_STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster podlab=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
  wait_for etcd 30 curl -fsS --max-time 2 http://127.0.0.1:2379/health
}

start_apiserver() {
  local pki=$LAB_STATE/pki
  start_daemon kube-apiserver "$LAB_CACHE/bin/kube-apiserver" \
    --bind-address=127.0.0.1 --secure-port=6443 --advertise-address="$BRIDGE_IP" \
    --etcd-servers=http://127.0.0.1:2379 \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$pki/ca.crt" \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --authorization-mode=Node,RBAC --allow-privileged=true \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" \
    --proxy-client-key-file="$pki/front-proxy-client.key" \
    --enable-aggregator-routing=true
  # The controller manager exits on "forbidden" at start-up unless RBAC is fully ready.
  wait_for kube-apiserver 120 api_get /readyz
  # Pods reach the API server at the advertised address (the kubernetes Service's endpoint):
  # a plain TCP relay from the bridge address to the loopback listener.
  start_daemon apiserver-proxy /usr/bin/socat \
    "TCP-LISTEN:6443,bind=$BRIDGE_IP,reuseaddr,fork" TCP:127.0.0.1:6443
}

start_controllers() {
  local pki=$LAB_STATE/pki kc=$LAB_STATE/controller-manager.kubeconfig
  start_daemon kube-controller-manager "$LAB_CACHE/bin/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --allocate-node-cidrs=true --cluster-cidr="$CLUSTER_CIDR" --node-cidr-mask-size=24 \
    --service-cluster-ip-range="$SERVICE_CIDR" --enable-hostpath-provisioner=true
  kc=$LAB_STATE/scheduler.kubeconfig
  start_daemon kube-scheduler "$LAB_CACHE/bin/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --leader-elect=false
  wait_for kube-controller-manager 60 curl -fsSk --max-time 2 https://127.0.0.1:10257/healthz
  wait_for kube-scheduler 60 curl -fsSk --max-time 2 https://127.0.0.1:10259/healthz
}

ctr_lab() { ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }

start_containerd() {
  mkdir -p "$LAB_STATE/containerd" "$LAB_STATE/cni/net.d"
  write_containerd_config
  write_cni_config
  write_registry_hosts
  # Registries are reached through hosts.toml only (lib/registry.sh). Belt and braces: any
  # connection that is not to loopback goes to a proxy that is not there (refused at once,
  # and the registry's name is never looked up).
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost \
    start_daemon containerd /usr/bin/containerd --config "$LAB_STATE/containerd/config.toml"
  wait_for containerd 30 ctr --address "$CONTAINERD_SOCK" version
}

start_kubelet() {
  write_kubelet_config
  mkdir -p "$LAB_STATE/kubelet"
  start_daemon kubelet "$LAB_CACHE/bin/kubelet" --config="$LAB_STATE/kubelet.yaml" \
    --kubeconfig="$LAB_STATE/kubelet.kubeconfig" --hostname-override="$NODE_NAME" \
    --root-dir="$LAB_STATE/kubelet"
  wait_for kubelet 60 kubectl_admin get node "$NODE_NAME"
  local cidr i
  cidr=$(kubectl_admin get node "$NODE_NAME" -o 'jsonpath={.spec.podCIDR}')
  for ((i = 0; i < 60 && ${#cidr} == 0; i++)); do
    sleep 0.5
    cidr=$(kubectl_admin get node "$NODE_NAME" -o 'jsonpath={.spec.podCIDR}')
  done
  # The bridge and the CNI config were made for the first /24 before the node existed.
  [[ $cidr == "$NODE_POD_CIDR" ]] ||
    fail kube-controller-manager "node pod CIDR is '$cidr', expected $NODE_POD_CIDR"
}

start_kube_proxy() {
  write_kube_proxy_config
  start_daemon kube-proxy "$LAB_CACHE/bin/kube-proxy" --config="$LAB_STATE/kube-proxy.yaml"
  wait_for kube-proxy 60 curl -fsS --max-time 2 http://127.0.0.1:10256/healthz
}
