# shellcheck shell=bash
# busybox and the alpine stand-in: Debian's busybox-static, one symlink per applet (sh,
# nslookup, wget, nc, ...), and the few /etc files the official busybox image has. Debian's
# busybox resolves names with glibc's NSS, so the image also carries glibc's NSS modules.
build_image() {
    on_base "$name"
    local r=$ROOT out=$CACHE/work-$name/out
    apt_install "$r" busybox-static
    mkdir -p "$out"/{bin,etc,root,tmp,home,var/spool/mail,var/www,usr/sbin}
    chmod 1777 "$out/tmp"
    chmod 700 "$out/root"
    install -m 0755 "$r/bin/busybox" "$out/bin/busybox"
    local applet
    for applet in $("$out/bin/busybox" --list); do
        [[ $applet == busybox || -e $out/bin/$applet ]] || ln -s busybox "$out/bin/$applet"
    done
    # Debian's busybox wget crashes with -T/--timeout: a wrapper keeps the timeout (see wget).
    rm "$out/bin/wget"
    install -m 0755 "$RECIPE_DIR/wget" "$out/bin/wget"
    install -m 0644 "$RECIPE_DIR"/passwd "$RECIPE_DIR"/group "$RECIPE_DIR"/nsswitch.conf "$out/etc/"
    install -m 0600 "$RECIPE_DIR/shadow" "$out/etc/shadow"
    echo localhost >"$out/etc/hostname"
    # glibc's loader and libc: busybox-static's getaddrinfo loads NSS modules at run time.
    local lib
    for lib in lib64/ld-linux-x86-64.so.2 lib/x86_64-linux-gnu/libc.so.6 \
        lib/x86_64-linux-gnu/libnss_files.so.2 lib/x86_64-linux-gnu/libnss_dns.so.2 \
        lib/x86_64-linux-gnu/libresolv.so.2; do
        mkdir -p "$out/$(dirname "$lib")"
        cp -L "$r/$lib" "$out/$lib"
    done
    local digest tags=() t
    digest=$(layer "$out")
    for t in latest 1 1.28 1.31 1.34 1.35 1.36 1.36.1 1.37 stable glibc musl uclibc; do
        tags+=(--tag "busybox:$t")
    done
    image --layer "$digest" --cmd sh "${tags[@]}"
    tags=()
    for t in latest 3 3.18 3.19 3.20 3.21 3.22; do tags+=(--tag "alpine:$t"); done
    image --layer "$digest" --cmd /bin/sh "${tags[@]}"
    # Shared with agnhost's image (lib/images.sh), which adds its layer on top.
    echo "$digest" >"$CACHE/busybox.layer"
}
