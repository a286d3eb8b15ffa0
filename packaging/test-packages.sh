#!/usr/bin/env bash
# Builds the Debian packages, installs them with dpkg, checks the installed programs and starts
# the installed bulkheadd against a throw-away database, then removes the packages again.
# Usage: test-packages.sh BUILD_DIR PGHOST PGPORT   (as root: it installs packages)
set -euo pipefail
build=$1 pghost=$2 pgport=$3
log() { printf 'test-packages: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

[[ ${EUID} -eq 0 ]] || { log "skipped: needs root to install packages"; exit 0; }
(cd "${build}" && cpack -G DEB >/dev/null)
mapfile -t debs < <(ls "${build}"/bulkheadd_*.deb "${build}"/bulkheadctl_*.deb "${build}"/bulkhead-console_*.deb)

# What each package holds, read from the .deb itself (a minimal image may exclude /usr/share/man
# from installation, and the packages must carry the files all the same).
holds() {
  local deb=$1 path=$2 listing
  listing=$(dpkg-deb -c "${deb}" | awk '{ print $6 }')
  grep -qxF "./${path#/}" <<<"${listing}" || fail "${deb##*/} lacks ${path}"
}
for deb in "${debs[@]}"; do
  case ${deb##*/} in
    bulkheadd_*)
      holds "${deb}" /usr/share/man/man8/bulkheadd.8.gz
      holds "${deb}" /usr/share/bulkhead/monitoring/bulkhead-alerts.yml
      holds "${deb}" /usr/share/bulkhead/monitoring/bulkhead-dashboard.json
      # Every manual page the unit's Documentation= names is in the package.
      unit=$(dpkg-deb --fsys-tarfile "${deb}" | tar -xO --wildcards '*/systemd/system/bulkheadd.service') \
        || fail "${deb##*/} lacks the systemd unit"
      pages=$(sed -n 's/^Documentation=//p' <<<"${unit}" | tr ' ' '\n' | sed -n 's/^man:\(.*\)(\([0-9]\))$/\1.\2/p')
      [[ -n ${pages} ]] || fail "the unit names no manual page in Documentation="
      for page in ${pages}; do holds "${deb}" "/usr/share/man/man${page##*.}/${page}.gz"; done
      ;;
    bulkheadctl_*)
      holds "${deb}" /usr/share/man/man1/bulkheadctl.1.gz
      holds "${deb}" /usr/share/man/man1/bulkhead-refmodel.1.gz
      holds "${deb}" /usr/share/bash-completion/completions/bulkheadctl
      ;;
    bulkhead-console_*) holds "${deb}" /usr/share/man/man1/bulkhead.1.gz ;;
  esac
done
log "installing ${debs[*]##*/}"
dpkg -i "${debs[@]}" >/dev/null
cleanup() {
  [[ -n ${pid:-} ]] && kill "${pid}" 2>/dev/null || true
  dpkg -r bulkhead-console bulkheadctl bulkheadd >/dev/null 2>&1 || true
  psql -h "${pghost}" -p "${pgport}" -U bulkhead -d postgres -qc 'DROP DATABASE IF EXISTS bulkhead_packages WITH (FORCE)' >/dev/null 2>&1 || true
  rm -rf "${scratch:-/nonexistent}"
}
trap cleanup EXIT

/usr/bin/bulkheadd --version | grep -q '^bulkheadd ' || fail "bulkheadd --version"
/usr/bin/bulkheadctl --version | grep -q '^bulkheadctl ' || fail "bulkheadctl --version"
/usr/bin/bulkhead --version | grep -q '^bulkhead ' || fail "bulkhead --version"
getent passwd bulkhead >/dev/null || fail "postinst did not create the bulkhead account"
[[ -f /lib/systemd/system/bulkheadd.service || -f /usr/lib/systemd/system/bulkheadd.service ]] || fail "no systemd unit"
[[ $(stat -c %a /etc/bulkhead/bulkheadd.conf) == 640 ]] || fail "config file mode"
[[ -f /usr/share/applications/io.bulkhead.Console.desktop ]] || fail "no desktop file"
registered=$(bash --norc -c 'source /usr/share/bash-completion/completions/bulkheadctl && complete -p bulkheadctl')
[[ ${registered} == *_bulkheadctl* ]] || fail "the installed bash completion does not register for bulkheadctl"
if [[ -f /usr/share/man/man8/bulkheadd.8.gz ]]; then
  [[ -z $(man --warnings -l /usr/share/man/man8/bulkheadd.8.gz 2>&1 >/dev/null) ]] || fail "bulkheadd(8) renders with warnings"
fi

psql -h "${pghost}" -p "${pgport}" -U bulkhead -d postgres -qc 'CREATE DATABASE bulkhead_packages' >/dev/null
scratch=$(mktemp -d)
/usr/bin/bulkheadd --config /etc/bulkhead/bulkheadd.conf --listen 127.0.0.1:0 \
  --database "host=${pghost} port=${pgport} dbname=bulkhead_packages user=bulkhead_daemon" \
  --database-owner "host=${pghost} port=${pgport} dbname=bulkhead_packages user=bulkhead" \
  --port-file "${scratch}/port" --admin-token-file "${scratch}/admin.token" \
  --key-file "${scratch}/master.key" \
  >"${scratch}/log" 2>&1 &
pid=$!
for _ in $(seq 100); do [[ -s ${scratch}/port ]] && break; sleep 0.1; done
[[ -s ${scratch}/port ]] || { cat "${scratch}/log" >&2; fail "installed bulkheadd did not start"; }
port=$(cat "${scratch}/port")
curl -fsS "http://127.0.0.1:${port}/healthz" | grep -q ok || fail "healthz"
/usr/bin/bulkheadctl --url "http://127.0.0.1:${port}" --token "$(cat "${scratch}/admin.token")" \
  tenants list >/dev/null || fail "admin API through the installed bulkheadctl"
log "packages install, start and answer: ok"
