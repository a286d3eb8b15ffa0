#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring (Secret Service) on the current D-Bus session.
# Meant to run inside `dbus-run-session`; the keyring lives under $XDG_DATA_HOME, so point that
# at a scratch folder. The password is a throw-away for the test keyring only.
set -euo pipefail
if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  echo "with-keyring: no D-Bus session; run me inside dbus-run-session" >&2
  exit 2
fi
eval "$(printf 'bulkhead-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
