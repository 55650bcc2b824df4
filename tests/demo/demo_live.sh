#!/usr/bin/env bash
# The demo's long-running part, as a user meets it: installer/demo.sh runs
# until stopped; the swaks command it prints delivers carol's next message
# through OpenSMTPD; the row must appear while the daemon runs (IDLE); a
# stop request must end the daemon and the mail stack and leave nothing
# behind. Run after a build (the demo builds again, which is then quick).
#   tests/demo/demo_live.sh
# Settings: MB_DEMO_DIR (default /tmp/mailbridge-demo-live),
# MB_DEMO_PORT_BASE (default 24700).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MB_DEMO_DIR=${MB_DEMO_DIR:-/tmp/mailbridge-demo-live}
export MB_DEMO_PORT_BASE=${MB_DEMO_PORT_BASE:-24700}
LOG=$MB_DEMO_DIR.log
DB=$MB_DEMO_DIR/ats.db

fail() { echo "demo_live: $*" >&2; echo "--- the demo's output:" >&2; tail -40 "$LOG" >&2; exit 1; }
waitFor() { # SECONDS CONDITION...: polls every 0.1 s
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@"; do
    [ "$(date +%s%N)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}
notes() { sqlite3 "$DB" "SELECT COUNT(*) FROM notes WHERE subject = '$1'" 2>/dev/null || echo 0; }
has() { [ "$(notes "$1")" = "$2" ]; }

# A signal sent to a background job: not SIGINT, which a non-interactive
# shell's background jobs ignore; the demo stops the same way on TERM.
"$ROOT/installer/demo.sh" > "$LOG" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null || true' EXIT

waitFor 600 grep -q "Ctrl-C stops the demo" "$LOG" || fail "the demo did not reach its running part"
waitFor 60 grep -q -- "--body 'Is the role remote-friendly?'" "$LOG" || fail "the demo printed no swaks command"
# The command as printed, run as the user would paste it.
SWAKS=$(sed -n '/^  swaks /,/--body/p' "$LOG" | sed 's/\\$//' | tr -d '\n')
[ -n "$SWAKS" ] || fail "could not read the swaks command"
has "One more question" 0 || fail "the new message was logged before it was sent"

start=$(date +%s%N)
eval "$SWAKS --silent 2" || fail "swaks failed: $SWAKS"
waitFor 30 has "One more question" 1 || fail "carol's new message was not logged within 30 s"
echo "demo_live: carol's new message became a row $(( ($(date +%s%N) - start) / 1000000 )) ms after swaks sent it"
# The demo shows new rows as they come.
waitFor 10 grep -q "One more question" "$LOG" || fail "the demo did not show the new row"

kill -TERM "$DEMO"
waitFor 60 bash -c "! kill -0 $DEMO 2>/dev/null" || fail "the demo did not stop within 60 s of SIGTERM"
wait "$DEMO" && rc=0 || rc=$?
[ "$rc" = 0 ] || fail "the demo exited with $rc after SIGTERM"
trap - EXIT
# Nothing left running: no daemon on the demo database, no stack server.
if pgrep -f "mailbridge run --config $MB_DEMO_DIR/" > /dev/null; then fail "mailbridge still runs after the demo stopped"; fi
if pgrep -f "$MB_DEMO_DIR/stack" > /dev/null; then fail "a stack server still runs after the demo stopped"; fi
grep -q "stopping: finishing the batches in flight" "$LOG" || fail "mailbridge did not log a clean stop"
echo "demo_live: the demo ran, logged new mail while running and stopped cleanly"
