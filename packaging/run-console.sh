#!/usr/bin/env bash
# Sets up this machine and starts the Bulkhead console on the embedded default: installs
# dependencies, builds, and runs `bulkhead`, which starts its private PostgreSQL cluster, the
# bundled daemon and the reference upstream (a simulator) in its data folder.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BULKHEAD_BUILD_DIR:-${root}/build}
if [[ ${EUID} -eq 0 ]]; then
  bash "${root}/packaging/install-deps.sh"
else
  sudo bash "${root}/packaging/install-deps.sh"
fi
cmake -S "${root}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "${build}" -j "${BULKHEAD_JOBS:-2}"
if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  # No desktop session (a bare server or a fresh VM): the master key and the admin token need
  # a Secret Service, so this run gets a private one (gnome-keyring on its own D-Bus session),
  # with its keyring and the embedded platform in a scratch folder that lasts for this run.
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-console.XXXXXX")
  chmod 755 "${scratch}"
  mkdir -p "${scratch}/data" "${scratch}/runtime"
  chmod 700 "${scratch}/runtime"
  export XDG_DATA_HOME="${scratch}/data" XDG_RUNTIME_DIR="${scratch}/runtime"
  echo "bulkhead: no D-Bus session; using a private keyring in ${scratch}" >&2
  exec dbus-run-session -- bash "${root}/tests/with-keyring.sh" "${build}/bin/bulkhead" "$@"
fi
exec "${build}/bin/bulkhead" "$@"
