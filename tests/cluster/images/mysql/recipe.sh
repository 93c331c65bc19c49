# shellcheck shell=bash
# mysql and mariadb: a MariaDB 10.11 stand-in (Debian's mariadb-server and client) whose
# entrypoint honours the official images' MYSQL_* (and MARIADB_*) variables; port 3306.
build_image() {
    on_base "$name"
    local r=$ROOT
    apt_install "$r" mariadb-server mariadb-client
    install -m 0644 "$RECIPE_DIR/podlab.cnf" "$r/etc/mysql/mariadb.conf.d/99-podlab.cnf"
    install -m 0755 "$RECIPE_DIR/entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    mkdir -p "$r/docker-entrypoint-initdb.d"
    # Debian's postinst pre-fills the data dir: empty it, so the first start of a container
    # (usually on an empty volume) initialises it from the MYSQL_* variables.
    find "$r/var/lib/mysql" -mindepth 1 -delete
    in_chroot "$r" sh -c 'mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld /var/lib/mysql'
    rm -rf "$r"/var/log/mysql/*
    local tags=() t
    for t in latest 8 8.0 8.4 9 5.7 lts; do tags+=(--tag "mysql:$t"); done
    for t in latest 10 10.11 11 lts; do tags+=(--tag "mariadb:$t"); done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --entrypoint docker-entrypoint.sh --cmd mysqld --expose 3306/tcp \
        --volume /var/lib/mysql --env LANG=C.UTF-8
}
