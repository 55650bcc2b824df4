#!/usr/bin/env bash
# The real test stack, on 127.0.0.1 only, under one directory, on high ports:
#   Dovecot (IMAP with STARTTLS, IMAPS, LMTP, submission with STARTTLS + AUTH)
#   OpenSMTPD (relay for submission, delivering to Dovecot over LMTP)
#   a private PostgreSQL cluster, a private MariaDB server, an SQLite file
#   a throwaway CA and server certificate, made at start.
#
# Usage:
#   tests/stack/stack.sh start          start everything, write $MB_STACK_DIR/stack.env
#   tests/stack/stack.sh stop           stop everything and remove the directory
#   tests/stack/stack.sh status         say what is running
#   tests/stack/stack.sh run -- CMD...  start, run CMD, stop (even when CMD fails)
#   tests/stack/stack.sh pause DB       stop one database server of a running stack
#   tests/stack/stack.sh resume DB      start it again, same data and port; waits until it listens
#                                       (DB: postgresql or mariadb; for outage tests)
#
# Settings (environment):
#   MB_STACK_DIR        where everything lives        (default /tmp/mailbridge-stack)
#   MB_STACK_PORT_BASE  first of 7 consecutive ports  (default 24100)
#   MB_STACK_KEEP=1     keep the directory after stop (logs, mail, databases)
#   MB_STACK_ONLY       space-separated subset: "mail pg mariadb" (default: all)
set -u -o pipefail

STACK_DIR=${MB_STACK_DIR:-/tmp/mailbridge-stack}
BASE=${MB_STACK_PORT_BASE:-24100}
ONLY=${MB_STACK_ONLY:-mail pg mariadb}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

P_IMAP=$BASE; P_IMAPS=$((BASE+1)); P_LMTP=$((BASE+2)); P_SUBMISSION=$((BASE+3))
P_SMTP=$((BASE+4)); P_PG=$((BASE+5)); P_MARIADB=$((BASE+6))

MAIL_UID=$(id -u nobody); MAIL_GID=$(getent group nogroup | cut -d: -f3)
USERS=("alice@example.test:alicepw" "bob@example.test:bobpw" "carol@example.net:carolpw")
DB_NAME=mailbridge_test DB_USER=mb DB_PASS=mbpass

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }

