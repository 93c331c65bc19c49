# shellcheck shell=bash
# Configuration files of containerd, CNI, kubelet and kube-proxy, written into $LAB_STATE.
# Sourced by lab.sh.

write_containerd_config() {
  local dir=$LAB_STATE/containerd
  # Own root, state and socket, so it never meets a system containerd.
  cat >"$dir/config.toml" <<EOF2
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$CONTAINERD_SOCK"

# Every pull is logged with the host it resolves (the e2e tests check: only the local registry).
[debug]
  level = "debug"

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # This VM withholds CAP_SYS_RESOURCE: without this runc cannot start any sandbox
  # ("can't get final child's PID from pipe: EOF").
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/certs.d"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$LAB_STATE/cni/net.d"
EOF2
}

# The node's pod network: the lab bridge, addresses from the node's /24 (host-local keeps its
# leases in the state dir). No masquerading: pods talk to each other and to the host only.
write_cni_config() {
  cat >"$LAB_STATE/cni/net.d/10-podlab.conflist" <<EOF2
{
  "cniVersion": "0.4.0",
  "name": "podlab",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$LAB_STATE/cni/ipam",
        "ranges": [[{"subnet": "$NODE_POD_CIDR", "gateway": "$BRIDGE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF2
}

write_kubelet_config() {
  local pki=$LAB_STATE/pki
  # Pods with dnsPolicy Default get this file; ClusterFirst pods take its search list. Only
  # the cluster's DNS, so no lookup leaves the machine.
  echo "nameserver $DNS_IP" >"$LAB_STATE/resolv.conf"
  cat >"$LAB_STATE/kubelet.yaml" <<EOF2
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
# cgroup v1 hybrid host without systemd as PID 1.
cgroupDriver: cgroupfs
# This host has cgroup v1, which kubelets from 1.35 on refuse unless told to run anyway.
failCgroupV1: false
failSwapOn: false
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_IP]
resolvConf: $LAB_STATE/resolv.conf
# A test machine: do not evict pods for a fairly full disk.
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%}
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
EOF2
}

write_kube_proxy_config() {
  cat >"$LAB_STATE/kube-proxy.yaml" <<EOF2
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $LAB_STATE/kube-proxy.kubeconfig}
hostnameOverride: "$NODE_NAME"
mode: iptables
clusterCIDR: $CLUSTER_CIDR
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# NodePorts only on the bridge address; no route_localnet sysctl for localhost NodePorts.
nodePortAddresses: ["$BRIDGE_IP/32"]
iptables: {localhostNodePorts: false}
# Leave the host's conntrack sysctls alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF2
}
