#!/bin/bash
# sphinx_podlab: entrypoint of the postgres image (Debian's PostgreSQL 15), as the official
# one: as root it fixes the ownership of PGDATA and re-runs itself as user postgres; on an
# empty PGDATA it runs initdb for POSTGRES_USER (default postgres) with POSTGRES_PASSWORD
# (required unless POSTGRES_HOST_AUTH_METHOD=trust), creates POSTGRES_DB (default: the user's
# name), runs /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz on a socket-only server; then
# exec postgres (PID 1: SIGINT is a fast shutdown, SIGTERM a smart one).
set -euo pipefail

export PGDATA=${PGDATA:-/var/lib/postgresql/data}

if [[ ${1:-} == -* ]]; then
    set -- postgres "$@"
fi
if [[ ${1:-} != postgres ]]; then
    exec "$@"
fi

if [[ $(id -u) == 0 ]]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres /var/run/postgresql
    chmod 3777 /var/run/postgresql
    # A fresh volume from the host-path provisioner is owned by root.
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

log() { echo "$*" >&2; }

initialise() {
    local user=${POSTGRES_USER:-postgres} method=${POSTGRES_HOST_AUTH_METHOD:-}
    local db=${POSTGRES_DB:-$user}
    if [[ -z ${POSTGRES_PASSWORD:-} && $method != trust ]]; then
        cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
MSG
        exit 1
    fi
    local args=(--username="$user") pwfile=""
    if [[ -n ${POSTGRES_PASSWORD:-} ]]; then
        # A file, not <(...): bash closes a process substitution's descriptor once the
        # command that made it (here an assignment) is done.
        pwfile=$(mktemp)
        printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
        args+=(--pwfile="$pwfile")
    fi
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options, as upstream
    initdb "${args[@]}" ${POSTGRES_INITDB_ARGS:-}
    [[ -z $pwfile ]] || rm -f "$pwfile"
    if [[ -z $method ]]; then
        method=$(postgres -C password_encryption)
    fi
    printf '\nhost all all all %s\n' "$method" >>"$PGDATA/pg_hba.conf"

    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start
    local psql=(psql -v ON_ERROR_STOP=1 --username "$user" --no-password --no-psqlrc)
    if [[ $db != postgres ]]; then
        "${psql[@]}" --dbname postgres --set db="$db" <<<'CREATE DATABASE :"db" ;'
    fi
    local f
    for f in /docker-entrypoint-initdb.d/*; do
        case $f in
            *.sh)
                if [[ -x $f ]]; then log "$0: running $f"; "$f"
                else log "$0: sourcing $f"; # shellcheck disable=SC1090
                    . "$f"; fi ;;
            *.sql) log "$0: running $f"; "${psql[@]}" --dbname "$db" -f "$f" ;;
            *.sql.gz) log "$0: running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$db" ;;
            *) [[ -e $f ]] && log "$0: ignoring $f" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    log
    log "PostgreSQL init process complete; ready for start up."
    log
}

if [[ ! -s $PGDATA/PG_VERSION ]]; then
    initialise
else
    log
    log "PostgreSQL Database directory appears to contain a database; Skipping initialization"
    log
fi
exec "$@"