# A port is taken when something accepts a connection on it.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port NAME PORT LOGFILE [SECONDS]: wait until NAME listens, or fail naming it.
wait_port() {
  local name=$1 port=$2 logfile=$3 secs=${4:-30} i
  for ((i = 0; i < secs * 10; i++)); do
    port_open "$port" && { log "$name is up on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  printf '[stack] ERROR: %s did not start listening on 127.0.0.1:%s within %ss. Last lines of %s:\n' \
    "$name" "$port" "$secs" "$logfile" >&2
  tail -n 25 "$logfile" >&2 2>/dev/null || echo "(no log written)" >&2
  return 1
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; run ./setup.sh first"; }

make_certs() {
  local c=$STACK_DIR/certs
  mkdir -p "$c"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mailbridge test CA" \
    -keyout "$c/ca.key" -out "$c/ca.crt" 2>/dev/null || die "openssl could not make the test CA"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$c/server.key" -out "$c/server.csr" 2>/dev/null || die "openssl could not make the server key"
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$c/ext.cnf"
  openssl x509 -req -in "$c/server.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
    -days 2 -extfile "$c/ext.cnf" -out "$c/server.crt" 2>/dev/null || die "openssl could not sign the server certificate"
  # An unrelated CA, for tests that must refuse the server's certificate.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mailbridge wrong CA" \
    -keyout "$c/wrong-ca.key" -out "$c/wrong-ca.crt" 2>/dev/null || die "openssl could not make the second CA"
  chmod 644 "$c"/*.crt "$c"/server.key
}

start_dovecot() {
  local d=$STACK_DIR/dovecot
  mkdir -p "$d/run" "$d/state" "$STACK_DIR/mail"
  chown "$MAIL_UID:$MAIL_GID" "$STACK_DIR/mail"
  : > "$d/users"
  local u
  for u in "${USERS[@]}"; do
    printf '%s:{PLAIN}%s:%s:%s::%s/mail/%s::\n' "${u%%:*}" "${u#*:}" "$MAIL_UID" "$MAIL_GID" "$STACK_DIR" "${u%%:*}" >> "$d/users"
  done
  local dh=""
  [ -f /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
  sed -e "s|@DIR@|$d|g" -e "s|@STACK@|$STACK_DIR|g" -e "s|@IMAP@|$P_IMAP|" -e "s|@IMAPS@|$P_IMAPS|" \
      -e "s|@LMTP@|$P_LMTP|" -e "s|@SUBMISSION@|$P_SUBMISSION|" -e "s|@SMTP@|$P_SMTP|" \
      -e "s|@SSL_DH@|$dh|" "$HERE/dovecot.conf.in" > "$d/dovecot.conf"
  dovecot -c "$d/dovecot.conf" 2>> "$d/dovecot.log" || { tail -n 25 "$d/dovecot.log" >&2; die "Dovecot refused to start"; }
  wait_port "Dovecot IMAP" "$P_IMAP" "$d/dovecot.log" &&
  wait_port "Dovecot IMAPS" "$P_IMAPS" "$d/dovecot.log" &&
  wait_port "Dovecot LMTP" "$P_LMTP" "$d/dovecot.log" &&
  wait_port "Dovecot submission" "$P_SUBMISSION" "$d/dovecot.log"
}

start_smtpd() {
  local d=$STACK_DIR/smtpd
  mkdir -p "$d/spool" "$d/run"
  chmod 711 "$d/spool"
  printf '@example.test nobody\n@example.net nobody\n@example.com nobody\n' > "$d/virtuals"
  sed -e "s|@DIR@|$d|g" -e "s|@SMTP@|$P_SMTP|" -e "s|@LMTP@|$P_LMTP|" "$HERE/smtpd.conf.in" > "$d/smtpd.conf"
  chmod 644 "$d/smtpd.conf" "$d/virtuals"
  smtpd -n -f "$d/smtpd.conf" > "$d/smtpd.log" 2>&1 || { cat "$d/smtpd.log" >&2; die "OpenSMTPD rejected its configuration"; }
  # OpenSMTPD's spool and control socket paths are compiled in; a private mount
  # namespace gives this instance its own, so several stacks can run at once.
  mkdir -p /var/spool/smtpd
  unshare --mount --propagation private sh -c "
    mount --bind '$d/spool' /var/spool/smtpd && mount --bind '$d/run' /run &&
    exec smtpd -d -f '$d/smtpd.conf'" >> "$d/smtpd.log" 2>&1 &
  echo $! > "$d/smtpd.pid"
  wait_port "OpenSMTPD" "$P_SMTP" "$d/smtpd.log"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# launch_pg: start the cluster made by start_pg (again, after pause).
launch_pg() {
  local d=$STACK_DIR/pg bin; bin=$(pg_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -l "$d/postgresql.log" -w -t 30 \
    -o "-p $P_PG -k $d/run -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start > /dev/null \
    || { tail -n 25 "$d/postgresql.log" >&2; die "PostgreSQL did not start"; }
  wait_port "PostgreSQL" "$P_PG" "$d/postgresql.log"
}

start_pg() {
  local d=$STACK_DIR/pg bin; bin=$(pg_bin)
  [ -n "$bin" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql; run ./setup.sh"
  mkdir -p "$d/run"; chown -R postgres:postgres "$d"
  runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 > "$d/initdb.log" 2>&1 || { tail -n 25 "$d/initdb.log" >&2; die "PostgreSQL initdb failed"; }
  launch_pg || return 1
  runuser -u postgres -- psql -h "$d/run" -p "$P_PG" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS'" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8'" \
    > "$d/setup.log" 2>&1 || { cat "$d/setup.log" >&2; die "PostgreSQL: could not create the test role and database"; }
}

# launch_mariadb: start the server on the data dir made by start_mariadb (again, after pause).
launch_mariadb() {
  local d=$STACK_DIR/mariadb
  mariadbd --no-defaults --datadir="$d/data" --socket="$d/mysqld.sock" --port="$P_MARIADB" \
    --bind-address=127.0.0.1 --user=root --pid-file="$d/mariadbd.pid" --log-error="$d/error.log" \
    --skip-log-bin --innodb-flush-log-at-trx-commit=2 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci > /dev/null 2>&1 &
  echo $! > "$d/mariadbd.pid.launch"
  wait_port "MariaDB" "$P_MARIADB" "$d/error.log" 60
}

start_mariadb() {
  local d=$STACK_DIR/mariadb
  mkdir -p "$d"
  mariadb-install-db --no-defaults --datadir="$d/data" --user=root --auth-root-authentication-method=normal \
    > "$d/install.log" 2>&1 || { tail -n 25 "$d/install.log" >&2; die "MariaDB: mariadb-install-db failed"; }
  launch_mariadb || return 1
  mariadb --no-defaults -S "$d/mysqld.sock" -uroot -e "
    CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER '$DB_USER'@'%' IDENTIFIED BY '$DB_PASS';
    CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
    GRANT ALL ON $DB_NAME.* TO '$DB_USER'@'%';
    GRANT ALL ON $DB_NAME.* TO '$DB_USER'@'localhost';" > "$d/setup.log" 2>&1 \
    || { cat "$d/setup.log" >&2; die "MariaDB: could not create the test user and database"; }
}

write_env() {
  local e=$STACK_DIR/stack.env
  {
    echo "# Written by tests/stack/stack.sh start; read by the tests (TestEnv) and sourced by scripts."
    echo "MB_STACK_DIR='$STACK_DIR'"
    echo "MB_IMAP_HOST='127.0.0.1'"
    echo "MB_IMAP_PORT='$P_IMAP'"
    echo "MB_IMAPS_PORT='$P_IMAPS'"
    echo "MB_LMTP_PORT='$P_LMTP'"
    echo "MB_SUBMISSION_PORT='$P_SUBMISSION'"
    echo "MB_SMTP_PORT='$P_SMTP'"
    echo "MB_CA_FILE='$STACK_DIR/certs/ca.crt'"
    echo "MB_WRONG_CA_FILE='$STACK_DIR/certs/wrong-ca.crt'"
    echo "MB_DOVECOT_CONF='$STACK_DIR/dovecot/dovecot.conf'"
    local i=1 u
    for u in "${USERS[@]}"; do
      echo "MB_USER$i='${u%%:*}'"; echo "MB_PASS$i='${u#*:}'"; i=$((i + 1))
    done
    echo "MB_PG_PORT='$P_PG'"
    echo "MB_PG_ODBC='Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=$P_PG;Database=$DB_NAME;Uid=$DB_USER;Pwd=$DB_PASS;CommLog=0;Debug=0;'"
    echo "MB_PG_PSQL='postgresql://$DB_USER:$DB_PASS@127.0.0.1:$P_PG/$DB_NAME'"
    echo "MB_MARIADB_PORT='$P_MARIADB'"
    echo "MB_MARIADB_SOCKET='$STACK_DIR/mariadb/mysqld.sock'"
    echo "MB_MARIADB_ODBC='Driver={MariaDB Unicode};Server=127.0.0.1;Port=$P_MARIADB;Database=$DB_NAME;Uid=$DB_USER;Pwd=$DB_PASS;CHARSET=utf8mb4;'"
    echo "MB_SQLITE_FILE='$STACK_DIR/sqlite/$DB_NAME.db'"
    echo "MB_SQLITE_ODBC='Driver=SQLite3;Database=$STACK_DIR/sqlite/$DB_NAME.db;'"
  } > "$e"
  mkdir -p "$STACK_DIR/sqlite"
}

ports_in_use() {
  local p busy=""
  for p in "$@"; do port_open "$p" && busy="$busy $p"; done
  echo "$busy"
}

do_start() {
  [ -f "$STACK_DIR/stack.env" ] && die "a stack already runs in $STACK_DIR (stop it first: $0 stop)"
  local ports=()
  wants mail && ports+=("$P_IMAP" "$P_IMAPS" "$P_LMTP" "$P_SUBMISSION" "$P_SMTP")
  wants pg && ports+=("$P_PG")
  wants mariadb && ports+=("$P_MARIADB")
  local busy; busy=$(ports_in_use "${ports[@]}")
  [ -z "$busy" ] || die "ports already in use:$busy (choose another MB_STACK_PORT_BASE)"
  wants mail && { need dovecot; need smtpd; need doveadm; need openssl; }
  wants mariadb && { need mariadbd; need mariadb-install-db; }
  rm -rf "$STACK_DIR"; mkdir -p "$STACK_DIR"; chmod 755 "$STACK_DIR"
  log "starting in $STACK_DIR (ports $BASE-$((BASE + 6)))"
  make_certs
  if wants mail; then start_dovecot && start_smtpd || { do_stop; exit 1; }; fi
  if wants pg; then start_pg || { do_stop; exit 1; }; fi
  if wants mariadb; then start_mariadb || { do_stop; exit 1; }; fi
  write_env
  log "ready; settings in $STACK_DIR/stack.env"
}

kill_pidfile() {
  local f=$1 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f"); [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  local i; for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null; return 0
}

do_stop() {
  [ -d "$STACK_DIR" ] || { log "nothing to stop in $STACK_DIR"; return 0; }
  if [ -f "$STACK_DIR/dovecot/dovecot.conf" ]; then
    doveadm -c "$STACK_DIR/dovecot/dovecot.conf" stop 2>/dev/null || kill_pidfile "$STACK_DIR/dovecot/run/master.pid"
  fi
  kill_pidfile "$STACK_DIR/smtpd/smtpd.pid"
  if [ -d "$STACK_DIR/pg/data" ]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STACK_DIR/pg/data" -m fast -w stop > /dev/null 2>&1
  fi
  kill_pidfile "$STACK_DIR/mariadb/mariadbd.pid"
  kill_pidfile "$STACK_DIR/mariadb/mariadbd.pid.launch"
  # Wait until every port is closed, so the next start finds them free.
  local i busy
  for ((i = 0; i < 50; i++)); do
    busy=$(ports_in_use "$P_IMAP" "$P_IMAPS" "$P_LMTP" "$P_SUBMISSION" "$P_SMTP" "$P_PG" "$P_MARIADB")
    [ -z "$busy" ] && break
    sleep 0.1
  done
  [ -z "$busy" ] || log "WARNING: ports still listening after stop:$busy"
  # Dovecot's children exit on their own shortly after the master; make sure.
  pkill -f "dovecot -c $STACK_DIR/" 2>/dev/null
  if [ "${MB_STACK_KEEP:-0}" = 1 ]; then
    rm -f "$STACK_DIR/stack.env"; log "stopped; kept $STACK_DIR"
  else
    rm -rf "$STACK_DIR"; log "stopped; removed $STACK_DIR"
  fi
  [ -z "$busy" ]
}

# pause_pg / pause_mariadb: the server stops as on a shutdown by its
# administrator (clients are cut off); data dir and port stay for resume.
pause_pg() {
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$STACK_DIR/pg/data" -m fast -w -t 30 stop > /dev/null \
    || die "PostgreSQL did not stop"
  wait_closed "PostgreSQL" "$P_PG"
}

pause_mariadb() {
  kill_pidfile "$STACK_DIR/mariadb/mariadbd.pid"
  kill_pidfile "$STACK_DIR/mariadb/mariadbd.pid.launch"
  wait_closed "MariaDB" "$P_MARIADB"
}

wait_closed() {
  local i
  for ((i = 0; i < 100; i++)); do port_open "$2" || { log "$1 is stopped"; return 0; }; sleep 0.1; done
  die "$1 still listens on 127.0.0.1:$2"
}

do_status() {
  local name port
  for pair in "IMAP:$P_IMAP" "IMAPS:$P_IMAPS" "LMTP:$P_LMTP" "submission:$P_SUBMISSION" "OpenSMTPD:$P_SMTP" \
              "PostgreSQL:$P_PG" "MariaDB:$P_MARIADB"; do
    name=${pair%%:*}; port=${pair#*:}
    if port_open "$port"; then echo "$name: listening on 127.0.0.1:$port"; else echo "$name: down"; fi
  done
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  run)
    shift; [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: $0 run -- COMMAND..."
    do_start
    trap 'do_stop' EXIT
    trap 'exit 130' INT TERM
    "$@"
    ;;
  pause|resume)
    [ -f "$STACK_DIR/stack.env" ] || die "no stack runs in $STACK_DIR (start it first: $0 start)"
    # The ports the stack was started with, whatever MB_STACK_PORT_BASE says now.
    P_PG=$(sed -n "s/^MB_PG_PORT='\(.*\)'$/\1/p" "$STACK_DIR/stack.env")
    P_MARIADB=$(sed -n "s/^MB_MARIADB_PORT='\(.*\)'$/\1/p" "$STACK_DIR/stack.env")
    case "${2:-}" in
      postgresql|pg)
        [ -d "$STACK_DIR/pg/data" ] || die "this stack has no PostgreSQL"
        if [ "$1" = pause ]; then pause_pg; else launch_pg; fi ;;
      mariadb)
        [ -d "$STACK_DIR/mariadb/data" ] || die "this stack has no MariaDB"
        if [ "$1" = pause ]; then pause_mariadb; else launch_mariadb; fi ;;
      *) die "usage: $0 $1 postgresql|mariadb" ;;
    esac
    ;;
  *) echo "usage: $0 start|stop|status|run -- COMMAND...|pause DB|resume DB (DB: postgresql or mariadb)" >&2; exit 2 ;;
esac
