#!/usr/bin/env bash
# Noisy neighbour: a quiet tenant's chat latency (one connection, keep-alive) while another tenant
# floods the same bulkheadd with 48 connections of chats and 8 of 512 KiB document uploads, next
# to the same quiet traffic on an idle daemon in the same run. The flooding tenant has limits
# (requests per second, requests in flight, document bytes per day); the quiet one has none.
# Prints the quiet tenant's p50/p99 idle and flooded, its non-2xx answers (goal: none) and the
# flooding tenant's answers by status (its 429s), then FIGURE lines for run-all.sh.
# Usage: tests/bench/noisy_neighbour.sh [BUILD_DIR] [SECONDS]
# With BENCH_PROXY, BENCH_ADMIN and BENCH_KEY set (run-all.sh), it uses that platform; otherwise
# it starts one from BUILD_DIR/bin.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build-release}
seconds=${2:-8}
for tool in wrk jq curl head base64; do
  command -v "${tool}" >/dev/null || { echo "noisy_neighbour: ${tool} is missing" >&2; exit 2; }
done
# shellcheck source=platform.sh
source "${here}/platform.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-noisy-bench.XXXXXX")
chmod 755 "${work}"
own_platform=
flood_pids=()
cleanup() {
  for pid in "${flood_pids[@]}"; do kill "${pid}" 2>/dev/null || true; done
  [[ -n ${own_platform} ]] && bench_platform_stop
  rm -rf "${work}"
}
trap cleanup EXIT

echo "noisy_neighbour on $(bench_machine)"
if [[ -z ${BENCH_PROXY:-} ]]; then
  own_platform=1
  bench_platform_start "${build}/bin" "${work}/platform"
fi

# The flooding tenant, with limits; the quiet tenant is the platform's own (no limits).
bench_admin POST /admin/v1/tenants '{"id":"noisy_bench","name":"Noisy","classifications":[],"relationship":"internal","threat":"low","regimes":[],"tier":1}' >/dev/null
bench_admin PUT /admin/v1/tenants/noisy_bench/limits \
  '{"requests_per_second":200,"burst":50,"concurrent_requests":8,"document_bytes_per_day":20000000}' >/dev/null
noisy_key=$(bench_admin POST /admin/v1/tenants/noisy_bench/keys '{"label":"bench"}' | jq -r .api_key)
for _ in $(seq 50); do  # its key reaches the policy snapshot within a refresh period
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${noisy_key}" -H 'Content-Type: application/json' \
    --data '{"model":"bulkhead-refmodel","max_tokens":4,"messages":[{"role":"user","content":"hello"}]}' \
    "${BENCH_PROXY}/chat/completions")
  [[ ${status} == 200 ]] && break
  sleep 0.1
done

# Lua scripts: each thread counts answers by status; done() sums the threads.
status_lua='
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; limited = 0; client = 0; server = 0 end
function response(status, headers, body)
  if status < 300 then ok = ok + 1 elseif status == 429 then limited = limited + 1
  elseif status < 500 then client = client + 1 else server = server + 1 end
end
function done(summary, latency, requests)
  local o, l, c, s = 0, 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); l = l + t:get("limited"); c = c + t:get("client"); s = s + t:get("server") end
  io.write(string.format("STATUS ok=%d limited=%d client=%d server=%d\n", o, l, c, s))
end'
chat_body='{"model":"bulkhead-refmodel","max_tokens":16,"messages":[{"role":"user","content":"Summarise the renewal terms of a property catastrophe treaty."}]}'
write_chat_lua() {  # file key
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.body = '${chat_body}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $2"
${status_lua}
LUA
}
write_chat_lua "${work}/quiet.lua" "${BENCH_KEY}"
write_chat_lua "${work}/noisy-chat.lua" "${noisy_key}"
# A 512 KiB document of words (base64 text, wrapped into lines).
head -c 393216 /dev/urandom | base64 -w 76 | tr '+/' 'ab' | tr '\n' ' ' >"${work}/doc.txt"
jq -cRs '{text: ., metadata: {source: "bench"}}' "${work}/doc.txt" >"${work}/doc.json"
cat >"${work}/noisy-doc.lua" <<LUA
local f = io.open("${work}/doc.json", "r")
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${noisy_key}"
${status_lua}
LUA

