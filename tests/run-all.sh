#!/usr/bin/env bash
# Sets up this machine and runs every test, as CI does:
#   1. installs dependencies (packaging/install-deps.sh, idempotent),
#   2. builds everything with warnings as errors,
#   3. starts a throw-away PostgreSQL cluster (never as root) and a Secret Service
#      (gnome-keyring inside dbus-run-session, with its own empty keyring folder),
#   4. runs ctest with output on failure; exits non-zero on any failure.
#   5. hardening (issue 12): the same tests again from an AddressSanitizer + UndefinedBehavior-
#      Sanitizer build (no console), then every libFuzzer target for a bounded time (clang).
# Options through the environment: BULKHEAD_BUILD_DIR, CTEST_ARGS (e.g. "-L unit"),
# BULKHEAD_HARDENING=0 (skip step 5), BULKHEAD_FUZZ_SECONDS (per fuzz target, default 20),
# BULKHEAD_CCACHE=0 (compile without the compilation cache).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BULKHEAD_BUILD_DIR:-${root}/build-ci}
jobs=${BULKHEAD_JOBS:-2}

log() { printf '\n== %s\n' "$*" >&2; }

# Line tables only (-g1): sanitizer and crash reports keep file:line, and the three build trees
# fit in a few GiB instead of filling a small disk.
debug_flags=(-DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
             -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")

# Compilation cache (Debian's ccache, installed below): a later run on the same machine, from any
# clone, compiles only what changed; the builds are most of this script's time on two cores. The
# machine's own ccache settings (folder, size) stay in force. Paths are hashed relative to the
# checkout and the working folder is left out of the hash, so a clone elsewhere hits; the two
# sloppiness settings let the tests' precompiled headers be cached (ccache's documented recipe).
launcher=()
use_ccache() {
  [[ ${BULKHEAD_CCACHE:-1} == 1 ]] && command -v ccache >/dev/null || return 0
  export CCACHE_BASEDIR=${root} CCACHE_NOHASHDIR=true CCACHE_SLOPPINESS=pch_defines,time_macros
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
}
cache_counts() {  # -> "hits misses" so far, from ccache's machine-readable counters
  [[ ${#launcher[@]} -gt 0 ]] || { echo "0 0"; return; }
  ccache --print-stats | awk '$1 ~ /^(direct|preprocessed)_cache_hit$/ { h += $2 }
                              $1 == "cache_miss" { m += $2 } END { print h + 0, m + 0 }'
}
cached_build() {  # build_dir [cmake --build args...]; then one line on what the cache saved
  local h0 m0 h1 m1
  read -r h0 m0 <<<"$(cache_counts)"
  cmake --build "$1" -j "${jobs}" "${@:2}"
  [[ ${#launcher[@]} -gt 0 ]] || return 0
  read -r h1 m1 <<<"$(cache_counts)"
  log "compilation cache: $((h1 - h0)) of $((h1 - h0 + m1 - m0)) compilations reused"
}

log "free space where the builds go: $(df -h --output=avail "$(dirname "${build}")" | tail -1 | tr -d ' ')"

log "installing dependencies"
if [[ ${EUID} -eq 0 ]]; then
  bash "${root}/packaging/install-deps.sh"
else
  sudo bash "${root}/packaging/install-deps.sh"
fi

use_ccache
stage_started=${SECONDS}
log "building (warnings are errors)"
cmake -S "${root}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULKHEAD_WERROR=ON \
  "${debug_flags[@]}" "${launcher[@]}"
cached_build "${build}"
log "build: $((SECONDS - stage_started)) s"

# A world-traversable scratch folder: the cluster's own subfolder is private to the account
# that runs PostgreSQL (not root when this script runs as root).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-tests.XXXXXX")
chmod 755 "${scratch}"
cleanup() {
  "${build}/bin/bulkheadctl" cluster stop --dir "${scratch}/pg" >/dev/null 2>&1 || true
  rm -rf "${scratch}"
}
trap cleanup EXIT

log "starting a throw-away PostgreSQL cluster"
"${build}/bin/bulkheadctl" cluster start --dir "${scratch}/pg" --json >"${scratch}/pg.json"
export BULKHEAD_TEST_PGHOST BULKHEAD_TEST_PGPORT
BULKHEAD_TEST_PGHOST=$(jq -r .socket_dir "${scratch}/pg.json")
BULKHEAD_TEST_PGPORT=$(jq -r .port "${scratch}/pg.json")

log "building, installing and starting the Debian packages"
bash "${root}/packaging/test-packages.sh" "${build}" "${BULKHEAD_TEST_PGHOST}" "${BULKHEAD_TEST_PGPORT}"

log "running the tests inside a private D-Bus session with gnome-keyring"
mkdir -p "${scratch}/xdg-data" "${scratch}/xdg-runtime"
chmod 700 "${scratch}/xdg-runtime"
export XDG_DATA_HOME="${scratch}/xdg-data" XDG_RUNTIME_DIR="${scratch}/xdg-runtime"
export QT_QPA_PLATFORM=offscreen
# shellcheck disable=SC2086
dbus-run-session -- bash "${root}/tests/with-keyring.sh" \
  ctest --test-dir "${build}" --output-on-failure --timeout 600 -j "${jobs}" ${CTEST_ARGS:-}

if [[ ${BULKHEAD_HARDENING:-1} == 1 ]]; then
  stage_started=${SECONDS}
  log "sanitizer build: ASan + UBSan, console and benchmarks left out"
  asan=${BULKHEAD_ASAN_DIR:-${build}-asan}
  # -Og: the checks and line tables are the same, but GCC instruments coroutine-heavy files
  # (net/HttpServer.cpp) many times faster than at -O2, where one file took a quarter hour.
  cmake -S "${root}" -B "${asan}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBULKHEAD_SANITIZE=ON -DBULKHEAD_BUILD_CONSOLE=OFF \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-Og -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-Og -g1 -DNDEBUG" \
    "${launcher[@]}"
  cached_build "${asan}"
  log "unit and integration tests under the sanitizers (any report fails the test)"
  # shellcheck disable=SC2086
  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
  LSAN_OPTIONS=suppressions=${root}/tests/integration/hardening/lsan.supp \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  dbus-run-session -- bash "${root}/tests/with-keyring.sh" \
    ctest --test-dir "${asan}" --output-on-failure --timeout 900 -j "${jobs}" ${CTEST_ARGS:-}
  log "sanitizer stage: $((SECONDS - stage_started)) s"

  stage_started=${SECONDS}
  log "libFuzzer targets (clang), ${BULKHEAD_FUZZ_SECONDS:-20} s each from their seed corpora"
  fuzz=${BULKHEAD_FUZZ_DIR:-${build}-fuzz}
  CC=clang-14 CXX=clang++-14 cmake -S "${root}" -B "${fuzz}" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULKHEAD_FUZZ=ON "${debug_flags[@]}" -DBULKHEAD_BUILD_CONSOLE=OFF \
    -DBULKHEAD_FUZZ_SECONDS="${BULKHEAD_FUZZ_SECONDS:-20}" "${launcher[@]}"
  cached_build "${fuzz}" --target fuzzers
  ctest --test-dir "${fuzz}" -L fuzz --output-on-failure
  log "fuzz stage: $((SECONDS - stage_started)) s"
fi
