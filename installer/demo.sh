#!/usr/bin/env bash
# mailbridge's main job on an embedded default, on a fresh Debian machine:
#   1. installs what is needed and builds mailbridge
#   2. starts a local mail stack (Dovecot + OpenSMTPD on 127.0.0.1)
#   3. creates a sample ATS database in SQLite (mapping/examples/modern.*)
#   4. delivers a small conversation into alice's mailbox (installer/demo/mail)
#   5. runs mailbridge and prints the activity rows it wrote
# Then it keeps running: send more mail with the printed swaks command and
# watch new rows appear. Ctrl-C stops everything.
#   installer/demo.sh           the demo, until Ctrl-C
#   installer/demo.sh --once    one sync, print the rows, stop (for scripts)
# Settings: MB_DEMO_DIR (default /tmp/mailbridge-demo), MB_DEMO_PORT_BASE (24500).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ONCE=0; [ "${1:-}" = "--once" ] && ONCE=1
DEMO=${MB_DEMO_DIR:-/tmp/mailbridge-demo}
BUILD=${MB_BUILD_DIR:-$ROOT/build}
export MB_STACK_DIR=$DEMO/stack MB_STACK_PORT_BASE=${MB_DEMO_PORT_BASE:-24500} MB_STACK_ONLY=mail

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. packages and build"
"$ROOT/installer/setup-debian.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$BUILD" --target mailbridge -- -j"$(nproc)"
MB="$BUILD/connector/service/mailbridge"

say "2. the local mail stack"
"$ROOT/tests/stack/stack.sh" stop > /dev/null 2>&1 || true
mkdir -p "$DEMO"
"$ROOT/tests/stack/stack.sh" start
# shellcheck disable=SC1091
source "$MB_STACK_DIR/stack.env"
DAEMON=""
cleanup() {
  [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null && wait "$DAEMON" 2>/dev/null
  "$ROOT/tests/stack/stack.sh" stop > /dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'echo; say "stopping"; exit 0' INT TERM

say "3. the sample ATS database (SQLite): $DEMO/ats.db"
rm -f "$DEMO/ats.db"
sqlite3 "$DEMO/ats.db" < "$ROOT/mapping/examples/modern.sqlite.sql"
sqlite3 "$DEMO/ats.db" < "$ROOT/installer/demo/ats-seed.sql"
ODBC="Driver=SQLite3;Database=$DEMO/ats.db;"
# The example mapping, pointed at the demo database.
sed "s|<connection [^>]*/>|<connection connection-string=\"$ODBC\"/>|" "$ROOT/mapping/examples/modern.xml" > "$DEMO/mapping.xml"
cat > "$DEMO/mailbridge.conf" <<CONF
# The demo's configuration; every setting is described in docs/operations.md.
[service]
mapping = mapping.xml
log_level = information
window_days = 3650
poll_seconds = 5
people_poll_seconds = 10

[policy]
internal_domains = example.test
bulk = skip
auto_reply = skip

[mailbox alice]
address = alice@example.test
host = 127.0.0.1
port = $MB_IMAP_PORT
tls = starttls
ca_file = $MB_CA_FILE
password_env = MB_DEMO_ALICE_PASSWORD
CONF
export MB_DEMO_ALICE_PASSWORD=alicepw
"$MB" install-schema --odbc="$ODBC" --share="$ROOT"
sqlite3 -header -column "$DEMO/ats.db" \
  "SELECT 'candidate' AS kind, id, full_name, email FROM candidates UNION ALL SELECT 'contact', id, full_name, email FROM contacts"

say "4. a conversation in alice's mailbox"
for f in "$ROOT"/installer/demo/mail/*.eml; do
  if grep -q '^From: Alice' "$f"; then
    # Sent by alice: filed in her Sent folder, as her mail client would.
    doveadm -c "$MB_DOVECOT_CONF" save -u alice@example.test -m Sent < "$f"
    echo "  Sent:  $(basename "$f")"
  else
    swaks --silent 2 --server 127.0.0.1 --port "$MB_LMTP_PORT" --protocol LMTP \
      --from bounce@example.net --to alice@example.test --data "@$f"
    echo "  INBOX: $(basename "$f")"
  fi
done

show() {
  sqlite3 -header -column "$DEMO/ats.db" \
    "SELECT n.id, n.note_type AS type, n.person_kind AS kind, COALESCE(c.full_name, k.full_name) AS person,
            substr(n.subject, 1, 40) AS subject, n.parent_id AS parent, substr(n.created_at, 1, 16) AS date
       FROM notes n LEFT JOIN candidates c ON n.person_kind = 'C' AND c.id = n.person_id
                    LEFT JOIN contacts k ON n.person_kind = 'K' AND k.id = n.person_id
      WHERE n.id > ${1:-0} ORDER BY n.id"
}

say "5. mailbridge sync --once"
"$MB" sync --once --config "$DEMO/mailbridge.conf" --share="$ROOT"
echo
echo "Activity rows in the ATS (notes):"
show
echo
echo "Documents (attachments):"
sqlite3 -header -column "$DEMO/ats.db" "SELECT id, person_id, note_id, file_name, content_type, length(content) AS bytes FROM documents"
echo
echo "Skipped, as the policy says: the newsletter (bulk) and the out-of-office reply (auto-reply)."
[ $ONCE = 1 ] && exit 0

say "6. mailbridge run (Ctrl-C stops the demo)"
"$MB" run --config "$DEMO/mailbridge.conf" --share="$ROOT" &
DAEMON=$!
cat <<HINT

Send carol's next message and watch it arrive (IDLE, within a second):

  swaks --server 127.0.0.1 --port $MB_SMTP_PORT --from carol@example.net --to alice@example.test \\
        --header 'Subject: One more question' --body 'Is the role remote-friendly?'

HINT
last=$(sqlite3 "$DEMO/ats.db" "SELECT COALESCE(MAX(id), 0) FROM notes")
while kill -0 "$DAEMON" 2>/dev/null; do
  sleep 1
  now=$(sqlite3 "$DEMO/ats.db" "SELECT COALESCE(MAX(id), 0) FROM notes")
  if [ "$now" != "$last" ]; then
    show "$last"
    last=$now
  fi
done
