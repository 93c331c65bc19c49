# shellcheck shell=bash
# The optional second node (`lab.sh up --nodes 2`): a real kubelet, containerd and kube-proxy
# of its own, in a network namespace of its own, on this machine. Sourced by lab.sh.
#
#   host (node 127.0.0.1)                         netns podlab-node2 (node 10.1.254.2)
#   podlab0 10.1.0.1/24: pods 10.1.0.0/24         podlab1 10.1.1.1/24: pods 10.1.1.0/24
#   podlab-n2h 10.1.254.1/30  <--- veth --->      podlab-n2 10.1.254.2/30, default via .1
#   route 10.1.1.0/24 via 10.1.254.2
#
# The node's processes are entered into the namespace with nsenter --net (they share the
# host's mount namespace, so the kubelet's volume mounts are containerd's too). The node
# reaches the API server at 10.1.0.1:6443 (apiserver-proxy) and the registry through a relay
# on 10.1.254.1:5000. Its pods' cgroups live under /podlab-node2 (cgroupRoot), its state in
# $NODE2_STATE.

NODE2_NETNS=podlab-node2
NODE2_NAME=10.1.254.2
NODE2_IP=10.1.254.2
NODE2_HOST_IP=10.1.254.1
NODE2_VETH=podlab-n2
NODE2_HOST_VETH=podlab-n2h
NODE2_POD_CIDR=10.1.1.0/24 # the second /24: what the controller manager gives the second node
NODE2_BRIDGE=podlab1
NODE2_BRIDGE_IP=10.1.1.1
NODE2_STATE=$LAB_STATE/node2
NODE2_CGROUP=podlab-node2
NODE2_SOCK=$NODE2_STATE/containerd/containerd.sock
NODE2_REGISTRY_ADDR=$NODE2_HOST_IP:5000
NODE2_SERVICES=(node2-registry-proxy node2-containerd node2-kubelet node2-kube-proxy)

in_node2() { nsenter "--net=/run/netns/$NODE2_NETNS" -- "$@"; }

setup_node2_network() {
  if [[ ! -e /run/netns/$NODE2_NETNS ]]; then
    ip netns add "$NODE2_NETNS"
  fi
  if ! ip link show "$NODE2_HOST_VETH" &>/dev/null; then
    ip link add "$NODE2_HOST_VETH" type veth peer name "$NODE2_VETH" netns "$NODE2_NETNS"
    ip addr add "$NODE2_HOST_IP/30" dev "$NODE2_HOST_VETH"
    in_node2 ip addr add "$NODE2_IP/30" dev "$NODE2_VETH"
  fi
  ip link set "$NODE2_HOST_VETH" up
  in_node2 ip link set lo up
  in_node2 ip link set "$NODE2_VETH" up
  in_node2 ip route replace default via "$NODE2_HOST_IP"
  ip route replace "$NODE2_POD_CIDR" via "$NODE2_IP" dev "$NODE2_HOST_VETH"
  in_node2 sysctl -q -w net.ipv4.ip_forward=1 >/dev/null
  modprobe -q br_netfilter 2>/dev/null || true
  in_node2 sysctl -q -w net.bridge.bridge-nf-call-iptables=1 >/dev/null 2>&1 || true
  # Pod traffic between the nodes crosses the host's FORWARD chain: accept it; anything else
  # from the second node's pods is rejected like the first node's (setup_network).
  iptables -w -I PODLAB-FORWARD 1 -i "$BRIDGE" -o "$NODE2_HOST_VETH" -j ACCEPT \
    -m comment --comment "podlab lab: node 1 pods to node 2"
  iptables -w -I PODLAB-FORWARD 1 -i "$NODE2_HOST_VETH" -o "$BRIDGE" -j ACCEPT \
    -m comment --comment "podlab lab: node 2 pods to node 1"
  iptables -w -A PODLAB-FORWARD -i "$NODE2_HOST_VETH" -j REJECT \
    -m comment --comment "podlab lab: nothing from node 2 leaves the machine"
}

teardown_node2_network() {
  [[ -e /run/netns/$NODE2_NETNS ]] && ip netns del "$NODE2_NETNS"
  ip link show "$NODE2_HOST_VETH" &>/dev/null && ip link del "$NODE2_HOST_VETH"
  return 0
}

make_node2_pki() {
  new_cert node2-kubelet-serving "/O=system:nodes/CN=system:node:$NODE2_NAME" "IP:$NODE2_IP"
  new_cert node2-kubelet "/O=system:nodes/CN=system:node:$NODE2_NAME"
  new_cert node2-kube-proxy "/CN=system:kube-proxy"
  # The node reaches the API server through the bridge address (in the server certificate).
  NODE2_SERVER=https://$BRIDGE_IP:6443
  write_kubeconfig "$NODE2_STATE/kubelet.kubeconfig" node2-kubelet "$NODE2_SERVER"
  write_kubeconfig "$NODE2_STATE/kube-proxy.kubeconfig" node2-kube-proxy "$NODE2_SERVER"
}

