#!/bin/sh
# sphinx_podlab: entrypoint of the redis image, as the official one: `--option` arguments go
# to redis-server; redis-server runs as user redis (exec: it is PID 1 and gets SIGTERM). The
# official build turns protected mode off by default; without a config file so does this.
set -e

case "$1" in
    -*) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ]; then
    shift
    case "${1:-}" in
        "" | -*) set -- redis-server --protected-mode no "$@" ;;
        *) set -- redis-server "$@" ;; # a config file comes first
    esac
    if [ "$(id -u)" = 0 ]; then
        find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
        umask 0077
        exec setpriv --reuid=redis --regid=redis --init-groups "$@"
    fi
fi
exec "$@"
