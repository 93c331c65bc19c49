# shellcheck shell=bash
# What the lab changes on the host, and how `down` undoes it. Sourced by lab.sh.
#
# Host changes: Debian packages (kept), the bridge $BRIDGE, our iptables chain PODLAB-FORWARD
# hooked into FORWARD, the KUBE-* chains kube-proxy and the kubelet add (IPv4 and IPv6),
# sysctls the kubelet and the bridge plugin set, kubelet mounts under $LAB_STATE, the
# kubepods cgroups, and host-path volumes under /tmp/hostpath_pv.

HOST_PACKAGES=(containerd runc containernetworking-plugins etcd-server iptables conntrack
  debootstrap socat curl openssl ca-certificates kmod iproute2 python3)

# Sysctls something in the lab may change: saved before the first start, restored by down.
SAVED_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables
  net.bridge.bridge-nf-call-ip6tables vm.overcommit_memory kernel.panic kernel.panic_on_oops
  net.ipv4.conf.all.route_localnet net.ipv6.conf.default.addr_gen_mode)

# Bridge, chains, cgroups and sysctls are host-wide: one lab at a time owns them. The owner's
# state dir is written here (in /run: gone after a reboot, like the changes themselves).
OWNER_FILE=/run/podlab-lab.owner

claim_host() {
  owns_host || die "the host is set up by the lab in $(<"$OWNER_FILE"); 'PODLAB_LAB_STATE=$(<"$OWNER_FILE") lab.sh down' first"
  echo "$LAB_STATE" >"$OWNER_FILE"
}

owns_host() { [[ ! -s $OWNER_FILE || $(<"$OWNER_FILE") == "$LAB_STATE" ]]; }

install_packages() {
  local missing=() p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]} (log: $LAB_STATE/logs/apt.log)"
  {
    apt-get -o DPkg::Lock::Timeout=600 update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "${missing[@]}"
  } >"$LAB_STATE/logs/apt.log" 2>&1 || fail apt "apt-get install ${missing[*]} failed"
}

save_sysctls() {
  local file=$LAB_STATE/sysctls.saved s
  [[ -s $file ]] && return 0 # saved by an earlier `up`: those are the host's own values
  for s in "${SAVED_SYSCTLS[@]}"; do
    [[ -e /proc/sys/${s//.//} ]] && echo "$s=$(sysctl -n "$s")"
  done >"$file.tmp"
  mv "$file.tmp" "$file"
}

restore_sysctls() {
  local file=$LAB_STATE/sysctls.saved line
  [[ -s $file ]] || return 0
  while IFS= read -r line; do
    sysctl -q -w "$line" >/dev/null || warn "could not restore $line"
  done <"$file"
  rm -f "$file"
}

# The pod network's bridge, made before anything starts: the API server is advertised (and
# reached by pods through the kubernetes Service) on its address, and the node's pod CIDR is
# the first /24 of the cluster CIDR. The CNI bridge plugin adopts the existing bridge.
setup_network() {
  modprobe -q br_netfilter 2>/dev/null || true
  modprobe -q overlay 2>/dev/null || true
  if ! ip link show "$BRIDGE" &>/dev/null; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  sysctl -q -w net.ipv4.ip_forward=1 >/dev/null
  # No IPv6 link-local address on each new pod veth: every one of those address changes made
  # Chromium abort the requests in flight (net::ERR_NETWORK_CHANGED, tests/faults/
  # port-forward-drops.md), so browser steps lost scripts whenever pods came and went.
  sysctl -q -w net.ipv6.conf.default.addr_gen_mode=1 >/dev/null
  # Service traffic between pods on one bridge must pass through iptables (kube-proxy's DNAT).
  sysctl -q -w net.bridge.bridge-nf-call-iptables=1 >/dev/null
  # Pod-to-pod traffic crosses FORWARD; accept it even where the policy is DROP (Docker sets
  # that). Pods may talk to each other and to the host (INPUT), never off the machine: the
  # host would route their packets out unmasqueraded.
  iptables -w -N PODLAB-FORWARD 2>/dev/null || iptables -w -F PODLAB-FORWARD
  iptables -w -A PODLAB-FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT \
    -m comment --comment "podlab lab: pod to pod on the lab bridge"
  iptables -w -A PODLAB-FORWARD -i "$BRIDGE" -j REJECT \
    -m comment --comment "podlab lab: nothing from pods leaves the machine"
  iptables -w -C FORWARD -j PODLAB-FORWARD &>/dev/null || iptables -w -I FORWARD 1 -j PODLAB-FORWARD
}

# remove_iptables_chains: the KUBE-* chains (kube-proxy's and the kubelet's) and our PODLAB-* chain,
# in every table, IPv4 and IPv6: first the jumps from built-in chains, then the chains.
remove_iptables_chains() {
  local ipt table rules rule chains chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for table in filter nat mangle raw; do
      rules=$("$ipt-save" -t "$table" 2>/dev/null | awk '/^-A [A-Z]+ .*-j (KUBE|PODLAB)-/')
      while IFS= read -r rule; do
        [[ -n $rule ]] || continue
        # The saved rule, quotes included, becomes the arguments of -D.
        eval "$ipt -w -t $table -D ${rule#-A }" || warn "$ipt: could not delete: $rule"
      done <<<"$rules"
      chains=$("$ipt-save" -t "$table" 2>/dev/null | sed -n 's/^:\(\(KUBE\|PODLAB\)-[^ ]*\) .*/\1/p')
      for chain in $chains; do "$ipt" -w -t "$table" -F "$chain"; done
      for chain in $chains; do
        "$ipt" -w -t "$table" -X "$chain" || warn "$ipt: could not delete chain $chain"
      done
    done
  done
}

# Every mount below the state dir (pod volumes, the kubelet's bind mount of its root dir,
# sandbox /dev/shm), deepest first.
unmount_state() {
  local m
  awk -v root="$LAB_STATE/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r |
    while IFS= read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" || warn "could not unmount $m"
    done
}

# The kubelets' cgroup folders (kubepods, the second node's podlab-node2, and below) in every
# cgroup v1 hierarchy and in the unified one. A cgroup can be removed once its tasks are gone, children first.
remove_cgroups() {
  local d
  for d in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods /sys/fs/cgroup/*/podlab-node2 \
    /sys/fs/cgroup/podlab-node2; do
    [[ -d $d ]] || continue
    find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    [[ -d $d ]] && warn "cgroup $d still exists (tasks left?)"
  done
  return 0
}

# Host-path volumes the lab's provisioner made (recorded by record_volumes while the API was up).
remove_volumes() {
  local file=$LAB_STATE/volumes p
  [[ -s $file ]] || return 0
  while IFS= read -r p; do
    [[ $p == /tmp/hostpath_pv/* ]] && rm -rf -- "$p"
  done <"$file"
  rmdir /tmp/hostpath_pv 2>/dev/null || true
  rm -f "$file"
}

teardown_network() {
  ip link show "$BRIDGE" &>/dev/null && ip link del "$BRIDGE"
  remove_iptables_chains
  remove_dead_netns
}

# containerd pins each pod's network namespace at /run/netns/cni-*; one that is no longer a
# mount point is a dead leftover (of a killed containerd), which `ip netns` complains about.
remove_dead_netns() {
  local f
  for f in /run/netns/cni-*; do
    [[ -f $f ]] && ! mountpoint -q "$f" && rm -f "$f"
  done
  return 0
}
