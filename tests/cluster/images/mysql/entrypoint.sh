#!/bin/bash
# sphinx_podlab: entrypoint of the MariaDB stand-in for the mysql:8.0 image.
#
# Like the official image: on the first start with an empty data dir it initialises it
# from MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD / MYSQL_RANDOM_ROOT_PASSWORD),
# MYSQL_DATABASE, MYSQL_USER and MYSQL_PASSWORD (MARIADB_* spellings accepted too) and runs
# /docker-entrypoint-initdb.d/*.{sh,sql,sql.gz}; an initialised data dir just starts. Then
# mariadbd replaces this script as PID 1 (exec), so SIGTERM shuts the server down cleanly.
set -euo pipefail

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock
MARKER=$DATADIR/.podlab-initialising

log() { printf '%s [Note] [Entrypoint]: %s\n' "$(date -u '+%F %T')" "$*" >&2; }
die() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date -u '+%F %T')" "$*" >&2; exit 1; }

# MARIADB_X wins over MYSQL_X, as in the official mariadb image.
env_var() { local m="MARIADB_$1" y="MYSQL_$1"; printf '%s' "${!m:-${!y:-}}"; }
sql_string() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

# `docker run mysql:8.0 --option` means `mysqld --option`; any other command runs as is.
if [[ $# -eq 0 || ${1:0:1} == "-" ]]; then
    set -- mysqld "$@"
fi
if [[ $1 != mysqld && $1 != mariadbd ]]; then
    exec "$@"
fi
shift
for arg; do
    case $arg in
        -'?' | --help | --print-defaults | -V | --version) exec mariadbd "$@" ;;
    esac
done

mkdir -p /run/mysqld "$DATADIR"
chown mysql:mysql /run/mysqld
# A fresh volume from the host-path provisioner is owned by root.
find "$DATADIR" -xdev \( ! -user mysql -o ! -group mysql \) -exec chown -h mysql:mysql {} +

initialise() {
    local root_password database user password
    root_password=$(env_var ROOT_PASSWORD)
    database=$(env_var DATABASE)
    user=$(env_var USER)
    password=$(env_var PASSWORD)
    if [[ -z $root_password && -z $(env_var ALLOW_EMPTY_PASSWORD) && -z $(env_var RANDOM_ROOT_PASSWORD) ]]; then
        die "Database is uninitialized and password option is not specified
    You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD"
    fi
    if [[ -z $root_password && -n $(env_var RANDOM_ROOT_PASSWORD) ]]; then
        # 24 random bytes as 48 hex digits. Not `tr </dev/urandom | head -c`: under pipefail
        # tr dies of SIGPIPE when head is done, and the script with it (exit 141).
        root_password=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
        log "GENERATED ROOT PASSWORD: $root_password"
    fi
    if [[ $user == root ]]; then
        die "MYSQL_USER=\"root\", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user"
    fi

    log "Initializing database files in $DATADIR"
    touch "$MARKER"
    chown mysql:mysql "$MARKER"
    # --force: the container's hostname need not resolve (DNS may not know it yet).
    local out
    out=$(mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db \
        --auth-root-authentication-method=socket --force --skip-log-bin 2>&1) ||
        { printf '%s\n' "$out" >&2; die "mariadb-install-db failed"; }

    log "Starting temporary server"
    mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" \
        --skip-log-bin --innodb-buffer-pool-load-at-startup=0 "$@" &
    local pid=$! i
    for ((i = 0; i < 300; i++)); do
        if mariadb-admin --socket="$SOCKET" -uroot --connect-timeout=1 ping >/dev/null 2>&1; then
            break
        fi
        kill -0 "$pid" 2>/dev/null || die "temporary server exited during start-up"
        sleep 0.1
    done
    ((i < 300)) || die "temporary server did not start in 30 s"
    log "Temporary server started"

    local sql
    sql="SET @@SESSION.SQL_LOG_BIN=0;
DROP USER IF EXISTS ''@'localhost', ''@'%', root@'127.0.0.1', root@'::1';
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@''', @@hostname, '''');
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''''@''', @@hostname, '''');
DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '%');
ALTER USER root@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD($(sql_string "$root_password")) OR unix_socket;
CREATE USER root@'%' IDENTIFIED BY $(sql_string "$root_password");
GRANT ALL ON *.* TO root@'%' WITH GRANT OPTION;
GRANT PROXY ON ''@'%' TO root@'%' WITH GRANT OPTION;"
    if [[ -n $database ]]; then
        log "Creating database $database"
        sql+=$'\n'"CREATE DATABASE IF NOT EXISTS $(sql_ident "$database");"
    fi
    if [[ -n $user && -n $password ]]; then
        log "Creating user $user"
        sql+=$'\n'"CREATE USER $(sql_string "$user")@'%' IDENTIFIED BY $(sql_string "$password");"
        if [[ -n $database ]]; then
            log "Giving user $user access to schema $database"
            sql+=$'\n'"GRANT ALL ON $(sql_ident "${database//_/\\_}").* TO $(sql_string "$user")@'%';"
        fi
    fi
    sql+=$'\n'"FLUSH PRIVILEGES;"
    mariadb --socket="$SOCKET" -uroot --database=mysql --batch <<<"$sql" ||
        die "setting up users and database failed"

    local f
    for f in /docker-entrypoint-initdb.d/*; do
        [[ -e $f ]] || continue
        case $f in
            *.sh) log "running $f"; . "$f" ;;
            *.sql) log "running $f"; mariadb --socket="$SOCKET" -uroot ${database:+"--database=$database"} <"$f" ;;
            *.sql.gz) log "running $f"; gunzip -c "$f" | mariadb --socket="$SOCKET" -uroot ${database:+"--database=$database"} ;;
            *) log "ignoring $f" ;;
        esac
    done

    log "Stopping temporary server"
    kill -TERM "$pid"
    wait "$pid" || die "temporary server did not shut down cleanly"
    find "$DATADIR" -xdev \( ! -user mysql -o ! -group mysql \) -exec chown -h mysql:mysql {} +
    rm -f "$MARKER"
    log "MariaDB init process done. Ready for start up."
}

if [[ -e $MARKER ]]; then
    log "An earlier initialisation did not finish: starting over"
    find "$DATADIR" -mindepth 1 -xdev -delete
fi
if [[ -d $DATADIR/mysql ]]; then
    log "Database already initialised: starting"
else
    initialise "$@"
fi

exec mariadbd --user=mysql --datadir="$DATADIR" "$@"
