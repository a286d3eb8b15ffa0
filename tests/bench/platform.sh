# Sourced by the benchmark scripts: a private platform for one run, torn down on exit.
#   bench_platform_start BIN_DIR WORK_DIR   a PostgreSQL cluster (bulkheadctl cluster start), a fast
#                                           refmodel, bulkheadd with everything on, one Tier 1 tenant
#   bench_refmodel NAME [FLAGS]             one more refmodel (e.g. a slow one for streaming)
#   bench_daemon NAME UPSTREAM_URL [FLAGS]  one more bulkheadd on the same database
# bench_refmodel and bench_daemon set BENCH_LAST_PORT and BENCH_LAST_PID (they run in this shell,
# not in a $(...) subshell, so the processes stay this shell's children).
#   bench_platform_stop                     stops what was started, in reverse order
# BENCH_DAEMON_FLAGS, when set, is added to the platform's bulkheadd (e.g. "--threads 1").
# Sets BENCH_UPSTREAM (http://127.0.0.1:P/v1), BENCH_PROXY (http://127.0.0.1:P/v1), BENCH_KEY,
# BENCH_PROXY_PID, BENCH_UPSTREAM_PID. Every process started is recorded in WORK_DIR/pids.

bench_port_wait() {  # port-file pid log -> port
  local file=$1 pid=$2 log=$3 i
  for ((i = 0; i < 600; i++)); do
    if [[ -s ${file} ]]; then cat "${file}"; return 0; fi
    kill -0 "${pid}" 2>/dev/null || { echo "bench: process ${pid} exited during start-up:" >&2; tail -20 "${log}" >&2; return 1; }
    sleep 0.05
  done
  echo "bench: ${file} never appeared" >&2
  return 1
}

bench_spawn() {  # name program args... (the program takes --port-file)
  local name=$1 program=$2
  shift 2
  rm -f "${BENCH_WORK}/${name}.port"  # a later start of the same name must not read the last one's port
  "${program}" "$@" --port-file "${BENCH_WORK}/${name}.port" >"${BENCH_WORK}/${name}.log" 2>&1 &
  BENCH_LAST_PID=$!
  echo "${name} ${BENCH_LAST_PID}" >>"${BENCH_WORK}/pids"
  BENCH_LAST_PORT=$(bench_port_wait "${BENCH_WORK}/${name}.port" "${BENCH_LAST_PID}" "${BENCH_WORK}/${name}.log")
}

bench_refmodel() {  # name [flags]
  local name=$1
  shift
  bench_spawn "${name}" "${BENCH_BIN}/bulkhead-refmodel" --listen 127.0.0.1:0 "$@"
}

bench_daemon() {  # name upstream_url [flags]
  local name=$1 upstream=$2
  shift 2
  bench_spawn "${name}" "${BENCH_BIN}/bulkheadd" --listen 127.0.0.1:0 \
    --database "${BENCH_RUNTIME_DSN}" --database-owner "${BENCH_DSN}" \
    --upstream-url "${upstream}" --admin-token-file "${BENCH_WORK}/admin.token" \
    --audit-key-file "${BENCH_WORK}/audit.key" --key-provider file --key-file "${BENCH_WORK}/master.key" \
    --max-connections 8192 "$@"
}

bench_free_port() {  # a TCP port free on loopback now
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

bench_us() {  # wrk's "1.23ms" -> microseconds
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") m = 1; else if (u == "ms") m = 1000; else if (u == "s") m = 1000000; else m = 1;
    printf "%.0f", n * m }'
}

bench_admin() {  # method path [json] -> body (fails on a non-2xx answer)
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $(cat "${BENCH_WORK}/admin.token")" \
    -H 'Content-Type: application/json' ${3:+--data "$3"} "${BENCH_ADMIN}$2"
}

