#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own tree and runs each one
# for the given number of seconds (default 60). Crashes fail the run and leave
# the reproducer in build-fuzz/artifacts/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_EACH=${1:-60}
BUILD=${MB_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
command -v clang++ >/dev/null || { echo "fuzz: clang++ not installed (installer/setup-debian.sh installs it)" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMB_FUZZ=ON -DMB_BUILD_TESTS=OFF -DMB_BUILD_BENCH=OFF > "$BUILD.cmake.log" 2>&1 \
  || { cat "$BUILD.cmake.log" >&2; exit 1; }
targets=()
for src in "$ROOT"/tests/fuzz/*_fuzz.cpp; do
  [ -e "$src" ] && targets+=("$(basename "$src" .cpp)")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets"; exit 0; }
cmake --build "$BUILD" --target "${targets[@]}" -- -j"$(nproc)"
mkdir -p "$BUILD/artifacts"
for t in "${targets[@]}"; do
  corpus="$BUILD/corpus/$t"; mkdir -p "$corpus"
  seeds="$ROOT/tests/fuzz/seeds/$t"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_EACH" -artifact_prefix="$BUILD/artifacts/" \
    -print_final_stats=1 "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) 2>&1 | tail -n 12
done
echo "fuzz: ${#targets[@]} targets ran without a crash"
