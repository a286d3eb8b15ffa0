#!/usr/bin/env bash
# Every benchmark in one run, one table: figure, value, baseline, ratio, goal, met.
#   bash tests/bench/run-all.sh [BUILD_DIR]        (default: build-release)
# Configures a Release build if BUILD_DIR has none, builds only the bench targets and the
# programs they start, starts a private platform (PostgreSQL through `bulkheadctl cluster start`,
# the refmodel, bulkheadd with everything on; nginx and the Portkey gateway for the proxy
# figures), runs each program and collects its FIGURE lines. The full output goes to
# BUILD_DIR/bench/bench.log, the table to BUILD_DIR/bench/figures.tsv.
# Environment: BENCH_SCALE=small (a quick pass with smaller sizes), BENCH_PORTKEY_DIR (where
# the Portkey gateway is installed and reused; default a scratch folder removed after the run),
# BENCH_RUNS=N (default 1): the headline benchmarks (proxy overhead, streaming, audit, data keys,
# console) run in N whole passes, one after the other, and each of their figures is reported as
# min / median / max of the N passes, its baseline, ratio and verdict those of the median pass.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build-release}
out=${build}/bench
small=$([[ ${BENCH_SCALE:-} == small ]] && echo 1 || true)
runs=${BENCH_RUNS:-1}
[[ ${runs} =~ ^[1-9][0-9]?$ ]] || { echo "run-all: BENCH_RUNS must be a number from 1 to 99" >&2; exit 2; }
# shellcheck source=platform.sh
source "${here}/platform.sh"

# --- build ----------------------------------------------------------------------------------------
if [[ ! -f ${build}/build.ninja ]]; then
  # Without -Werror: GCC 12 at -O3 reports a false -Wrestrict inside libstdc++ (std::string
  # operator+), which the RelWithDebInfo builds of CI do not see.
  cmake -S "${root}" -B "${build}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULKHEAD_WERROR=OFF >/dev/null || exit 1
fi
wanted=(bulkheadd bulkheadctl bulkhead-refmodel bench_egress bench_envelope bench_audit bench_streaming
        bench_streamfilter bench_retrieval bench_console bench_failover)
available=$(ninja -C "${build}" -t targets all 2>/dev/null | sed -n 's/^\([a-z_-]*\): phony$/\1/p')
targets=()
for t in "${wanted[@]}"; do grep -qx "${t}" <<<"${available}" && targets+=("${t}"); done
echo "run-all: building ${targets[*]} in ${build}" >&2
ninja -C "${build}" -j2 "${targets[@]}" >&2 || exit 1
bin=${build}/bin

mkdir -p "${out}"
log=${out}/bench.log
figures=${out}/figures.tsv
passes=${out}/passes.tsv  # pass, then the FIGURE fields
: >"${log}"
: >"${figures}"
: >"${passes}"
pass=1
machine=$(bench_machine)
echo "machine: ${machine}" >>"${log}"

work=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-bench.XXXXXX")
chmod 755 "${work}"  # the PostgreSQL account must enter it when run as root
cleanup() {
  [[ -f ${work}/nginx-stream.pid ]] && kill "$(cat "${work}/nginx-stream.pid")" 2>/dev/null
  bench_platform_stop
  rm -rf "${work}"
}
trap cleanup EXIT

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${pass}" "$@" >>"${passes}"; }

# Runs one benchmark: its output to the log, its FIGURE lines to the table; a failure or a
# missing program becomes a row saying so, never a silent gap.
bench() {  # title command...
  local title=$1
  shift
  if [[ ! -x $1 && $1 != bash ]]; then
    row "${title}" "skipped: $(basename "$1") not built" - - - -
    return
  fi
  echo "run-all: ${title} (pass ${pass} of ${runs})" >&2
  echo "=== ${title}, pass ${pass}: $*" >>"${log}"
  local start=${SECONDS} rc=0
  "$@" >"${work}/out" 2>"${work}/err" || rc=$?
  cat "${work}/out" "${work}/err" >>"${log}"
  # A program that failed says so in one row; its figures stay in the log, out of the table.
  if ((rc == 0)); then
    sed -n "s/^FIGURE\t/${pass}\t/p" "${work}/out" >>"${passes}"
  else
    row "${title}" "failed (exit ${rc}; see ${log})" - - - -
  fi
  echo "    ${title}: $((SECONDS - start)) s" >>"${log}"
}

