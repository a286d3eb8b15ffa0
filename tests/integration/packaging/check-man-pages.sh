#!/usr/bin/env bash
# The manual pages render without a warning (groff -ww and man --warnings), have a NAME line
# that mandb can index, and document exactly the options each program's --help prints:
#   bulkheadd(8)    every setting of `bulkheadd --help`, and no option --help does not know
#   bulkhead-refmodel(1)  the same for `bulkhead-refmodel --help`
#   bulkheadctl(1)  every command of `bulkheadctl --help`, and every option of each command's
#                   `bulkheadctl COMMAND --help`
#   bulkhead(1)     every option of `bulkhead --help` (when the console was built)
# Usage: check-man-pages.sh MAN_SOURCE_DIR BINARY_DIR
set -euo pipefail
man_dir=$1 bin_dir=$2
failures=0
fail() { printf 'check-man-pages: %s\n' "$*" >&2; failures=$((failures + 1)); }
scratch=$(mktemp -d)
trap 'rm -rf "${scratch}"' EXIT

# What a reader sees, as plain text (no hyphenation, so option names stay whole).
rendered() { MANWIDTH=200 LC_ALL=C.UTF-8 man --nh --nj -l "$1" 2>/dev/null | col -bx; }

# The checks below must be able to fail: a page with an unknown macro draws warnings.
printf '.TH BROKEN 1\n.SH NAME\nbroken \\- a page with a mistake\n.XY not a macro\n' >"${scratch}/broken.1"
[[ -n $(groff -ww -z -man "${scratch}/broken.1" 2>&1) ]] || fail "groff -ww reports nothing for a broken page"

for page in bulkheadd.8 bulkheadctl.1 bulkhead.1 bulkhead-refmodel.1; do
  source=${man_dir}/${page}
  [[ -r ${source} ]] || { fail "${page}: missing"; continue; }
  warnings=$(groff -ww -z -man -Tutf8 "${source}" 2>&1)
  [[ -z ${warnings} ]] || fail "${page}: groff warnings:"$'\n'"${warnings}"
  warnings=$(LC_ALL=C.UTF-8 man --warnings -l "${source}" 2>&1 >/dev/null)
  [[ -z ${warnings} ]] || fail "${page}: man --warnings:"$'\n'"${warnings}"
  name=${page%.*}
  [[ $(lexgrog "${source}" 2>&1) == *": \"${name} - "* ]] || fail "${page}: no NAME line \"${name} \\- ...\" for mandb"
  [[ $(head -n1 "${source}") == ".TH ${name^^} ${page##*.} "* ]] || fail "${page}: .TH must name ${name^^} section ${page##*.}"
done

# Options (--long and -s) a help text or a page mentions.
options_in() { grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z?][A-Za-z0-9-]*' | sed -E 's/^[^-]*//' | sort -u; }
# The OPTIONS section of a rendered page.
options_section() { rendered "$1" | awk '/^OPTIONS/ { on = 1; next } /^[A-Z][A-Z ]+$/ { on = 0 } on'; }

# bulkheadd and bulkhead-refmodel: --help and the page's OPTIONS list the same options.
same_options() {
  local page=$1 program=$2 help
  help=$("${bin_dir}/${program}" --help) || { fail "${program} --help failed"; return; }
  comm -23 <(options_in <<<"${help}") <(rendered "${man_dir}/${page}" | options_in) >"${scratch}/missing"
  [[ ! -s ${scratch}/missing ]] || fail "${page} does not document: $(tr '\n' ' ' <"${scratch}/missing")"
  comm -13 <(options_in <<<"${help}") <(options_section "${man_dir}/${page}" | options_in | grep -v -- '^--[A-Z]') >"${scratch}/extra"
  [[ ! -s ${scratch}/extra ]] || fail "${page} documents options ${program} does not know: $(tr '\n' ' ' <"${scratch}/extra")"
}
same_options bulkheadd.8 bulkheadd
same_options bulkhead-refmodel.1 bulkhead-refmodel

# bulkheadctl: global options, one section per command, each command's options.
ctl_help=$("${bin_dir}/bulkheadctl" --help) || fail "bulkheadctl --help failed"
ctl_page=$(rendered "${man_dir}/bulkheadctl.1")
commands=$(awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' <<<"${ctl_help}")
[[ $(wc -w <<<"${commands}") -ge 10 ]] || fail "could not read the commands from bulkheadctl --help"
comm -23 <(options_in <<<"${ctl_help}") <(options_in <<<"${ctl_page}") >"${scratch}/missing"
[[ ! -s ${scratch}/missing ]] || fail "bulkheadctl.1 does not document global options: $(tr '\n' ' ' <"${scratch}/missing")"
for command in ${commands}; do
  grep -qE "^   (.*[ ,])?${command}(,.*)?\$" <<<"${ctl_page}" || fail "bulkheadctl.1 has no section for ${command}"
  section=$(awk -v c="${command}" '/^   [a-z]/ { on = ($0 ~ "(^   |, )" c "(,|$)") ; next } /^[A-Z]/ { on = 0 } on' <<<"${ctl_page}")
  command_help=$("${bin_dir}/bulkheadctl" "${command}" --help 2>&1 || true)
  grep -q "Usage: bulkheadctl ${command}" <<<"${command_help}" || { fail "bulkheadctl ${command} --help prints no usage"; continue; }
  comm -23 <(options_in <<<"${command_help}" | grep -vxE -- '--help|-h|--url|--token') <(options_in <<<"${section}") >"${scratch}/missing"
  [[ ! -s ${scratch}/missing ]] || fail "bulkheadctl.1, ${command}: does not document $(tr '\n' ' ' <"${scratch}/missing")"
done

# bulkhead: the console, when this build has it.
if [[ -x ${bin_dir}/bulkhead ]]; then
  console_help=$(QT_QPA_PLATFORM=offscreen "${bin_dir}/bulkhead" --help) || fail "bulkhead --help failed"
  comm -23 <(options_in <<<"${console_help}") <(rendered "${man_dir}/bulkhead.1" | options_in) >"${scratch}/missing"
  [[ ! -s ${scratch}/missing ]] || fail "bulkhead.1 does not document: $(tr '\n' ' ' <"${scratch}/missing")"
else
  echo "check-man-pages: no console in this build; bulkhead.1 checked for warnings only" >&2
fi

((failures == 0)) || { echo "check-man-pages: ${failures} problem(s)" >&2; exit 1; }
echo "check-man-pages: 4 pages render cleanly and match --help"
