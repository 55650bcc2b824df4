#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian machine:
# installs what is missing, builds, starts the real test stack on loopback,
# runs CTest, and stops the stack again even when a test fails.
#   tests/run.sh [extra ctest arguments, e.g. -L unit or -R imap]
# Settings: MB_BUILD_DIR (default build), MB_STACK_DIR, MB_STACK_PORT_BASE.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${MB_BUILD_DIR:-$ROOT/build}
export MB_STACK_DIR=${MB_STACK_DIR:-/tmp/mailbridge-stack}

"$ROOT/installer/setup-debian.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD" -- -j"$(nproc)"

# A stack left behind by an interrupted run would block the ports.
"$ROOT/tests/stack/stack.sh" stop > /dev/null 2>&1 || true
cd "$BUILD"
"$ROOT/tests/stack/stack.sh" run -- ctest --output-on-failure "$@"
