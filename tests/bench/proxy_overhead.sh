#!/usr/bin/env bash
# Proxy overhead: the same small chat request straight to the reference upstream, through nginx
# as a plain reverse proxy, and through bulkheadd with everything on (auth, policy, prompt
# assembly, cache salt, ingress and egress scanning), at concurrency 1 and 64, measured with wrk
# in one run. Prints p50/p99 latency and throughput, and ratios against the baselines.
# Usage: tests/bench/proxy_overhead.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-${root}/build}
seconds=${2:-10}
bin=${build}/bin
for tool in wrk nginx jq; do
  command -v "${tool}" >/dev/null || { echo "proxy_overhead: ${tool} is missing (packaging/install-deps.sh installs it)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-bench.XXXXXX")
chmod 755 "${work}"
cleanup() {
  [[ -f ${work}/nginx.pid ]] && kill "$(cat "${work}/nginx.pid")" 2>/dev/null || true
  "${bin}/bulkheadctl" demo down --dir "${work}/demo" >/dev/null 2>&1 || true
  rm -rf "${work}"
}
trap cleanup EXIT

echo "proxy_overhead: starting the demo platform" >&2
"${bin}/bulkheadctl" demo up --dir "${work}/demo" --json >"${work}/demo.json" 2>/dev/null
upstream=$(jq -r .upstream_url "${work}/demo.json")   # http://127.0.0.1:P/v1
proxy=$(jq -r .proxy_url "${work}/demo.json")
key=$(jq -r '.tenants[] | select(.id=="property") | .api_key' "${work}/demo.json")
upstream_hostport=${upstream#http://}
upstream_hostport=${upstream_hostport%/v1}

nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)
mkdir -p "${work}/nginx"
cat >"${work}/nginx.conf" <<CONF
worker_processes 2;
pid ${work}/nginx.pid;
error_log ${work}/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${work}/nginx;
  proxy_temp_path ${work}/nginx;
  upstream refmodel { server ${upstream_hostport}; keepalive 128; }
  server {
    listen 127.0.0.1:${nginx_port};
    location / {
      proxy_pass http://refmodel;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
CONF
nginx -c "${work}/nginx.conf" -p "${work}/nginx" 2>/dev/null
sleep 0.5

body='{"model":"bulkhead-refmodel","max_tokens":16,"messages":[{"role":"user","content":"Summarise the renewal terms of a property catastrophe treaty."}]}'
cat >"${work}/chat.lua" <<LUA
wrk.method = "POST"
wrk.body = '${body}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
LUA

# Latency in microseconds from wrk's "50% 1.23ms" lines.
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") m = 1; else if (u == "ms") m = 1000; else if (u == "s") m = 1000000; else m = 1;
    printf "%.0f", n * m }'
}

run() {  # name url concurrency -> "rps p50us p99us"
  local name=$1 url=$2 c=$3 threads=1
  ((c > 1)) && threads=2
  local out
  out=$(BENCH_KEY=${key} wrk -t"${threads}" -c"${c}" -d"${seconds}s" --latency -s "${work}/chat.lua" "${url}" 2>&1)
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"${out}")
  p50=$(to_us "$(awk '$1=="50%" {print $2}' <<<"${out}")")
  p99=$(to_us "$(awk '$1=="99%" {print $2}' <<<"${out}")")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"${out}")
  echo "${rps} ${p50} ${p99} ${errors:-0}"
}

printf '\n%-28s %5s %12s %10s %10s %8s\n' "path" "conc" "req/s" "p50 us" "p99 us" "non-2xx"
declare -A R
for c in 1 64; do
  for target in direct nginx bulkheadd; do
    case ${target} in
      direct) url="${upstream}/chat/completions" ;;
      nginx) url="http://127.0.0.1:${nginx_port}/v1/chat/completions" ;;
      bulkheadd) url="${proxy}/chat/completions" ;;
    esac
    echo "proxy_overhead: ${target} at concurrency ${c} for ${seconds}s" >&2
    R[${target}_${c}]=$(run "${target}" "${url}" "${c}")
    read -r rps p50 p99 errors <<<"${R[${target}_${c}]}"
    printf '%-28s %5s %12s %10s %10s %8s\n' "${target}" "${c}" "${rps}" "${p50}" "${p99}" "${errors}"
  done
done

echo
for c in 1 64; do
  read -r d_rps d_p50 d_p99 _ <<<"${R[direct_${c}]}"
  read -r n_rps n_p50 n_p99 _ <<<"${R[nginx_${c}]}"
  read -r b_rps b_p50 b_p99 _ <<<"${R[bulkheadd_${c}]}"
  awk -v c="${c}" -v dp50="${d_p50}" -v dp99="${d_p99}" -v np50="${n_p50}" -v np99="${n_p99}" \
      -v bp50="${b_p50}" -v bp99="${b_p99}" -v nr="${n_rps}" -v br="${b_rps}" 'BEGIN {
    printf "concurrency %s: added p50 bulkheadd %+.0f us, nginx %+.0f us; added p99 bulkheadd %+.0f us, nginx %+.0f us; throughput bulkheadd/nginx %.2f\n",
      c, bp50 - dp50, np50 - dp50, bp99 - dp99, np99 - dp99, (nr > 0 ? br / nr : 0) }'
done
echo "(goals: added p99 <= 250 us at concurrency 1; throughput >= 0.5 x nginx; all on this 2-core machine with the load generator and upstream sharing the cores)"
