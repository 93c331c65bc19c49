#!/bin/bash
# Build the lab's container images from Debian packages (and small C programs) into one OCI
# image layout, CACHE_DIR/oci, that push.py copies to the lab's registry.
#
# Usage: build.sh CACHE_DIR [NAME ...]     (NAME: a directory here with a recipe.sh; default all)
#
# Each image's recipe is NAME/recipe.sh: it defines build_image, which makes the layers and
# calls `image` (mkimage.py image) with the image's tags and config. Debian-based images are
# one shared layer (debootstrap --variant=minbase bookworm, the `debian` image) plus their
# own layer: the recipe installs packages in a chroot on an overlayfs over the base, and the
# overlay's upper directory becomes the image's second layer.
#
# Idempotent: an image is rebuilt only when the sha256 of its recipe (this script, mkimage.py,
# its directory, the base's key) differs from CACHE_DIR/stamps/NAME, or its manifest left the
# layout. The base, the downloaded .debs, apt's lists and build logs stay in
# CACHE_DIR/rootfs-cache. Needs root (debootstrap, chroot, mounts). Progress goes to stderr.
# Environment: DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR (default deb.debian.org).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
mapfile -t ALL_IMAGES < <(cd "$HERE" && for d in */recipe.sh; do echo "${d%/recipe.sh}"; done)

