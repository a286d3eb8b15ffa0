#!/usr/bin/env bash
# The monitoring files of packaging/monitoring, one check per CTest test:
#   check-monitoring.sh rules MONITORING_DIR TEST_DIR
#       promtool check rules, then promtool test rules (alerts.test.yml: each alert fires on the
#       series that should raise it, and not on its neighbours)
#   check-monitoring.sh dashboard MONITORING_DIR TEST_DIR
#       the Grafana dashboard: JSON, unique panel ids, every query on the datasource variable,
#       and every query parsed by promtool (Grafana's variables replaced)
#   check-monitoring.sh names MONITORING_DIR TEST_DIR
#       every metric name in the rules and the dashboard is in metrics.txt, and the name check
#       itself refuses an unknown name, a wrong suffix and a daemon exporting an unlisted family
set -euo pipefail
mode=$1 monitoring=$2 tests=$3
check_names=${tests}/check-metric-names.sh
scratch=$(mktemp -d)
trap 'rm -rf "${scratch}"' EXIT
die() { printf 'check-monitoring: %s\n' "$*" >&2; exit 1; }
command -v promtool >/dev/null || die "promtool not found: install Debian's prometheus package (packaging/install-deps.sh)"

case ${mode} in
  rules)
    promtool check rules "${monitoring}/bulkhead-alerts.yml"
    # promtool finds rule_files relative to the test file.
    cp "${monitoring}/bulkhead-alerts.yml" "${tests}/alerts.test.yml" "${scratch}/"
    promtool test rules "${scratch}/alerts.test.yml"
    # Every alert has a test that expects it to fire.
    for alert in $(awk '$1 == "-" && $2 == "alert:" { print $3 }' "${monitoring}/bulkhead-alerts.yml"); do
      awk -v a="${alert}" '$1 == "alertname:" && $2 == a { name = 1; next }
                           name && $1 == "exp_alerts:" && $2 != "[]" { found = 1 }
                           $1 == "-" && $2 == "eval_time:" { name = 0 }
                           END { exit !found }' "${tests}/alerts.test.yml" \
        || die "alerts.test.yml has no case in which ${alert} fires"
    done
    ;;
  dashboard)
    dashboard=${monitoring}/bulkhead-dashboard.json
    jq -e . "${dashboard}" >/dev/null || die "the dashboard is not JSON"
    jq -e '.uid == "bulkhead-overview" and (.panels | length) > 0' "${dashboard}" >/dev/null \
      || die "the dashboard needs its uid and panels"
    duplicate=$(jq -r '[.panels[].id] | group_by(.) | map(select(length > 1) | .[0]) | .[]' "${dashboard}")
    [[ -z ${duplicate} ]] || die "panel ids used twice: ${duplicate}"
    unbound=$(jq -r '.panels[] | select(.type != "row") | select(.datasource.uid != "${datasource}"
                     or any(.targets[]; .datasource.uid != "${datasource}" or (.expr | length) == 0))
                     | .title' "${dashboard}")
    [[ -z ${unbound} ]] || die "panels without a query on the datasource variable: ${unbound}"
    for variable in $(jq -r '.. | objects | select(has("expr")) | .expr' "${dashboard}" \
                        | grep -oE '\$\{?[A-Za-z_]+' | tr -d '${' | sort -u); do
      [[ ${variable} == __* ]] && continue
      jq -e --arg v "${variable}" 'any(.templating.list[]; .name == $v)' "${dashboard}" >/dev/null \
        || die "queries use \$${variable}, which the dashboard does not define"
    done
    "${check_names}" dashboard-rules "${dashboard}" >"${scratch}/dashboard-queries.yml"
    promtool check rules "${scratch}/dashboard-queries.yml"
    # The parse check must be able to fail: a broken query is refused.
    jq '.panels[1].targets[0].expr = "sum(rate(bulkhead_requests_total[5m])"' "${dashboard}" >"${scratch}/broken.json"
    "${check_names}" dashboard-rules "${scratch}/broken.json" >"${scratch}/broken.yml"
    if promtool check rules "${scratch}/broken.yml" >/dev/null 2>&1; then die "promtool accepted a broken query"; fi
    ;;
  names)
    list=${monitoring}/metrics.txt
    "${check_names}" uses "${list}" "${monitoring}/bulkhead-alerts.yml" "${monitoring}/bulkhead-dashboard.json"
    # The check refuses what it should.
    refuses() {
      local what=$1; shift
      if "$@" >/dev/null 2>&1; then die "the name check accepted ${what}"; fi
    }
    printf 'expr: rate(bulkhead_request_duration_seconds_bucket[5m])\n' >"${scratch}/ok.yml"
    "${check_names}" uses "${list}" "${scratch}/ok.yml" >/dev/null || die "the name check refused a histogram's _bucket"
    printf 'expr: rate(bulkhead_requests_blocked_total[5m])\n' >"${scratch}/unknown.yml"
    refuses "an unknown metric name" "${check_names}" uses "${list}" "${scratch}/unknown.yml"
    printf 'expr: bulkhead_policy_available_count\n' >"${scratch}/suffix.yml"
    refuses "a histogram suffix on a gauge" "${check_names}" uses "${list}" "${scratch}/suffix.yml"
    printf 'bulkhead_errors counter\n' >"${scratch}/bad-list.txt"
    refuses "a counter without _total" "${check_names}" list "${scratch}/bad-list.txt"
    # The exports mode, which compares a daemon's /metrics with the list.
    { echo '# TYPE bulkhead_requests_total counter'; echo 'bulkhead_requests_total{tenant="a"} 1'
      echo '# TYPE bulkhead_policy_available gauge'; echo 'bulkhead_policy_available 1'; } >"${scratch}/exported.txt"
    "${check_names}" exports "${list}" "${scratch}/exported.txt" || die "the exports check refused listed families"
    refuses "a listed family that is not exported, with --all" "${check_names}" exports "${list}" "${scratch}/exported.txt" --all
    { cat "${scratch}/exported.txt"; echo '# TYPE bulkhead_secret_leaks_total counter'; } >"${scratch}/unlisted.txt"
    refuses "an exported family that is not listed" "${check_names}" exports "${list}" "${scratch}/unlisted.txt"
    sed 's/policy_available gauge/policy_available counter/' "${scratch}/exported.txt" >"${scratch}/type.txt"
    refuses "a family exported with another type" "${check_names}" exports "${list}" "${scratch}/type.txt"
    echo "check-monitoring: every metric name is one bulkheadd exports"
    ;;
  *) die "usage: check-monitoring.sh rules|dashboard|names MONITORING_DIR TEST_DIR" ;;
esac
