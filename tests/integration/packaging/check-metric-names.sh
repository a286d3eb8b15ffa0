#!/usr/bin/env bash
# Checks metric names against packaging/monitoring/metrics.txt, the one list of the families
# bulkheadd exports (NAME TYPE per line):
#   check-metric-names.sh list METRICS_TXT
#       the list itself: NAME TYPE, known types, counters end in _total, no name twice
#   check-metric-names.sh uses METRICS_TXT FILE...
#       every bulkhead_* name in FILEs (alert rules, dashboard) is a listed family; a histogram
#       also as NAME_bucket, NAME_sum, NAME_count, and nothing else with a suffix
#   check-metric-names.sh exports METRICS_TXT EXPOSITION [--all]
#       a daemon's GET /metrics text: every family it declares (# TYPE) is listed with that
#       type; with --all also every listed family is declared
#   check-metric-names.sh dashboard-rules DASHBOARD_JSON
#       prints the dashboard's queries as a Prometheus rule file (Grafana variables replaced),
#       so that `promtool check rules` parses every query
# Exits 1 naming every offending name.
set -euo pipefail
die() { printf 'check-metric-names: %s\n' "$*" >&2; exit 1; }

# NAME TYPE pairs of the list, comments and blank lines dropped.
read_list() {
  [[ -r $1 ]] || die "cannot read $1"
  sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$1" | grep -v '^$' || true
}

check_list() {
  local bad=0 name type rest
  declare -A seen=()
  while read -r name type rest; do
    if [[ -n ${rest} || -z ${type} ]]; then
      echo "metrics.txt: \"${name} ${type} ${rest}\": expected NAME TYPE" >&2; bad=1; continue
    fi
    [[ ${name} =~ ^bulkhead_[a-z][a-z0-9_]*$ ]] || { echo "metrics.txt: ${name}: not a bulkhead_ metric name" >&2; bad=1; }
    case ${type} in
      counter) [[ ${name} == *_total ]] || { echo "metrics.txt: counter ${name} must end in _total" >&2; bad=1; } ;;
      gauge|histogram|summary) [[ ${name} != *_total ]] || { echo "metrics.txt: ${type} ${name} must not end in _total" >&2; bad=1; } ;;
      *) echo "metrics.txt: ${name}: unknown type ${type}" >&2; bad=1 ;;
    esac
    [[ -z ${seen[${name}]:-} ]] || { echo "metrics.txt: ${name} listed twice" >&2; bad=1; }
    seen[${name}]=${type}
  done < <(read_list "$1")
  ((bad == 0)) || die "$1 is malformed"
}

check_uses() {
  local list=$1; shift
  declare -A type_of=()
  local name type used base bad=0 count=0
  while read -r name type; do type_of[${name}]=${type}; done < <(read_list "${list}")
  for file in "$@"; do
    [[ -r ${file} ]] || die "cannot read ${file}"
    while read -r used; do
      count=$((count + 1))
      [[ -n ${type_of[${used}]:-} ]] && continue
      base=${used%_bucket}; base=${base%_sum}; base=${base%_count}
      if [[ ${base} != "${used}" && ${type_of[${base}]:-} == histogram ]]; then continue; fi
      echo "${file##*/}: ${used} is not a metric bulkheadd exports (see ${list##*/})" >&2
      bad=1
    done < <(grep -oE 'bulkhead_[a-z0-9_]+' "${file}" | sort -u)
  done
  ((count > 0)) || die "no bulkhead_ metric names found in $*"
  ((bad == 0)) || die "unknown metric names"
}

check_exports() {
  local list=$1 exposition=$2 all=${3:-}
  [[ -r ${exposition} ]] || die "cannot read ${exposition}"
  declare -A listed=() exported=()
  local name type bad=0
  while read -r name type; do listed[${name}]=${type}; done < <(read_list "${list}")
  while read -r name type; do
    [[ ${name} == bulkhead_* ]] || continue
    exported[${name}]=${type}
    if [[ -z ${listed[${name}]:-} ]]; then
      echo "the daemon exports ${name} (${type}), which ${list##*/} does not list" >&2; bad=1
    elif [[ ${listed[${name}]} != "${type}" ]]; then
      echo "the daemon exports ${name} as ${type}, ${list##*/} says ${listed[${name}]}" >&2; bad=1
    fi
  done < <(awk '$1 == "#" && $2 == "TYPE" { print $3, $4 }' "${exposition}")
  ((${#exported[@]} > 0)) || die "${exposition} declares no bulkhead_ metric family"
  if [[ ${all} == --all ]]; then
    for name in "${!listed[@]}"; do
      [[ -n ${exported[${name}]:-} ]] || { echo "${list##*/} lists ${name}, which the daemon does not export" >&2; bad=1; }
    done
  fi
  ((bad == 0)) || die "exported metric families and ${list##*/} differ"
}

dashboard_rules() {
  [[ -r $1 ]] || die "cannot read $1"
  local exprs
  exprs=$(jq -c '[.. | objects | select(has("expr")) | .expr]' "$1") || die "$1 is not JSON"
  [[ $(jq length <<<"${exprs}") -gt 0 ]] || die "$1 has no queries"
  jq -r '{groups: [{name: "dashboard", rules: [to_entries[] | {record: "dashboard:query_\(.key)",
           expr: (.value | gsub("\\$__rate_interval|\\$__interval|\\$__range"; "5m")
                          | gsub("\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?"; ".*"))}]}]}' <<<"${exprs}"
}

case ${1:-} in
  list) [[ $# -eq 2 ]] || die "usage: list METRICS_TXT"; check_list "$2" ;;
  uses) [[ $# -ge 3 ]] || die "usage: uses METRICS_TXT FILE..."; check_list "$2"; check_uses "${@:2}" ;;
  exports) [[ $# -ge 3 ]] || die "usage: exports METRICS_TXT EXPOSITION [--all]"; check_exports "${@:2}" ;;
  dashboard-rules) [[ $# -eq 2 ]] || die "usage: dashboard-rules DASHBOARD_JSON"; dashboard_rules "$2" ;;
  *) die "usage: $0 list|uses|exports|dashboard-rules ... (see the header)" ;;
esac
