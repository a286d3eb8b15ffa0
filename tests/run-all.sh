#!/usr/bin/env bash
# Sets up this machine and runs every test, as CI does:
#   1. installs dependencies (packaging/install-deps.sh, idempotent),
#   2. builds everything with warnings as errors,
#   3. starts a throw-away PostgreSQL cluster (never as root) and a Secret Service
#      (gnome-keyring inside dbus-run-session, with its own empty keyring folder),
#   4. runs ctest with output on failure; exits non-zero on any failure.
# Options through the environment: BULKHEAD_BUILD_DIR, CTEST_ARGS (e.g. "-L unit").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BULKHEAD_BUILD_DIR:-${root}/build-ci}
jobs=${BULKHEAD_JOBS:-2}

log() { printf '\n== %s\n' "$*" >&2; }

log "installing dependencies"
if [[ ${EUID} -eq 0 ]]; then
  bash "${root}/packaging/install-deps.sh"
else
  sudo bash "${root}/packaging/install-deps.sh"
fi

log "building (warnings are errors)"
cmake -S "${root}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULKHEAD_WERROR=ON
cmake --build "${build}" -j "${jobs}"

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