# --- the platform -----------------------------------------------------------------------------------
bench_platform_start "${bin}" "${work}/platform" >>"${log}" 2>&1 || {
  echo "run-all: the platform did not start; see ${log} and ${work}" >&2
  tail -20 "${log}" >&2
  exit 1
}
export BULKHEAD_TEST_PGHOST BULKHEAD_TEST_PGPORT
BULKHEAD_TEST_PGHOST=$(jq -r .socket_dir "${work}/platform/pg.json")
BULKHEAD_TEST_PGPORT=$(jq -r .port "${work}/platform/pg.json")

# --- the benchmarks -----------------------------------------------------------------------------
# Streaming: a refmodel pacing its tokens, and a bulkheadd of its own in front of it (same
# database and tenant), so the memory figure is that daemon's alone. nginx forwarding the same
# streams (proxy_buffering off, one worker per core) is the floor of any proxy on this machine.
streams=$([[ -n ${small} ]] && echo 200 || echo 2000)
streaming() {
  local slow_pid='' stream_pid=''
  if bench_refmodel refmodel-slow --token-delay-ms 50 >>"${log}" 2>&1; then
    slow_pid=${BENCH_LAST_PID}
    slow_hostport="127.0.0.1:${BENCH_LAST_PORT}"
    slow="http://${slow_hostport}/v1"
    forwarder=()
    if command -v nginx >/dev/null; then
      fwd_port=$(bench_free_port)
      mkdir -p "${work}/nginx-stream"
      cat >"${work}/nginx-stream.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile $((4 * streams + 256));
pid ${work}/nginx-stream.pid;
error_log ${work}/nginx-stream/error.log warn;
events { worker_connections $((2 * streams + 256)); }
http {
  access_log off;
  client_body_temp_path ${work}/nginx-stream;
  proxy_temp_path ${work}/nginx-stream;
  upstream slow { server ${slow_hostport}; keepalive 128; }
  server {
    listen 127.0.0.1:${fwd_port};
    location / { proxy_pass http://slow; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
  }
}
CONF
      if nginx -c "${work}/nginx-stream.conf" -p "${work}/nginx-stream" 2>>"${log}"; then
        sleep 0.5
        workers=$(pgrep -d, -P "$(cat "${work}/nginx-stream.pid")")
        forwarder=(--forwarder "http://127.0.0.1:${fwd_port}/v1/chat/completions" --forwarder-pids "${workers}")
      fi
    fi
    if bench_daemon bulkheadd-stream "${slow}" >>"${log}" 2>&1; then
      stream_pid=${BENCH_LAST_PID}
      sleep 1.5  # its first policy snapshot
      bench "streaming" "${bin}/bench_streaming" --direct "${slow}/chat/completions" \
        --proxy "http://127.0.0.1:${BENCH_LAST_PORT}/v1/chat/completions" --key "${BENCH_KEY}" \
        --streams "${streams}" --direct-pid "${slow_pid}" --proxy-pid "${BENCH_LAST_PID}" \
        "${forwarder[@]}" --token-delay-ms 50 --samples 20
    else
      row "streaming" "failed: the streaming bulkheadd did not start" - - - -
    fi
    [[ -f ${work}/nginx-stream.pid ]] && kill "$(cat "${work}/nginx-stream.pid")" 2>/dev/null
  else
    row "streaming" "failed: the slow refmodel did not start" - - - -
  fi
  # Each pass starts its own: the last pass's 2,000 streams leave nothing behind.
  [[ -n ${stream_pid:-} ]] && kill "${stream_pid}" 2>/dev/null
  [[ -n ${slow_pid:-} ]] && kill "${slow_pid}" 2>/dev/null
  stream_pid='' slow_pid=''
  return 0
}

# The headline figures: in each pass, so that BENCH_RUNS passes give their spread.
headline() {
  bench "proxy overhead" bash "${here}/proxy_overhead.sh" "${build}" "${small:+2}"
  streaming
  bench "audit" "${bin}/bench_audit" "$([[ -n ${small} ]] && echo 4000 || echo 20000)" 64
  bench "envelope encryption" "${bin}/bench_envelope" "$([[ -n ${small} ]] && echo 20000 || echo 200000)"
  QT_QPA_PLATFORM=offscreen bench "console" "${bin}/bench_console" 10000 "$([[ -n ${small} ]] && echo 100000 || echo 1000000)"
}

headline
bench "noisy neighbour" bash "${here}/noisy_neighbour.sh" "${build}" "${small:+4}"
bench "stream filter" "${bin}/bench_streamfilter" "${streams}" 40 1000
bench "egress scanning" "${bin}/bench_egress" 10000 "$([[ -n ${small} ]] && echo 16 || echo 64)"
bench "retrieval" "${bin}/bench_retrieval" ${small:+--tenants 4 --chunks 300}
bench "failover" "${bin}/bench_failover" "$([[ -n ${small} ]] && echo 1 || echo 3)"
for ((pass = 2; pass <= runs; pass++)); do
  headline
done

# --- the table ----------------------------------------------------------------------------------------
# One row per figure, in the order first printed. A figure of several passes shows min / median /
# max of its value (by the value's leading number); baseline, ratio and verdict are the median
# pass's, and the verdict counts the passes that met the goal. A value that is itself a list
# ("p50 / p90 / ...") is the median pass's alone; one that is no number (a failure) is shown for
# every pass.
awk -F'\t' -v OFS='\t' '
  { name = $2; if (!(name in count)) order[++names] = name
    i = ++count[name]; row[name, i] = $0; key[name, i] = leading($3) }
  function leading(v) { gsub(",", "", v); return match(v, /^-?[0-9]+(\.[0-9]+)?/) ? substr(v, RSTART, RLENGTH) + 0 : "" }
  END {
    for (k = 1; k <= names; k++) {
      name = order[k]; n = count[name]; numeric = 1
      for (i = 1; i <= n; i++) if (key[name, i] == "") numeric = 0
      if (n == 1 || !numeric) {
        for (i = 1; i <= n; i++) { split(row[name, i], f, "\t"); print f[2] (n > 1 ? " (pass " f[1] ")" : ""), f[3], f[4], f[5], f[6], f[7] }
        continue
      }
      for (i = 1; i <= n; i++) idx[i] = i
      for (i = 2; i <= n; i++) for (j = i; j > 1 && key[name, idx[j]] < key[name, idx[j - 1]]; j--) { t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t }
      split(row[name, idx[1]], lo, "\t"); split(row[name, idx[int((n + 1) / 2)]], mid, "\t"); split(row[name, idx[n]], hi, "\t")
      value = (mid[3] ~ / \/ /) ? mid[3] " (median of " n ")" : lo[3] " / " mid[3] " / " hi[3]
      met = mid[7]; yes = 0
      for (i = 1; i <= n; i++) { split(row[name, i], f, "\t"); if (f[7] == "yes") yes++ }
      if (met == "yes" || met == "no") met = met " (" yes " of " n ")"
      print name (mid[3] ~ / \/ / ? "" : " [min / median / max of " n "]"), value, mid[4], mid[5], mid[6], met
    }
  }' "${passes}" >"${figures}"
{
  echo
  echo "Bulkhead benchmarks on ${machine}"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), ${build}$([[ -n ${small} ]] && echo ', BENCH_SCALE=small'), ${runs} pass(es) of the headline figures"
  echo
  { printf 'figure\tvalue\tbaseline\tratio\tgoal\tmet\n'; cat "${figures}"; } | column -t -s $'\t'
  echo
  echo "goals met (at the median pass): $(awk -F'\t' '$6 ~ /^yes/' "${figures}" | wc -l) of $(awk -F'\t' '$6 ~ /^(yes|no)/' "${figures}" | wc -l); full output: ${log}"
} | tee -a "${log}"
