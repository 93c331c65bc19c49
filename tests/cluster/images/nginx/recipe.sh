# shellcheck shell=bash
# nginx: Debian's nginx laid out as the official image (/etc/nginx/conf.d/default.conf,
# /usr/share/nginx/html with "Welcome to nginx!", logs to stdout/stderr, user nginx 101),
# entrypoint /docker-entrypoint.sh (runs /docker-entrypoint.d/*.sh), nginx -g 'daemon off;'.
build_image() {
    on_base "$name"
    local r=$ROOT
    apt_install "$r" nginx
    in_chroot "$r" sh -c 'groupadd --system --gid 101 nginx &&
        useradd --system --gid nginx --uid 101 --no-create-home --home-dir /nonexistent \
            --shell /bin/false nginx'
    rm -rf "$r"/etc/nginx/sites-enabled "$r"/etc/nginx/sites-available "$r"/var/www/html
    install -m 0644 "$RECIPE_DIR/nginx.conf" "$r/etc/nginx/nginx.conf"
    install -D -m 0644 "$RECIPE_DIR/default.conf" "$r/etc/nginx/conf.d/default.conf"
    install -D -m 0644 "$RECIPE_DIR/index.html" "$r/usr/share/nginx/html/index.html"
    install -m 0644 "$RECIPE_DIR/50x.html" "$r/usr/share/nginx/html/50x.html"
    install -m 0755 "$RECIPE_DIR/docker-entrypoint.sh" "$r/docker-entrypoint.sh"
    mkdir -p "$r/docker-entrypoint.d" "$r/var/cache/nginx"
    rm -rf "$r"/var/log/nginx/*
    ln -sf /dev/stdout "$r/var/log/nginx/access.log"
    ln -sf /dev/stderr "$r/var/log/nginx/error.log"
    logged in_chroot "$r" nginx -t
    local tags=() t
    for t in latest 1 1.7.9 1.14 1.14.2 1.16 1.16.1 1.19 1.20 1.21 1.22 1.23 1.24 1.25 1.25.3 \
        1.26 1.27 stable mainline alpine; do
        tags+=(--tag "nginx:$t")
    done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --entrypoint /docker-entrypoint.sh --cmd nginx --cmd=-g '--cmd=daemon off;' \
        --expose 80/tcp --stop-signal SIGQUIT --env NGINX_VERSION=1.22.1
}
