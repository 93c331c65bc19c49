#!/bin/bash
# Smoke-test the images build.sh made, without Kubernetes: a PRIVATE containerd (own root,
# state and socket under a temporary directory, never /run/containerd) imports the tars and
# runs them with `ctr run` (each container in its own network namespace: only loopback).
#
# Usage: verify.sh OUT_DIR        (OUT_DIR as given to build.sh; needs root, containerd, runc)
# Prints PASS/FAIL lines with timings; exits 1 if anything failed. Cleans up after itself.
set -uo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "verify.sh: must run as root" >&2; exit 2; }
OUT=$(cd "$1" && pwd)
for f in pause mysql phpmyadmin; do
    [[ -s $OUT/$f.tar ]] || { echo "verify.sh: $OUT/$f.tar missing (run build.sh first)" >&2; exit 2; }
done
command -v containerd >/dev/null && command -v runc >/dev/null ||
    { echo "verify.sh: needs containerd and runc (apt-get install containerd runc)" >&2; exit 2; }

W=$(mktemp -d /tmp/podlab-images-verify.XXXXXX)
SOCK=$W/containerd.sock
CTR=(ctr -a "$SOCK" -n k8s.io)
FAILED=0
declare -A RUNPID=()

now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILED=1; }
check() {  # DESCRIPTION CMD...: PASS when CMD succeeds
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

cleanup() {
    local id m
    for id in "${!RUNPID[@]}"; do
        "${CTR[@]}" tasks kill -s SIGKILL "$id" >/dev/null 2>&1
    done
    for id in "${!RUNPID[@]}"; do wait "${RUNPID[$id]}" 2>/dev/null; done
    if [[ -s $W/containerd.pid ]]; then
        kill "$(cat "$W/containerd.pid")" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$(cat "$W/containerd.pid")" 2>/dev/null || break; sleep 0.1; done
    fi
    for m in $(awk -v d="$W/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m"
    done
    rm -rf --one-file-system "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat >"$W/config.toml" <<EOF
version = 2
root = "$W/root"
state = "$W/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
containerd --config "$W/config.toml" >"$W/containerd.log" 2>&1 &
echo $! >"$W/containerd.pid"
for _ in $(seq 100); do "${CTR[@]}" version >/dev/null 2>&1 && break; sleep 0.1; done
"${CTR[@]}" version >/dev/null 2>&1 || { cat "$W/containerd.log"; echo "FAIL private containerd did not start"; exit 1; }

for name in pause mysql phpmyadmin; do
    t=$(now)
    if out=$("${CTR[@]}" images import "$OUT/$name.tar" 2>&1); then
        pass "import $name.tar in $(since "$t") s: ${out##*unpacking }"
    else
        fail "import $name.tar: $out"
    fi
done
"${CTR[@]}" images ls -q | sed 's/^/     image: /'

start() {  # ID IMAGE [ctr run options...]: run in the foreground of a background job
    local id=$1 image=$2; shift 2
    "${CTR[@]}" run --rm --log-uri "file://$W/$id.log" "$@" "$image" "$id" </dev/null \
        >/dev/null 2>>"$W/$id.ctr.err" &
    RUNPID[$id]=$!
}
in_ctr() {  # ID CMD...: exec in a running container
    local id=$1; shift
    "${CTR[@]}" tasks exec --exec-id "x$RANDOM$RANDOM" "$id" "$@"
}
stop() {  # ID: SIGTERM; report the time until the container exited and its exit code
    local id=$1 t rc
    t=$(now)
    "${CTR[@]}" tasks kill -s SIGTERM "$id"
    wait "${RUNPID[$id]}"
    rc=$?
    unset "RUNPID[$id]"
    local took; took=$(since "$t")
    if [[ $rc -eq 0 ]] && awk -v s="$took" 'BEGIN { exit !(s < 2.0) }'; then
        pass "$id: SIGTERM -> exit code $rc after $took s"
    else
        fail "$id: SIGTERM -> exit code $rc after $took s (want 0 within 2 s)"
    fi
}
wait_for() {  # SECONDS CMD...: retry every 0.1 s
    local limit=$1 t; shift
    t=$(now)
    while ! "$@" >/dev/null 2>&1; do
        awk -v s="$(since "$t")" -v l="$limit" 'BEGIN { exit !(s > l) }' && return 1
        sleep 0.1
    done
}

# --- pause ----------------------------------------------------------------------------------
start pause registry.k8s.io/pause:3.10.1
sleep 0.5
check "pause: running" bash -c '"$@" >/dev/null' _ "${CTR[@]}" tasks ps pause
stop pause

# --- mysql: first start on an empty, root-owned volume --------------------------------------
MYSQL_ENV=(--env MYSQL_ROOT_PASSWORD=rootpassword --env MYSQL_DATABASE=mydb
           --env MYSQL_USER=myuser --env MYSQL_PASSWORD=mypassword)
DATA=$W/data
mkdir -m 755 "$DATA"
q() { local id=$1; shift; in_ctr "$id" mariadb -h 127.0.0.1 --batch --skip-column-names "$@"; }
t=$(now)
start mysql-1 docker.io/library/mysql:8.0 "${MYSQL_ENV[@]}" \
    --mount "type=bind,src=$DATA,dst=/var/lib/mysql,options=rbind:rw"
if wait_for 60 q mysql-1 -uroot -prootpassword -e 'select 1'; then
    pass "mysql first start (initialise): root login over TCP after $(since "$t") s"
else
    fail "mysql first start: no root login within 60 s"; tail -30 "$W/mysql-1.log"
fi
check "mysql: myuser/mypassword logs in to mydb over TCP" \
    q mysql-1 -umyuser -pmypassword mydb -e 'create table t (i int); insert into t values (42)'
check "mysql: wrong password is refused" \
    bash -c '! "$@" 2>/dev/null' _ "${CTR[@]}" tasks exec --exec-id bad mysql-1 \
    mariadb -h 127.0.0.1 -umyuser -pwrong -e 'select 1'
accounts=$(q mysql-1 -uroot -prootpassword -e \
    "select concat(user, '@', host) from mysql.user order by 1" | tr '\n' ' ')
echo "     accounts: $accounts"
check "mysql: no account for a host name (only localhost and %)" \
    test "$(q mysql-1 -uroot -prootpassword -e \
        "select count(*) from mysql.user where host not in ('localhost', '%')")" = 0
check "mysql: listens on 0.0.0.0:3306" \
    bash -c '"$@" | grep -q "^ *[0-9]*: 00000000:0CEA 00000000:0000 0A"' _ \
    "${CTR[@]}" tasks exec --exec-id tcp mysql-1 cat /proc/net/tcp
check "mysql: data dir owned by mysql" \
    test "$(in_ctr mysql-1 stat -c %U /var/lib/mysql)" = mysql
check "mysql: mariadbd is PID 1" \
    bash -c '[[ $("$@") == mariadbd ]]' _ "${CTR[@]}" tasks exec --exec-id pid1 mysql-1 cat /proc/1/comm
stop mysql-1

# --- mysql: second start on the same volume (already initialised) --------------------------
t=$(now)
start mysql-2 docker.io/library/mysql:8.0 --env MYSQL_ROOT_PASSWORD=changed \
    --mount "type=bind,src=$DATA,dst=/var/lib/mysql,options=rbind:rw"
if wait_for 60 q mysql-2 -uroot -prootpassword -e 'select 1'; then
    pass "mysql second start (same volume, no init): root login after $(since "$t") s"
else
    fail "mysql second start: no root login within 60 s"; tail -30 "$W/mysql-2.log"
fi
check "mysql: data kept across restarts (select from mydb.t = 42)" \
    test "$(q mysql-2 -umyuser -pmypassword mydb -e 'select i from t')" = 42
check "mysql: the second start did not initialise again" \
    grep -q "already initialised" "$W/mysql-2.log"

# --- phpmyadmin: in the network namespace of mysql-2 (as pods reach each other) -------------
MYSQL_PID=$("${CTR[@]}" tasks ls | awk '$1 == "mysql-2" { print $2 }')
start pma docker.io/library/phpmyadmin:5.2 --env PMA_ARBITRARY=1 \
    --with-ns "network:/proc/$MYSQL_PID/ns/net"
t=$(now)
if wait_for 30 in_ctr pma curl -fsS -o /dev/null http://127.0.0.1/; then
    pass "phpmyadmin: http://127.0.0.1/ answers 200 after $(since "$t") s"
else
    fail "phpmyadmin: no answer on port 80 within 30 s"; tail -30 "$W/pma.log"
fi
check "phpmyadmin: login form with a free server field (#serverNameInput)" \
    bash -c '"$@" | grep -q "id=\"serverNameInput\""' _ \
    "${CTR[@]}" tasks exec --exec-id form pma curl -fsS http://127.0.0.1/
login_script='
cd /tmp && rm -f jar
token=$(curl -fsS -c jar -b jar http://127.0.0.1/ | grep -o "name=\"token\" value=\"[^\"]*\"" | head -1 | cut -d\" -f4)
curl -fsS -c jar -b jar -L -o home.html --data-urlencode "pma_servername=127.0.0.1" \
    --data-urlencode pma_username=myuser --data-urlencode pma_password=mypassword \
    --data-urlencode server=1 --data-urlencode "token=$token" "http://127.0.0.1/index.php?route=/"
grep -q pma_navigation_tree home.html && grep -q "class=\"logout" home.html && grep -q mydb home.html'
check "phpmyadmin: login as myuser to server 127.0.0.1 shows the navigation tree with mydb" \
    in_ctr pma bash -c "$login_script"
check "phpmyadmin: mariadb client reaches 127.0.0.1:3306 as myuser" \
    test "$(in_ctr pma mariadb -h 127.0.0.1 -umyuser -pmypassword --batch --skip-column-names -e 'select 1')" = 1
check "phpmyadmin: getent, host, dig, nslookup, curl, mariadb, mysql present" \
    in_ctr pma bash -c 'for c in getent host dig nslookup curl mariadb mysql; do command -v $c >/dev/null || exit 1; done'
check "phpmyadmin: getent hosts localhost" bash -c '"$@" >/dev/null' _ "${CTR[@]}" tasks exec --exec-id getent pma getent hosts localhost
stop pma

start pma-plain docker.io/library/phpmyadmin:5.2
if wait_for 30 in_ctr pma-plain curl -fsS -o /dev/null http://127.0.0.1/; then
    check "phpmyadmin without PMA_ARBITRARY: no free server field" \
        bash -c '! "$@" | grep -q serverNameInput' _ \
        "${CTR[@]}" tasks exec --exec-id form pma-plain curl -fsS http://127.0.0.1/
else
    fail "phpmyadmin without PMA_ARBITRARY: no answer on port 80"
fi
stop pma-plain
stop mysql-2

if [[ $FAILED -ne 0 ]]; then
    echo "verify.sh: FAILED (logs were in $W)"
    for f in "$W"/*.log; do echo "--- $f"; tail -15 "$f"; done
    exit 1
fi
echo "verify.sh: all checks passed"
