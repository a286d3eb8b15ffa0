#!/usr/bin/env bash
# Installs every build, test and run dependency of Bulkhead from Debian 12's packages,
# and pgvector into PostgreSQL 15 from Debian's own pgvector source package.
# Idempotent: a second run checks, finds everything present, and exits in seconds.
set -euo pipefail

PG_MAJOR=15
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
# pgvector has no Debian 12 binary package; its source comes from the next release's index.
PGVECTOR_SUITE="${PGVECTOR_SUITE:-trixie}"

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git dpkg-dev
  # Qt 6 console (Charts needs the OpenGL and xkbcommon headers to configure)
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-qpa-plugins libqt6opengl6-dev libxkbcommon-dev libgl-dev qtkeychain-qt6-dev libqt6svg6
  # backend libraries
  libpqxx-dev libpq-dev libssl-dev nlohmann-json3-dev libboost1.81-dev
  libhyperscan-dev libzip-dev libcairo2-dev
  # database
  postgresql-${PG_MAJOR} postgresql-server-dev-${PG_MAJOR} postgresql-client-${PG_MAJOR}
  # high availability: pg_auto_failover (monitor, keeper, pg_autoctl), its tests and figures
  postgresql-${PG_MAJOR}-auto-failover pg-auto-failover-cli
  # tests: a real Secret Service, a session bus, fonts for offscreen rendering
  gnome-keyring dbus dbus-x11 libsecret-tools fonts-dejavu-core xvfb xauth jq procps curl adduser
  # packaging checks: manual pages (groff -ww, man --warnings, lexgrog), the bash completion
  # with bash-completion's helpers, and promtool for the alert rules (Debian ships it only in
  # the prometheus package; its server is not needed, see below)
  groff-base man-db bash-completion prometheus
  # benchmarks: a load generator and a plain reverse proxy as the baseline; column for the table
  wrk nginx-light bsdextrautils
  # hardening: clang with libFuzzer (libclang_rt.fuzzer is in libclang-rt-14-dev) and
  # llvm-symbolizer for readable sanitizer stacks
  clang-14 libclang-rt-14-dev llvm-14
  # the test command's compilation cache: a second run compiles only what changed
  ccache
)

# Node.js and npm: the Portkey gateway (a benchmark peer, installed into a scratch folder at bench
# time) and the OSCAL schema validator. A Node.js that already brings its own npm (as NodeSource's
# does) conflicts with Debian's npm package, so npm is only asked for when there is none.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

log() { printf 'install-deps: %s\n' "$*" >&2; }

if [[ ${EUID} -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=PGVECTOR_SUITE bash "$0" "$@"
  fi
  log "must run as root or through sudo"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

missing_packages() {
  local p status
  for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ ${status} == installed ]] || printf '%s\n' "$p"
  done
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]})); then
  log "installing ${#missing[@]} packages: ${missing[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Installed only for promtool: do not leave a Prometheus server running that nobody asked for.
  if [[ " ${missing[*]} " == *" prometheus "* ]] && [[ -d /run/systemd/system ]]; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  fi
else
  log "all ${#PACKAGES[@]} packages present"
fi

pgvector_installed() {
  local sharedir libdir
  sharedir=$("${PG_CONFIG}" --sharedir)
  libdir=$("${PG_CONFIG}" --pkglibdir)
  [[ -f ${sharedir}/extension/vector.control && -f ${libdir}/vector.so ]]
}

if pgvector_installed; then
  log "pgvector present"
else
  src_list=/etc/apt/sources.list.d/bulkhead-pgvector-src.sources
  if [[ ! -f ${src_list} ]]; then
    log "adding the ${PGVECTOR_SUITE} source index (deb-src only: no binary package changes)"
    cat >"${src_list}" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${PGVECTOR_SUITE}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  apt-get update -q
  workdir=$(mktemp -d)
  trap 'rm -rf "${workdir}"' EXIT
  chmod 755 "${workdir}"
  log "fetching Debian's pgvector source package"
  (cd "${workdir}" && apt-get source -q pgvector)
  srcdir=$(find "${workdir}" -maxdepth 1 -mindepth 1 -type d -name 'pgvector-*' | head -n1)
  [[ -n ${srcdir} ]] || { log "apt-get source pgvector produced no source tree"; exit 1; }
  log "building $(basename "${srcdir}") with PGXS"
  # OPTFLAGS= keeps the build portable (upstream defaults to -march=native).
  make -C "${srcdir}" -s PG_CONFIG="${PG_CONFIG}" OPTFLAGS="" -j"$(nproc)"
  make -C "${srcdir}" -s PG_CONFIG="${PG_CONFIG}" OPTFLAGS="" install
  pgvector_installed || { log "pgvector build finished but the extension is not installed"; exit 1; }
  log "pgvector installed"
fi

# The evidence tests validate the OSCAL document against NIST's schema with Ajv (a JSON Schema
# validator) and its format checks, pinned, from npm into the global Node.js module folder.
AJV_PACKAGES=(ajv@8.17.1 ajv-formats@3.0.1)
node_modules=$(npm root -g)
if [[ -f ${node_modules}/ajv/package.json && -f ${node_modules}/ajv-formats/package.json ]]; then
  log "ajv present"
else
  log "installing ${AJV_PACKAGES[*]} from npm"
  npm install -g --no-audit --no-fund --loglevel=error "${AJV_PACKAGES[@]}"
fi
# tst_openapi validates the published API description (resources/openapi.json) with an OpenAPI
# 3.1 validator, pinned, from npm into the same folder.
OPENAPI_VALIDATOR=@seriousme/openapi-schema-validator@2.11.0
if [[ -f ${node_modules}/@seriousme/openapi-schema-validator/package.json ]]; then
  log "openapi-schema-validator present"
else
  log "installing ${OPENAPI_VALIDATOR} from npm"
  npm install -g --no-audit --no-fund --loglevel=error "${OPENAPI_VALIDATOR}"
fi
