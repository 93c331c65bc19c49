#!/bin/sh
# sphinx_podlab: entrypoint of the nginx image, as the official one: when the command is
# nginx, run the scripts in /docker-entrypoint.d/ first (quiet with NGINX_ENTRYPOINT_QUIET_LOGS);
# then exec the command, so nginx is PID 1 and gets the stop signal.
set -e

say() { [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$@"; }

if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
    if find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read -r _; then
        say "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        for f in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
            case "$f" in
                *.sh)
                    if [ -x "$f" ]; then
                        say "$0: Launching $f"
                        "$f"
                    else
                        say "$0: Ignoring $f, not executable"
                    fi
                    ;;
                *) say "$0: Ignoring $f" ;;
            esac
        done
        say "$0: Configuration complete; ready for start up"
    else
        say "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
