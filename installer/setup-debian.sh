#!/usr/bin/env bash
# Installs everything mailbridge needs to build, test and run its demo on
# Debian 12 (bookworm). Safe to run again: it installs only what is missing.
#   installer/setup-debian.sh            build + tests + demo packages
#   installer/setup-debian.sh --runtime  only what the daemon needs to run
set -euo pipefail

RUNTIME=(libpoco-dev unixodbc odbc-postgresql odbc-mariadb libsqliteodbc ca-certificates)
BUILD=(g++ cmake ninja-build pkg-config unixodbc-dev libcppunit-dev)
STACK=(dovecot-imapd dovecot-lmtpd dovecot-submissiond opensmtpd swaks openssl
       postgresql postgresql-client mariadb-server mariadb-client sqlite3 util-linux procps)
EXTRAS=(isync clang libclang-rt-14-dev libpython3.11-testsuite)

if [ "${1:-}" = "--runtime" ]; then
  WANT=("${RUNTIME[@]}")
else
  WANT=("${RUNTIME[@]}" "${BUILD[@]}" "${STACK[@]}" "${EXTRAS[@]}")
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: run as root, or install sudo" >&2; exit 1; }
  SUDO=sudo
fi

missing=()
for p in "${WANT[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#WANT[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { echo "setup: apt-get update failed; check the machine's package sources" >&2; exit 1; }
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    echo "setup: package '$p' cannot be found in this machine's package sources (Debian bookworm expected)" >&2
    exit 1
  fi
done
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "setup: apt-get could not install: ${missing[*]}" >&2
  exit 1
fi
# The distribution's own mail and database services are not used: the test
# stack and the demo start private instances on high loopback ports.
echo "setup: done"
