#!/bin/bash
# Build the lab's container images from Debian packages, as docker-archive tars:
#   OUT_DIR/pause.tar       registry.k8s.io/pause:3.10.1
#   OUT_DIR/mysql.tar       docker.io/library/mysql:8.0       (MariaDB stand-in)
#   OUT_DIR/phpmyadmin.tar  docker.io/library/phpmyadmin:5.2  (Debian phpMyAdmin stand-in)
# Import each with `ctr -n k8s.io images import OUT_DIR/NAME.tar`.
#
# Idempotent: an image is rebuilt only when its tar is missing or the hash of its recipe
# (this script, mkimage.py and the image's directory here) differs from OUT_DIR/NAME.tar.inputs.
# A debootstrap base (bookworm, minbase) and downloaded .debs are cached in
# ${PODLAB_IMAGES_CACHE:-OUT_DIR/../rootfs-cache}.
#
# Usage: build.sh OUT_DIR [NAME ...]     (NAME: pause mysql phpmyadmin; default all)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
#              DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security).
# Needs root (debootstrap, chroot, mounts). Progress and timings go to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
ALL_IMAGES=(pause mysql phpmyadmin)

T0=$(date +%s.%N)
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
log() { printf '[images %6ss] %s\n' "$(since "$T0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -ge 1 ]] || { echo "usage: $0 OUT_DIR [pause|mysql|phpmyadmin ...]" >&2; exit 2; }
[[ $EUID -eq 0 ]] || die "must run as root (debootstrap, chroot)"
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
shift
IMAGES=("$@")
[[ ${#IMAGES[@]} -gt 0 ]] || IMAGES=("${ALL_IMAGES[@]}")
for name in "${IMAGES[@]}"; do
    [[ " ${ALL_IMAGES[*]} " == *" $name "* ]] || die "unknown image $name (known: ${ALL_IMAGES[*]})"
done
CACHE=${PODLAB_IMAGES_CACHE:-$(dirname "$OUT")/rootfs-cache}
mkdir -p "$CACHE/apt-archives/partial" "$CACHE/logs"
CACHE=$(cd "$CACHE" && pwd)
BASE=$CACHE/base-$SUITE-minbase

# One build at a time per cache (the lab script may call us while a build runs).
exec 9>"$CACHE/.lock"
flock -w 3600 9 || die "timed out waiting for $CACHE/.lock"

# --- host tools -------------------------------------------------------------------------
apt_install_host() {
    log "apt-get install on the host: $*"
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y \
        --no-install-recommends "$@" >&2 ||
        { apt-get -q -o DPkg::Lock::Timeout=600 update >&2 &&
          DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y \
              --no-install-recommends "$@" >&2; }
}
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v python3 >/dev/null || need+=(python3)
if [[ " ${IMAGES[*]} " == *" pause "* ]]; then
    command -v gcc >/dev/null || need+=(gcc)
    [[ -e /usr/lib/x86_64-linux-gnu/libc.a ]] || need+=(libc6-dev)
fi
[[ ${#need[@]} -eq 0 ]] || apt_install_host "${need[@]}"

# --- hashing of recipes -------------------------------------------------------------------
inputs_hash() {  # NAME -> sha256 of every recipe file of that image
    (
        cd "$HERE"
        find build.sh mkimage.py "$1" -type f ! -name '*~' -print0 | LC_ALL=C sort -z |
            xargs -0 sha256sum
        echo "suite=$SUITE"
    ) | sha256sum | cut -d' ' -f1
}
up_to_date() {  # NAME
    [[ -s $OUT/$1.tar && -f $OUT/$1.tar.inputs && $(cat "$OUT/$1.tar.inputs") == "$(inputs_hash "$1")" ]]
}

# --- chroot helpers -----------------------------------------------------------------------
MOUNTED=()
unmount_all() {
    local i
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" 2>/dev/null || true
    done
    MOUNTED=()
}
trap unmount_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
safe_rm() {  # DIR: unmount what a killed build left mounted below DIR, then delete it
    local d=$1 m
    [[ -e $d || -L $d ]] || return 0
    for m in $(awk -v d="$d/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" || die "cannot unmount $m"
    done
    rm -rf --one-file-system "$d"
}
mount_chroot() {  # ROOT (debootstrap made the device nodes: /dev is not bound)
    local r=$1
    mount -t proc proc "$r/proc"; MOUNTED+=("$r/proc")
    mkdir -p "$r/var/cache/apt/archives"
    mount --bind "$CACHE/apt-archives" "$r/var/cache/apt/archives"
    MOUNTED+=("$r/var/cache/apt/archives")
    cp /etc/resolv.conf "$r/etc/resolv.conf"
}
in_chroot() {  # ROOT CMD...
    local r=$1; shift
    chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
LOGFILE=/dev/null
logged() {  # CMD...: run with output appended to $LOGFILE; show its tail on failure
    if ! "$@" >>"$LOGFILE" 2>&1; then
        tail -25 "$LOGFILE" >&2
        die "failed: $* (full log: $LOGFILE)"
    fi
}
apt_in() {  # ROOT PACKAGE...
    local r=$1; shift
    logged in_chroot "$r" apt-get -q update
    logged in_chroot "$r" apt-get -q -y install --no-install-recommends "$@"
}
finish_rootfs() {  # ROOT: drop build-only state before packing
    local r=$1
    unmount_all
    if awk -v d="$r/" 'index($5, d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        die "something is still mounted below $r"
    fi
    rm -f "$r/usr/sbin/policy-rc.d"
    rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/debconf/*-old \
        "$r"/var/log/apt/* "$r"/var/log/dpkg.log "$r"/var/log/alternatives.log \
        "$r"/var/log/bootstrap.log "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.bash_history
    find "$r/var/cache/apt/archives" -mindepth 1 -delete 2>/dev/null || true
    mkdir -p "$r/var/cache/apt/archives/partial"
    : >"$r/etc/resolv.conf"
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
    echo localhost >"$r/etc/hostname"
}

# --- the base (debootstrap, cached) --------------------------------------------------------
BASE_KEY="$SUITE minbase $MIRROR $SECURITY_MIRROR v2"
ensure_base() {
    if [[ -f $BASE/.podlab-base && $(cat "$BASE/.podlab-base") == "$BASE_KEY" ]]; then
        log "base: cached $BASE"
        return
    fi
    log "base: debootstrap --variant=minbase $SUITE $MIRROR (takes a minute or two)"
    safe_rm "$BASE.tmp"
    local LOGFILE=$CACHE/logs/base.log
    : >"$LOGFILE"
    logged debootstrap --variant=minbase "$SUITE" "$BASE.tmp" "$MIRROR"
    local r=$BASE.tmp
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
    mount_chroot "$r"
    logged in_chroot "$r" apt-get -q update
    logged in_chroot "$r" apt-get -q -y upgrade
    unmount_all
    find "$r/var/cache/apt/archives" -mindepth 1 -delete
    mkdir -p "$r/var/cache/apt/archives/partial"
    : >"$r/etc/resolv.conf"
    echo "$BASE_KEY" >"$r/.podlab-base"
    safe_rm "$BASE"
    mv "$r" "$BASE"
    log "base: done ($(du -sh "$BASE" | cut -f1))"
}

new_work() {  # NAME -> prints the fresh work root (a copy of the base)
    local w=$CACHE/work-$1
    safe_rm "$w"
    cp -a "$BASE" "$w"
    rm -f "$w/.podlab-base"
    echo "$w"
}

# --- the images ---------------------------------------------------------------------------
build_pause() {
    local w=$CACHE/work-pause
    safe_rm "$w"; mkdir -p "$w/root"
    gcc -static -O2 -Wall -Wextra -Werror -o "$w/root/pause" "$HERE/pause/pause.c"
    strip "$w/root/pause"
    python3 "$HERE/mkimage.py" "$w/root" registry.k8s.io/pause:3.10.1 "$OUT/pause.tar.new" \
        --entrypoint /pause
}

build_mysql() {
    ensure_base
    local r; r=$(new_work mysql)
    mount_chroot "$r"
    log "mysql: apt-get install mariadb-server mariadb-client"
    apt_in "$r" mariadb-server mariadb-client
    install -m 0644 "$HERE/mysql/podlab.cnf" "$r/etc/mysql/mariadb.conf.d/99-podlab.cnf"
    install -m 0755 "$HERE/mysql/entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    mkdir -p "$r/docker-entrypoint-initdb.d"
    # Debian's postinst pre-fills the data dir: empty it, so the first start of a container
    # (usually on an empty volume) initialises it from the MYSQL_* variables.
    find "$r/var/lib/mysql" -mindepth 1 -delete
    in_chroot "$r" sh -c 'mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld /var/lib/mysql'
    rm -rf "$r"/var/log/mysql/*
    finish_rootfs "$r"
    python3 "$HERE/mkimage.py" "$r" docker.io/library/mysql:8.0 "$OUT/mysql.tar.new" \
        --entrypoint /usr/local/bin/docker-entrypoint.sh --cmd mysqld --expose 3306/tcp \
        --env LANG=C.UTF-8
}

build_phpmyadmin() {
    ensure_base
    local r; r=$(new_work phpmyadmin)
    mount_chroot "$r"
    log "phpmyadmin: apt-get install phpmyadmin php8.2-fpm nginx ..."
    # No web server reconfiguration and no dbconfig-common database.
    printf '%s\n' 'phpmyadmin phpmyadmin/dbconfig-install boolean false' \
        'phpmyadmin phpmyadmin/reconfigure-webserver multiselect' |
        in_chroot "$r" debconf-set-selections
    # mariadb-client-core: the `mariadb`/`mysql` client without the perl tools.
    apt_in "$r" phpmyadmin dbconfig-no-thanks php8.2-fpm nginx \
        mariadb-client-core bind9-dnsutils bind9-host curl ca-certificates
    # nginx: phpMyAdmin at /, logs to the container's stdout/stderr.
    rm -f "$r"/etc/nginx/sites-enabled/*
    install -m 0644 "$HERE/phpmyadmin/nginx-site.conf" "$r/etc/nginx/sites-available/phpmyadmin"
    ln -s ../sites-available/phpmyadmin "$r/etc/nginx/sites-enabled/phpmyadmin"
    install -m 0644 "$HERE/phpmyadmin/fpm-pool.conf" "$r/etc/php/8.2/fpm/pool.d/zz-podlab.conf"
    install -m 0644 "$HERE/phpmyadmin/podlab.inc.php" "$r/etc/phpmyadmin/conf.d/podlab.inc.php"
    install -m 0755 "$HERE/phpmyadmin/entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    # The blowfish secret is made per container at start (entrypoint); drop the build's one.
    rm -f "$r/var/lib/phpmyadmin/blowfish_secret.inc.php"
    rm -rf "$r"/var/log/nginx/* "$r"/var/log/php8.2-fpm.log "$r"/var/lib/php/sessions/*
    finish_rootfs "$r"
    python3 "$HERE/mkimage.py" "$r" docker.io/library/phpmyadmin:5.2 "$OUT/phpmyadmin.tar.new" \
        --entrypoint /usr/local/bin/docker-entrypoint.sh --expose 80/tcp \
        --env LANG=C.UTF-8 --workdir /usr/share/phpmyadmin
}

for name in "${IMAGES[@]}"; do
    if up_to_date "$name"; then
        log "$name: up to date ($OUT/$name.tar, $(du -h "$OUT/$name.tar" | cut -f1))"
        continue
    fi
    start=$(date +%s.%N)
    LOGFILE=$CACHE/logs/$name.log
    log "$name: building (log: $LOGFILE)"
    : >"$LOGFILE"
    rm -f "$OUT/$name.tar.new"
    "build_$name"
    unmount_all
    mv "$OUT/$name.tar.new" "$OUT/$name.tar"
    inputs_hash "$name" >"$OUT/$name.tar.inputs"
    safe_rm "$CACHE/work-$name"
    log "$name: built in $(since "$start")s" \
        "($OUT/$name.tar, $(du -h "$OUT/$name.tar" | cut -f1))"
done
log "all done"
