#!/usr/bin/env bash
# Where bulkheadd's CPU goes: `perf record` (Debian's linux-perf) of the daemon with every step on
# while wrk sends the proxy benchmark's chat request at concurrency 1 and 64, then per concurrency
# an SVG flame graph (npm `flamegraph`, installed into a scratch folder at run time) and a table of
# the samples by component (kernel network path, HTTP and Asio, JSON, scanning, PostgreSQL client,
# crypto, allocation, ...), from the leaf function of each sample.
# Usage: tests/bench/profile.sh [BUILD_DIR] [SECONDS] [OUT_DIR]
#   BUILD_DIR  default build-release; a build with symbols (-g) gives readable graphs
#   OUT_DIR    default BUILD_DIR/bench/profile: c1.svg, c64.svg, c1.folded, c64.folded
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build-release}
seconds=${2:-8}
out=${3:-${build}/bench/profile}
for tool in perf wrk jq curl; do
  command -v "${tool}" >/dev/null || { echo "profile: ${tool} is missing (packaging/install-deps.sh installs it)" >&2; exit 2; }
done
# shellcheck source=platform.sh
source "${here}/platform.sh"
mkdir -p "${out}"
work=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-profile.XXXXXX")
chmod 755 "${work}"
cleanup() { bench_platform_stop; rm -rf "${work}"; }
trap cleanup EXIT

echo "profile on $(bench_machine)"
bench_platform_start "${build}/bin" "${work}/platform" >"${work}/platform.log" 2>&1 ||
  { tail -20 "${work}/platform.log" >&2; exit 1; }

flamegraph=
if command -v npm >/dev/null &&
   timeout 240 npm install --prefix "${work}/npm" --no-audit --no-fund --loglevel=error flamegraph@1 >"${work}/npm.log" 2>&1; then
  flamegraph=${work}/npm/node_modules/.bin/flamegraph
else
  echo "profile: no flame graph (npm install flamegraph failed); the tables still follow" >&2
fi

body='{"model":"bulkhead-refmodel","max_tokens":16,"messages":[{"role":"user","content":"Summarise the renewal terms of a property catastrophe treaty."}]}'
cat >"${work}/chat.lua" <<LUA
wrk.method = "POST"
wrk.body = '${body}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${BENCH_KEY}"
LUA

# Component of a sample, from its leaf frame (symbol and object), first match wins.
classify='
function component(sym, obj) {
  if (obj ~ /kernel/ || sym ~ /^(__x64_|__sys_|do_syscall|entry_SYSCALL|tcp_|ip_|__tcp|sock_|unix_|__schedule|ep_|do_epoll|futex)/) return "kernel (network, scheduling, syscalls)"
  if (sym ~ /nlohmann/) return "JSON (nlohmann)"
  if (sym ~ /bulkhead::scan::|^hs_|hyperscan|libhs/ || obj ~ /libhs/) return "scanning (ingress, egress)"
  if (sym ~ /pqxx|PQ|pq[A-Z]/ || obj ~ /libpq/) return "PostgreSQL client (libpqxx, libpq)"
  if (obj ~ /libcrypto|libssl/ || sym ~ /EVP_|SHA256|sha256|aes|gcm/) return "crypto (OpenSSL)"
  if (sym ~ /malloc|free|_int_|operator new|operator delete|cfree|tcache/) return "allocation (malloc, free)"
  if (sym ~ /boost::beast/) return "HTTP (Beast)"
  if (sym ~ /boost::asio|boost::context|coroutine|awaitable/) return "Asio (executors, coroutines, timers)"
  if (sym ~ /bulkhead::proxy::|bulkhead::protocol::/) return "pipeline (stages, dialects, policy)"
  if (sym ~ /bulkhead::audit::|bulkhead::store::/) return "audit writer (records, hashing, SQL text)"
  if (sym ~ /bulkhead::/) return "other bulkhead code"
  if (sym ~ /^(__mem|mem|str|__str|__nss|_dl_|__libc)/ || obj ~ /libc\.so/) return "libc (memcpy, strings)"
  if (obj ~ /libstdc/) return "C++ standard library"
  return "other (" obj ")"
}'

for c in 1 64; do
  threads=$((c > 1 ? 2 : 1))
  echo
  echo "== concurrency ${c}: ${seconds} s of wrk, perf sampling bulkheadd at 999 Hz"
  perf record -F 999 -g --call-graph dwarf,16384 -p "${BENCH_PROXY_PID}" -o "${work}/perf.${c}" \
    >"${work}/perf.${c}.log" 2>&1 &
  perf_pid=$!
  sleep 0.5
  wrk -t"${threads}" -c"${c}" -d"${seconds}s" --latency -s "${work}/chat.lua" "${BENCH_PROXY}/chat/completions" |
    awk '/Requests\/sec|50%|99%/'
  kill -INT "${perf_pid}"
  wait "${perf_pid}" || true
  perf script --no-inline -i "${work}/perf.${c}" -F comm,tid,ip,sym,dso 2>/dev/null >"${work}/script.${c}"
  # Folded stacks (root;...;leaf count), the input of flame graph tools.
  awk 'function flush() { if (n) { s = ""; for (i = n; i >= 1; i--) s = s (s == "" ? "" : ";") f[i]; count[s]++ } n = 0 }
       /^[^ \t]/ { flush(); next }
       /^$/ { flush(); next }
       { sym = $2; for (i = 3; i < NF; i++) sym = sym " " $i; gsub(/;/, ":", sym); sub(/\+0x[0-9a-f]+$/, "", sym); f[++n] = sym }
       END { flush(); for (s in count) print s, count[s] }' "${work}/script.${c}" >"${out}/c${c}.folded"
  if [[ -n ${flamegraph} ]]; then
    perf script --no-inline -i "${work}/perf.${c}" 2>/dev/null | "${flamegraph}" -t perf >"${out}/c${c}.svg" 2>/dev/null ||
      echo "profile: the flame graph for concurrency ${c} failed" >&2
  fi
  echo "samples by component (leaf frame), concurrency ${c}:"
  awk "${classify}"'
    /^[^ \t]/ || /^$/ { leaf = 1; next }
    leaf { sym = $2; for (i = 3; i < NF; i++) sym = sym " " $i; obj = $NF; comp[component(sym, obj)]++; total++; leaf = 0 }
    END { for (k in comp) printf "  PROFILE\t%d\t%5.1f%%\t%s\n", c, 100 * comp[k] / total, k }' c="${c}" "${work}/script.${c}" |
    sort -t$'\t' -k3 -rn
done
echo
echo "flame graphs and folded stacks in ${out}"
