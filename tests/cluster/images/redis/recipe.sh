# shellcheck shell=bash
# redis: Debian's redis-server and redis-cli; as the official image: command redis-server
# with protected mode off when no config file is given, runs as user redis in /data, 6379.
build_image() {
    on_base "$name"
    local r=$ROOT
    apt_install "$r" redis-server
    rm -rf "$r"/var/log/redis/* "$r"/var/lib/redis/*
    mkdir -p "$r/data"
    in_chroot "$r" chown redis:redis /data
    install -m 0755 "$RECIPE_DIR/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    local tags=() t
    for t in latest 7 7.0 7.2 7.4 6 6.2 alpine; do tags+=(--tag "redis:$t"); done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --entrypoint docker-entrypoint.sh --cmd redis-server --workdir /data \
        --volume /data --expose 6379/tcp
}