quiet_run() {  # -> "p50us p99us ok limited client server"
  local out
  out=$(wrk -t1 -c1 -d"${seconds}s" --latency -s "${work}/quiet.lua" "${BENCH_PROXY}/chat/completions" 2>&1) || true
  [[ -n ${BENCH_VERBOSE:-} ]] && echo "${out}" >&2
  local p50 p99 st
  p50=$(bench_us "$(awk '$1=="50%" {print $2}' <<<"${out}")")
  p99=$(bench_us "$(awk '$1=="99%" {print $2}' <<<"${out}")")
  st=$(sed -n 's/^STATUS ok=\([0-9]*\) limited=\([0-9]*\) client=\([0-9]*\) server=\([0-9]*\)$/\1 \2 \3 \4/p' <<<"${out}")
  echo "${p50:-0} ${p99:-0} ${st:-0 0 0 0}"
}
statuses() { sed -n 's/^STATUS ok=\([0-9]*\) limited=\([0-9]*\) client=\([0-9]*\) server=\([0-9]*\)$/\1 \2 \3 \4/p' "$1"; }

wrk -t1 -c1 -d1s -s "${work}/quiet.lua" "${BENCH_PROXY}/chat/completions" >/dev/null 2>&1 || true  # warm-up
read -r idle_p50 idle_p99 idle_ok _ idle_client idle_server <<<"$(quiet_run)"

# The flood starts, then the quiet tenant is measured inside it.
flood=$((seconds + 4))
wrk -t2 -c48 -d"${flood}s" -s "${work}/noisy-chat.lua" "${BENCH_PROXY}/chat/completions" >"${work}/noisy-chat.out" 2>&1 &
flood_pids+=($!)
if ((${NOISY_DOC_CONNECTIONS:-8} > 0)); then
  wrk -t1 -c"${NOISY_DOC_CONNECTIONS:-8}" -d"${flood}s" -s "${work}/noisy-doc.lua" "${BENCH_PROXY}/documents" >"${work}/noisy-doc.out" 2>&1 &
  flood_pids+=($!)
fi
sleep 2
read -r busy_p50 busy_p99 busy_ok _ busy_client busy_server <<<"$(quiet_run)"
for pid in "${flood_pids[@]}"; do wait "${pid}" || true; done
flood_pids=()
read -r chat_ok chat_limited chat_client chat_server <<<"$(statuses "${work}/noisy-chat.out")"
read -r doc_ok doc_limited doc_client doc_server <<<"$( [[ -f ${work}/noisy-doc.out ]] && statuses "${work}/noisy-doc.out")"

printf '\n%-34s %10s %10s %8s %8s\n' "quiet tenant, 1 connection" "p50 us" "p99 us" "2xx" "non-2xx"
printf '%-34s %10s %10s %8s %8s\n' "idle daemon" "${idle_p50}" "${idle_p99}" "${idle_ok}" "$((idle_client + idle_server))"
printf '%-34s %10s %10s %8s %8s\n' "during the flood" "${busy_p50}" "${busy_p99}" "${busy_ok}" "$((busy_client + busy_server))"
printf '\n%-34s %8s %8s %8s %8s\n' "flooding tenant" "2xx" "429" "4xx" "5xx"
printf '%-34s %8s %8s %8s %8s\n' "chats, 48 connections" "${chat_ok:-0}" "${chat_limited:-0}" "${chat_client:-0}" "${chat_server:-0}"
printf '%-34s %8s %8s %8s %8s\n' "512 KiB documents, 8 connections" "${doc_ok:-0}" "${doc_limited:-0}" "${doc_client:-0}" "${doc_server:-0}"

figure() { printf 'FIGURE\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
p99_ratio=$(ratio "${busy_p99}" "${idle_p99}")
echo
figure "quiet tenant p50 under a flood (us)" "${busy_p50}" "idle ${idle_p50}" "$(ratio "${busy_p50}" "${idle_p50}")" "-" "-"
figure "quiet tenant p99 under a flood (us)" "${busy_p99}" "idle ${idle_p99}" "${p99_ratio}" "<= 20 x idle" \
  "$(awk -v r="${p99_ratio}" 'BEGIN { print (r != "-" && r <= 20) ? "yes" : "no" }')"
figure "quiet tenant non-2xx answers under a flood" "$((busy_client + busy_server))" "of $((busy_ok + busy_client + busy_server))" "-" "0" \
  "$( ((busy_client + busy_server == 0)) && echo yes || echo no)"
figure "flooding tenant 429s (chats + documents)" "$((${chat_limited:-0} + ${doc_limited:-0}))" \
  "of $((${chat_ok:-0} + ${chat_limited:-0} + ${chat_client:-0} + ${chat_server:-0} + ${doc_ok:-0} + ${doc_limited:-0} + ${doc_client:-0} + ${doc_server:-0}))" "-" "> 0" \
  "$( ((${chat_limited:-0} + ${doc_limited:-0} > 0)) && echo yes || echo no)"