T0=$(date +%s.%N)
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
log() { printf '[images %6ss] %s\n' "$(since "$T0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -ge 1 ]] || { echo "usage: $0 CACHE_DIR [${ALL_IMAGES[*]}]" >&2; exit 2; }
[[ $EUID -eq 0 ]] || die "must run as root (debootstrap, chroot)"
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
shift
IMAGES=("$@")
[[ ${#IMAGES[@]} -gt 0 ]] || IMAGES=("${ALL_IMAGES[@]}")
for name in "${IMAGES[@]}"; do
    [[ -f $HERE/$name/recipe.sh ]] || die "unknown image $name (known: ${ALL_IMAGES[*]})"
done
LAYOUT=$OUT/oci
CACHE=$OUT/rootfs-cache
STAMPS=$OUT/stamps
mkdir -p "$LAYOUT" "$STAMPS" "$CACHE/apt-archives/partial" "$CACHE/apt-lists/partial" "$CACHE/logs"
BASE=$CACHE/base-$SUITE-minbase

# One build at a time per cache (the lab script may call us while a build runs).
exec 9>"$CACHE/.lock"
flock -w 3600 9 || die "timed out waiting for $CACHE/.lock"

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v gcc >/dev/null || need+=(gcc)
[[ -e /usr/lib/x86_64-linux-gnu/libc.a ]] || need+=(libc6-dev)
if ((${#need[@]})); then
    log "apt-get install on the host: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y \
        --no-install-recommends "${need[@]}" >&2
fi

# --- helpers for the recipes --------------------------------------------------------------
mkimage() { python3 "$HERE/mkimage.py" "$@"; }
# image --tag REF ... --layer DIGEST ... [config options]: see mkimage.py image.
image() { mkimage image "$LAYOUT" "$@" >>"$STAMPS/$name.new"; }
layer() { mkimage layer "$@" "$LAYOUT"; } # layer DIR [--overlay-upper]: prints the digest

LOGFILE=/dev/null
logged() { # CMD...: output appended to $LOGFILE; its tail shown on failure
    if ! "$@" >>"$LOGFILE" 2>&1; then
        tail -25 "$LOGFILE" >&2
        die "failed: $* (full log: $LOGFILE)"
    fi
}

MOUNTS=() # innermost last
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null || true
    done
    MOUNTS=()
}
trap unmount_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mounted_below() { awk -v d="$1/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r; }
safe_rm() { # DIR: unmount what a killed build left mounted below DIR, then delete it
    local d=$1 m
    [[ -e $d || -L $d ]] || return 0
    for m in $(mounted_below "$d"); do
        umount "$m" 2>/dev/null || umount -l "$m" || die "cannot unmount $m"
    done
    rm -rf --one-file-system "$d"
}
in_chroot() { # ROOT CMD...
    local r=$1
    shift
    chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# apt-get in a chroot; dpkg without an fsync per file (a crash only loses a build that is
# started over anyway), which makes installs several times faster on a busy disk.
apt_in() { # ROOT ARGS...
    local r=$1
    shift
    in_chroot "$r" apt-get -q -o DPkg::Options::=--force-unsafe-io "$@"
}
mount_chroot() { # ROOT: /proc, the cached .debs and apt lists (debootstrap made /dev's nodes)
    local r=$1
    mount -t proc proc "$r/proc"
    MOUNTS+=("$r/proc")
    mount --bind "$CACHE/apt-archives" "$r/var/cache/apt/archives"
    MOUNTS+=("$r/var/cache/apt/archives")
    mount --bind "$CACHE/apt-lists" "$r/var/lib/apt/lists"
    MOUNTS+=("$r/var/lib/apt/lists")
    cp /etc/resolv.conf "$r/etc/resolv.conf"
}
# apt_install ROOT PACKAGE...: from the cached lists; when the mirror has moved on (a .deb is
# gone), update the lists and try again.
apt_install() {
    local r=$1
    shift
    if ! apt_in "$r" -y install "$@" >>"$LOGFILE" 2>&1; then
        log "apt-get install failed; updating the package lists and retrying"
        logged apt_in "$r" update
        logged apt_in "$r" -y install "$@"
    fi
}
clean_rootfs() { # ROOT: drop build-only state before packing (after unmount_all)
    local r=$1
    if [[ -n $(mounted_below "$r") ]]; then die "something is still mounted below $r"; fi
    rm -rf "$r"/var/cache/apt/*.bin "$r"/var/cache/debconf/*-old "$r"/var/log/apt/* \
        "$r"/var/log/dpkg.log "$r"/var/log/alternatives.log "$r"/var/log/bootstrap.log \
        "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.bash_history
    : >"$r/etc/resolv.conf"
}

# --- the base (debootstrap, cached) -------------------------------------------------------
BASE_KEY="$SUITE minbase $MIRROR $SECURITY_MIRROR v3"
base_ready() { [[ -f $BASE.key && $(<"$BASE.key") == "$BASE_KEY" && -d $BASE ]]; }
ensure_base() {
    base_ready && return 0
    log "base: debootstrap --variant=minbase $SUITE $MIRROR (a minute or two)"
    rm -f "$BASE.key" "$BASE.layer"
    safe_rm "$BASE.tmp"
    local LOGFILE=$CACHE/logs/base.log r=$BASE.tmp
    : >"$LOGFILE"
    logged debootstrap --variant=minbase --cache-dir="$CACHE/apt-archives" "$SUITE" "$r" "$MIRROR"
    cat >"$r/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
    # Never start services while installing; never install docs, man pages or translations.
    printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
    chmod 755 "$r/usr/sbin/policy-rc.d"
    cat >"$r/etc/dpkg/dpkg.cfg.d/podlab-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-include /usr/share/doc/phpmyadmin/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-include /usr/share/locale/*/LC_MESSAGES/phpmyadmin.mo
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
    cat >"$r/etc/apt/apt.conf.d/podlab" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::Retries "3";
EOF
    rm -rf "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/*
    log "base: apt-get upgrade (updates and security)"
    find "$CACHE/apt-lists" -mindepth 1 -delete
    mkdir -p "$CACHE/apt-lists/partial"
    mount_chroot "$r"
    logged apt_in "$r" update
    logged apt_in "$r" -y upgrade
    unmount_all
    clean_rootfs "$r"
    find "$r/var/cache/apt/archives" "$r/var/lib/apt/lists" -mindepth 1 -delete
    mkdir -p "$r/var/cache/apt/archives/partial" "$r/var/lib/apt/lists/partial"
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
    echo localhost >"$r/etc/hostname"
    safe_rm "$BASE"
    mv "$r" "$BASE"
    echo "$BASE_KEY" >"$BASE.key"
    log "base: done ($(du -sh "$BASE" | cut -f1))"
}
# base_layer: the base's layer digest (packed once per base). The policy-rc.d file stays in
# the base (services never start in a container anyway) so every image layer agrees on it.
base_layer() {
    ensure_base
    if [[ ! -s $BASE.layer || ! -f $LAYOUT/blobs/sha256/$(sed 's/^sha256://' "$BASE.layer") ]]; then
        log "base: packing the layer"
        layer "$BASE" >"$BASE.layer.new"
        mv "$BASE.layer.new" "$BASE.layer"
    fi
    cat "$BASE.layer"
}

# on_base NAME: sets ROOT to an overlayfs over the base ($CACHE/work-NAME/root) with /proc,
# the .deb cache and apt's lists mounted. The upper directory becomes the image's layer.
# (Not in a $(...) subshell: MOUNTS must stay in this shell for the EXIT trap.)
on_base() {
    ensure_base
    local w=$CACHE/work-$1
    safe_rm "$w"
    mkdir -p "$w/upper" "$w/work" "$w/root"
    mount -t overlay overlay \
        -o "lowerdir=$BASE,upperdir=$w/upper,workdir=$w/work,redirect_dir=off,metacopy=off,index=off" \
        "$w/root"
    MOUNTS+=("$w/root")
    mount_chroot "$w/root"
    ROOT=$w/root
}
# upper_layer NAME: clean the root made by on_base, unmount, pack the upper dir; print digest.
upper_layer() {
    local w=$CACHE/work-$1 m
    # The chroot's mounts first; the overlay stays, so what cleaning deletes becomes whiteouts.
    for m in $(mounted_below "$w/root"); do umount "$m"; done
    clean_rootfs "$w/root"
    umount "$w/root"
    layer "$w/upper" --overlay-upper
}

# --- hashing of recipes -------------------------------------------------------------------
inputs_hash() { # NAME
    (
        cd "$HERE"
        find build.sh mkimage.py "$1" -type f ! -name '*~' -print0 | LC_ALL=C sort -z |
            xargs -0 sha256sum
        echo "base=$BASE_KEY"
    ) | sha256sum | cut -d' ' -f1
}
up_to_date() { # NAME: stamp matches and every manifest it recorded is still in the index
    local stamp=$STAMPS/$1 digest
    [[ -s $stamp && $(head -1 "$stamp") == "$(inputs_hash "$1")" ]] || return 1
    while read -r digest; do
        grep -q "\"$digest\"" "$LAYOUT/index.json" || return 1
    done < <(tail -n +2 "$stamp")
}

for name in "${IMAGES[@]}"; do
    if up_to_date "$name"; then
        log "$name: up to date"
        continue
    fi
    start=$(date +%s.%N)
    LOGFILE=$CACHE/logs/$name.log
    log "$name: building (log: $LOGFILE)"
    : >"$LOGFILE"
    # The recipe defines build_image; `image` records each manifest it writes in the stamp.
    RECIPE_DIR=$HERE/$name
    unset -f build_image
    # shellcheck disable=SC1090
    source "$RECIPE_DIR/recipe.sh"
    inputs_hash "$name" >"$STAMPS/$name.new"
    build_image
    unmount_all
    safe_rm "$CACHE/work-$name"
    mv "$STAMPS/$name.new" "$STAMPS/$name"
    log "$name: built in $(since "$start") s"
done
mkimage gc "$LAYOUT"
log "all done ($(du -sh "$LAYOUT" | cut -f1) in $LAYOUT)"