write_node2_configs() {
  local dir=$NODE2_STATE pki=$LAB_STATE/pki
  mkdir -p "$dir/containerd" "$dir/cni/net.d" "$dir/kubelet" "$dir/pod-logs"
  cat >"$dir/containerd/config.toml" <<EOF2
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$NODE2_SOCK"
[debug]
  level = "debug"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$dir/runc"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/containerd/certs.d"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
EOF2
  write_registry_hosts "$dir/containerd/certs.d" "$NODE2_REGISTRY_ADDR"
  cat >"$dir/cni/net.d/10-podlab.conflist" <<EOF2
{
  "cniVersion": "0.4.0",
  "name": "podlab",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$NODE2_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$dir/cni/ipam",
        "ranges": [[{"subnet": "$NODE2_POD_CIDR", "gateway": "$NODE2_BRIDGE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF2
  cat >"$dir/kubelet.yaml" <<EOF2
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE2_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $pki/node2-kubelet-serving.crt
tlsPrivateKeyFile: $pki/node2-kubelet-serving.key
containerRuntimeEndpoint: unix://$NODE2_SOCK
cgroupDriver: cgroupfs
# This host has cgroup v1, which kubelets from 1.35 on refuse unless told to run anyway.
failCgroupV1: false
# Two kubelets on one machine: this one's pods live under /$NODE2_CGROUP/kubepods.
cgroupRoot: /$NODE2_CGROUP
# and its pods' logs in a directory of its own: a kubelet removes the log directories of
# pods it does not know (its container GC), so in the shared /var/log/pods each would
# delete the other's.
podLogsDir: $dir/pod-logs
failSwapOn: false
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_IP]
resolvConf: $LAB_STATE/resolv.conf
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
EOF2
  cat >"$dir/kube-proxy.yaml" <<EOF2
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $dir/kube-proxy.kubeconfig}
hostnameOverride: "$NODE2_NAME"
mode: iptables
clusterCIDR: $CLUSTER_CIDR
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$NODE2_IP/32"]
iptables: {localhostNodePorts: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF2
}

# The kubelet checks that its cgroupRoot exists, in every cgroup v1 hierarchy.
make_node2_cgroups() {
  local d
  for d in /sys/fs/cgroup/*/; do
    [[ -d $d && ! -L ${d%/} ]] && mkdir -p "$d$NODE2_CGROUP"
  done
  [[ -f /sys/fs/cgroup/cgroup.controllers ]] && mkdir -p "/sys/fs/cgroup/$NODE2_CGROUP"
  return 0
}

start_node2() {
  mkdir -p "$NODE2_STATE"
  setup_node2_network
  make_node2_pki
  write_node2_configs
  make_node2_cgroups
  start_daemon node2-registry-proxy /usr/bin/socat \
    "TCP-LISTEN:5000,bind=$NODE2_HOST_IP,reuseaddr,fork" "TCP:$REGISTRY_ADDR"
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost,$NODE2_HOST_IP \
    NETNS=$NODE2_NETNS start_daemon node2-containerd /usr/bin/containerd \
    --config "$NODE2_STATE/containerd/config.toml"
  wait_for node2-containerd 30 ctr --address "$NODE2_SOCK" version
  NETNS=$NODE2_NETNS start_daemon node2-kubelet "$LAB_CACHE/bin/kubelet" \
    --config="$NODE2_STATE/kubelet.yaml" --kubeconfig="$NODE2_STATE/kubelet.kubeconfig" \
    --hostname-override="$NODE2_NAME" --node-ip="$NODE2_IP" --root-dir="$NODE2_STATE/kubelet"
  wait_for node2-kubelet 60 kubectl_admin get node "$NODE2_NAME"
  local cidr i
  for ((i = 0; i < 60; i++)); do
    cidr=$(kubectl_admin get node "$NODE2_NAME" -o 'jsonpath={.spec.podCIDR}')
    [[ -n $cidr ]] && break
    sleep 0.5
  done
  [[ $cidr == "$NODE2_POD_CIDR" ]] ||
    fail kube-controller-manager "node $NODE2_NAME pod CIDR is '$cidr', expected $NODE2_POD_CIDR"
  NETNS=$NODE2_NETNS start_daemon node2-kube-proxy "$LAB_CACHE/bin/kube-proxy" \
    --config="$NODE2_STATE/kube-proxy.yaml"
  wait_for node2-kube-proxy 60 in_node2 curl -fsS --max-time 2 http://127.0.0.1:10256/healthz
  wait_for node2-kubelet 120 kubectl_admin wait --for=condition=Ready "node/$NODE2_NAME" --timeout=2s
}

stop_node2() {
  stop_daemon node2-kube-proxy
  stop_daemon node2-kubelet
  if is_running node2-containerd; then
    "$TOOLS_BIN/crictl" --runtime-endpoint "unix://$NODE2_SOCK" --timeout 30s \
      rmp --all --force >/dev/null 2>&1 || warn "crictl rmp on node 2 failed"
  fi
  stop_daemon node2-containerd
  stop_daemon node2-registry-proxy
}
