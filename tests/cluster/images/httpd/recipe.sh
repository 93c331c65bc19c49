# shellcheck shell=bash
# httpd: Debian's apache2-bin laid out as the official image: ServerRoot /usr/local/apache2,
# htdocs/index.html "It works!", conf/httpd.conf, logs to stdout/stderr, user daemon,
# command httpd-foreground; SIGWINCH stops it gracefully (the official STOPSIGNAL).
build_image() {
    on_base "$name"
    local r=$ROOT
    apt_install "$r" apache2-bin media-types
    local top=$r/usr/local/apache2
    mkdir -p "$top"/{bin,conf,htdocs,logs,cgi-bin}
    install -m 0644 "$RECIPE_DIR/httpd.conf" "$top/conf/httpd.conf"
    printf '<html><body><h1>It works!</h1></body></html>\n' >"$top/htdocs/index.html"
    install -m 0755 "$RECIPE_DIR/httpd" "$top/bin/httpd"
    install -m 0755 "$RECIPE_DIR/httpd-foreground" "$top/bin/httpd-foreground"
    ln -s /usr/lib/apache2/modules "$top/modules"
    logged in_chroot "$r" /usr/local/apache2/bin/httpd -t
    rm -f "$top"/logs/*
    local tags=() t
    for t in latest 2 2.4 alpine 2.4-alpine; do tags+=(--tag "httpd:$t"); done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --cmd httpd-foreground --workdir /usr/local/apache2 --expose 80/tcp \
        --stop-signal SIGWINCH --env HTTPD_PREFIX=/usr/local/apache2 \
        --env PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}
