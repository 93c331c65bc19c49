#!/bin/bash
# sphinx_podlab: entrypoint of the phpMyAdmin stand-in for the phpmyadmin:5.2 image.
# Starts php-fpm and nginx in the foreground (phpMyAdmin at http://POD:80/), stops both and
# exits 0 on SIGTERM/SIGINT; exits non-zero when either dies on its own. A command given
# to the container runs instead.
set -euo pipefail

if [[ $# -gt 0 ]]; then
    exec "$@"
fi

# A secret per container for phpMyAdmin's cookie encryption (read by conf.d/podlab.inc.php).
mkdir -p /run/phpmyadmin /run/php /var/lib/phpmyadmin/tmp /var/lib/php/sessions
if [[ ! -s /run/phpmyadmin/blowfish_secret ]]; then
    od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >/run/phpmyadmin/blowfish_secret
fi
chown root:www-data /run/phpmyadmin/blowfish_secret
chmod 0640 /run/phpmyadmin/blowfish_secret
chown www-data:www-data /var/lib/phpmyadmin/tmp

php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf &
fpm=$!
nginx -g 'daemon off; error_log stderr notice;' &
web=$!

stop() {
    trap - TERM INT
    kill -TERM "$fpm" "$web" 2>/dev/null || true
    wait "$fpm" "$web" 2>/dev/null || true
    exit 0
}
trap stop TERM INT

set +e
wait -n "$fpm" "$web"
status=$?
echo "docker-entrypoint.sh: php-fpm or nginx exited ($status); stopping" >&2
kill -TERM "$fpm" "$web" 2>/dev/null
wait
exit $((status == 0 ? 1 : status))