bench_platform_start() {
  BENCH_BIN=$1
  BENCH_WORK=$2
  mkdir -p "${BENCH_WORK}"
  # The PostgreSQL account must enter it (and its parent, often from mktemp) when run as root.
  chmod 755 "${BENCH_WORK}" "$(dirname "${BENCH_WORK}")" 2>/dev/null || true
  # One file descriptor per client connection and per upstream connection, plus headroom.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  echo "bench: starting a private PostgreSQL cluster" >&2
  "${BENCH_BIN}/bulkheadctl" cluster start --dir "${BENCH_WORK}/pg" --json >"${BENCH_WORK}/pg.json" || return 1
  BENCH_DSN=$(jq -r .dsn "${BENCH_WORK}/pg.json")
  BENCH_RUNTIME_DSN=$(jq -r .runtime_dsn "${BENCH_WORK}/pg.json")
  BENCH_PG_PID=$(jq -r .pid "${BENCH_WORK}/pg.json")  # the postmaster: its children are the backends
  echo "bench: starting the refmodel and bulkheadd" >&2
  bench_refmodel refmodel || return 1
  BENCH_UPSTREAM_PID=${BENCH_LAST_PID}
  BENCH_UPSTREAM="http://127.0.0.1:${BENCH_LAST_PORT}/v1"
  bench_daemon bulkheadd "${BENCH_UPSTREAM}" ${BENCH_DAEMON_FLAGS:-} || return 1
  BENCH_PROXY_PID=${BENCH_LAST_PID}
  BENCH_ADMIN="http://127.0.0.1:${BENCH_LAST_PORT}"
  BENCH_PROXY="${BENCH_ADMIN}/v1"
  bench_admin POST /admin/v1/tenants '{"id":"property","name":"Northwind Re: Property","classifications":[],"relationship":"internal","threat":"low","regimes":[],"tier":1,"system_prompt":"You are the property-lines underwriting assistant of Northwind Re. Answer questions about property catastrophe treaties, exposure and pricing. Never discuss other business lines."}' >/dev/null
  BENCH_KEY=$(bench_admin POST /admin/v1/tenants/property/keys '{"label":"bench"}' | jq -r .api_key)
  export BENCH_UPSTREAM BENCH_PROXY BENCH_KEY BENCH_PROXY_PID BENCH_UPSTREAM_PID BENCH_DSN BENCH_RUNTIME_DSN BENCH_ADMIN \
    BENCH_PG_PID BENCH_WORK
  # The daemon refreshes its policy snapshot about once a second: wait until the key works.
  local i
  for ((i = 0; i < 100; i++)); do
    curl -sf -o /dev/null -H "Authorization: Bearer ${BENCH_KEY}" -H 'Content-Type: application/json' \
      --data '{"model":"bulkhead-refmodel","max_tokens":4,"messages":[{"role":"user","content":"hello"}]}' \
      "${BENCH_PROXY}/chat/completions" && return 0
    sleep 0.1
  done
  echo "bench: bulkheadd never answered a chat request with the new key" >&2
  return 1
}

bench_platform_stop() {
  [[ -n ${BENCH_WORK:-} && -d ${BENCH_WORK} ]] || return 0
  if [[ -f ${BENCH_WORK}/pids ]]; then
    local name pid
    tac "${BENCH_WORK}/pids" | while read -r name pid; do
      kill "${pid}" 2>/dev/null || true
      wait "${pid}" 2>/dev/null || true
    done
  fi
  "${BENCH_BIN}/bulkheadctl" cluster stop --dir "${BENCH_WORK}/pg" >/dev/null 2>&1 || true
}

# CPU time (user + system, microseconds) used so far by the given processes and, with
# --children, by their children too (PostgreSQL's backends, nginx's workers): the live ones, and
# through the parent's own account of its reaped children, those that exited meanwhile.
bench_cpu_us() {  # [--children] pid...
  # Fields 14 and 15 of /proc/PID/stat are its utime and stime; 16 and 17 its reaped children's.
  local last=15 children='' pid
  [[ ${1:-} == --children ]] && { last=17; children=1; shift; }
  local pids=()
  for pid in "$@"; do
    [[ -n ${pid} ]] || continue
    pids+=("${pid}")
    [[ -n ${children} ]] && mapfile -t -O "${#pids[@]}" pids < <(pgrep -P "${pid}")
  done
  local ticks=0 t
  for pid in "${pids[@]}"; do
    t=$(awk -v last="${last}" '{ s = 0; for (i = 14; i <= last; i++) s += $i; print s }' "/proc/${pid}/stat" 2>/dev/null) &&
      ticks=$((ticks + t))
  done
  echo $((ticks * 1000000 / $(getconf CLK_TCK)))
}

# The machine, for every report.
bench_machine() {
  printf '%s, %s cores, %s %s\n' "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
    "$(nproc)" "$(uname -s)" "$(uname -r)"
}
