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
exec "${build}/bin/bulkhead" "$@"
