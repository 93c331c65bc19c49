# shellcheck shell=bash
# postgres: Debian's PostgreSQL 15 with an entrypoint that honours the official image's
# variables (POSTGRES_PASSWORD, POSTGRES_USER, POSTGRES_DB, POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD, PGDATA) and /docker-entrypoint-initdb.d; port 5432.
build_image() {
    on_base "$name"
    local r=$ROOT
    apt_install "$r" postgresql-15 postgresql-client-15
    # Debian's package made a cluster (15/main): containers initialise their own in PGDATA.
    rm -rf "$r"/var/lib/postgresql/15 "$r"/etc/postgresql/15 "$r"/var/log/postgresql/*
    # As the official image: the server listens on every address.
    sed -i "s/^#listen_addresses = 'localhost'/listen_addresses = '*'/" \
        "$r/usr/share/postgresql/15/postgresql.conf.sample"
    grep -q "^listen_addresses = '\*'" "$r/usr/share/postgresql/15/postgresql.conf.sample"
    mkdir -p "$r/var/lib/postgresql/data" "$r/docker-entrypoint-initdb.d" "$r/var/run/postgresql"
    in_chroot "$r" chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql
    chmod 700 "$r/var/lib/postgresql/data"
    chmod 3777 "$r/var/run/postgresql"
    install -m 0755 "$RECIPE_DIR/docker-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    local tags=() t
    for t in latest 15 16 17 14 13 alpine; do tags+=(--tag "postgres:$t"); done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --entrypoint docker-entrypoint.sh --cmd postgres --expose 5432/tcp \
        --stop-signal SIGINT --volume /var/lib/postgresql/data \
        --env PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --env PGDATA=/var/lib/postgresql/data --env LANG=C.UTF-8 --env PG_MAJOR=15
}
