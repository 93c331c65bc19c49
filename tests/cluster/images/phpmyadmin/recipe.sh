# shellcheck shell=bash
# phpmyadmin: Debian's phpMyAdmin 5.2 served by nginx and php8.2-fpm on port 80; PMA_* as in
# the official image (see README.md). Both names of the official image.
build_image() {
    on_base "$name"
    local r=$ROOT
    # No web server reconfiguration and no dbconfig-common database.
    printf '%s\n' 'phpmyadmin phpmyadmin/dbconfig-install boolean false' \
        'phpmyadmin phpmyadmin/reconfigure-webserver multiselect' |
        in_chroot "$r" debconf-set-selections
    # mariadb-client-core: the `mariadb`/`mysql` client without the perl tools.
    apt_install "$r" phpmyadmin dbconfig-no-thanks php8.2-fpm nginx \
        mariadb-client-core bind9-dnsutils bind9-host curl ca-certificates
    # nginx: phpMyAdmin at /, logs to the container's stdout/stderr.
    rm -f "$r"/etc/nginx/sites-enabled/*
    install -m 0644 "$RECIPE_DIR/nginx-site.conf" "$r/etc/nginx/sites-available/phpmyadmin"
    ln -s ../sites-available/phpmyadmin "$r/etc/nginx/sites-enabled/phpmyadmin"
    install -m 0644 "$RECIPE_DIR/fpm-pool.conf" "$r/etc/php/8.2/fpm/pool.d/zz-podlab.conf"
    install -m 0644 "$RECIPE_DIR/podlab.inc.php" "$r/etc/phpmyadmin/conf.d/podlab.inc.php"
    install -m 0755 "$RECIPE_DIR/entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
    # The blowfish secret is made per container at start (entrypoint); drop the build's one.
    rm -f "$r/var/lib/phpmyadmin/blowfish_secret.inc.php"
    rm -rf "$r"/var/log/nginx/* "$r"/var/log/php8.2-fpm.log "$r"/var/lib/php/sessions/*
    local tags=() t
    for t in latest 5.2 5; do
        tags+=(--tag "phpmyadmin:$t" --tag "phpmyadmin/phpmyadmin:$t")
    done
    image --layer "$(base_layer)" --layer "$(upper_layer "$name")" "${tags[@]}" \
        --entrypoint /usr/local/bin/docker-entrypoint.sh --expose 80/tcp \
        --env LANG=C.UTF-8 --workdir /usr/share/phpmyadmin
}
