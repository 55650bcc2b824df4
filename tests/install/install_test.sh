#!/bin/sh
# cmake --install into a temporary prefix, then the installed mailbridge,
# started from elsewhere with nothing pointing it at the source tree, finds
# sql/ next to itself (../share/mailbridge/sql) and installs mailbridge's
# tables into a new SQLite file. The systemd unit names the configured bindir.
#
# usage: install_test.sh CMAKE BUILD_DIR CONFIGURED_BINDIR
set -eu
cmake=$1
build=$2
bindir=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install failed"; }
for f in bin/mailbridge share/mailbridge/sql/sqlite/install.sql share/mailbridge/sql/postgresql/install.sql \
	share/doc/mailbridge/operations.md lib/systemd/system/mailbridge.service; do
	test -e "$prefix/$f" || fail "not installed: $f"
done

unit=$prefix/lib/systemd/system/mailbridge.service
grep -q '@' "$unit" && fail "unsubstituted @VARIABLE@ in $unit"
grep -qx "ExecStart=$bindir/mailbridge run --config=/etc/mailbridge/mailbridge.conf" "$unit" \
	|| fail "the unit does not start $bindir/mailbridge: $(grep ExecStart "$unit")"

# From a folder that is neither the source nor the build tree.
cd "$tmp"
unset MAILBRIDGE_SHARE MAILBRIDGE_CONFIG MAILBRIDGE_ODBC MAILBRIDGE_DB_PASSWORD || true
out=$("$prefix/bin/mailbridge" install-schema "--odbc=Driver=SQLite3;Database=$tmp/ats.db;" 2>&1) \
	|| fail "installed mailbridge install-schema failed: $out"
echo "$out"
echo "$out" | grep -qx "script: $prefix/share/mailbridge/sql/sqlite/install.sql" || fail "not the installed script"
echo "$out" | grep -q "^installed: mailbridge tables version" || fail "schema not installed"
echo "install_test: ok"
