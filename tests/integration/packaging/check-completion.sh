#!/usr/bin/env bash
# The bash completion of bulkheadctl loads in a plain bash and in one with the bash-completion
# package's helpers, registers itself for bulkheadctl, and completes what bulkheadctl accepts:
# every command of `bulkheadctl --help` (and nothing else), each command's subcommands and
# options from `bulkheadctl COMMAND --help`, and the fixed values of --key-provider.
# Usage: check-completion.sh COMPLETION_SCRIPT BINARY_DIR
set -euo pipefail
script=$1 bin_dir=$2
failures=0
fail() { printf 'check-completion: %s\n' "$*" >&2; failures=$((failures + 1)); }

# Prints the candidates for the words given (the last one is being completed), one per line.
complete_words() {
  local preload=$1; shift
  bash --norc --noprofile -c '
    set -u
    preload=$1; script=$2; shift 2
    if [[ -n ${preload} ]]; then source "${preload}" >/dev/null 2>&1 || exit 3; fi
    source "${script}" || exit 4
    [[ $(complete -p bulkheadctl) == "complete -F _bulkheadctl bulkheadctl" ]] || exit 5
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _bulkheadctl bulkheadctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' check "${preload}" "${script}" "$@"
}

preloads=("")
[[ -r /usr/share/bash-completion/bash_completion ]] && preloads+=(/usr/share/bash-completion/bash_completion)

ctl_help=$("${bin_dir}/bulkheadctl" --help)
commands=$(awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' <<<"${ctl_help}" | sort)
[[ $(wc -l <<<"${commands}") -ge 10 ]] || fail "could not read the commands from bulkheadctl --help"

for preload in "${preloads[@]}"; do
  where=${preload:+ with ${preload##*/}}
  where=${where:- in a plain bash}
  got=$(complete_words "${preload}" bulkheadctl de) || { fail "the script does not load${where} (exit $?)"; continue; }
  [[ ${got} == demo ]] || fail "bulkheadctl de<TAB>${where}: got \"${got}\", want demo"
  got=$(complete_words "${preload}" bulkheadctl --url http://127.0.0.1:1 --json dem)
  [[ ${got} == demo ]] || fail "a command after global options${where}: got \"${got}\""
  got=$(complete_words "${preload}" bulkheadctl "" | sort)
  [[ ${got} == "${commands}" ]] || fail "commands${where} differ from bulkheadctl --help:"$'\n'"$(diff <(echo "${commands}") <(echo "${got}"))"
  got=$(complete_words "${preload}" bulkheadctl demo up --key-provider "" | sort | tr '\n' ' ')
  [[ ${got} == "file keychain " ]] || fail "--key-provider values${where}: got \"${got}\""
done

# Each command: the subcommands of its usage lines and the options it documents.
for command in ${commands}; do
  command_help=$("${bin_dir}/bulkheadctl" "${command}" --help 2>&1 || true)
  verbs=$(grep -oE "bulkheadctl ${command} [a-z][a-z-]*(\|[a-z][a-z-]*)*" <<<"${command_help}" \
            | awk '{ print $3 }' | tr '|' '\n' | sort -u || true)
  offered=$(complete_words "" bulkheadctl "${command}" "" | sort -u)
  missing=$(comm -23 <(echo "${verbs}") <(echo "${offered}") | tr '\n' ' ')
  [[ -z ${verbs} || -z ${missing// /} ]] || fail "bulkheadctl ${command} <TAB> misses ${missing}"
  options=$(grep -oE '(^|[^A-Za-z0-9-])--[a-z][a-z0-9-]*' <<<"${command_help}" | sed -E 's/^[^-]*//' \
              | grep -vxE -- '--help|--url|--token' | sort -u || true)
  offered=$(complete_words "" bulkheadctl "${command}" x -- | sort -u)
  [[ -n ${offered} ]] || { fail "bulkheadctl ${command} x --<TAB> offers nothing"; continue; }
  missing=$(comm -23 <(echo "${options}") <(echo "${offered}") | tr '\n' ' ')
  [[ -z ${missing// /} ]] || fail "bulkheadctl ${command} --<TAB> misses ${missing}"
done

((failures == 0)) || { echo "check-completion: ${failures} problem(s)" >&2; exit 1; }
echo "check-completion: $(wc -l <<<"${commands}") commands, their subcommands and options complete"
