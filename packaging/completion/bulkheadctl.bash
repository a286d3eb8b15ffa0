# bash completion for bulkheadctl(1): commands, their subcommands and options, and the values
# of options that take one of a fixed set. Works with or without the bash-completion package.

_bulkheadctl_subcommands()
{
    case $1 in
        policy) echo "evaluate rules show reload" ;;
        scan) echo "prompt document calibrate thresholds response" ;;
        tenants) echo "list show add update remove" ;;
        keys) echo "issue list revoke" ;;
        prompt) echo "show set rotate-canary scan-policy" ;;
        upstreams) echo "list add remove assign" ;;
        tokens) echo "list issue create revoke" ;;
        probes | probe) echo "run show list" ;;
        logs) echo "query export verify retention prune prove verify-proof" ;;
        evidence) echo "export verify" ;;
        docs) echo "add search remove" ;;
        encryption) echo "status rotate shred migrate database" ;;
        cluster) echo "start stop status" ;;
        demo) echo "up down" ;;
    esac
}

_bulkheadctl_options()
{
    case $1 in
        policy) echo "--rules" ;;
        scan) echo "--tenant --target-fpr --kind --apply --reset --system-prompt --canary --document-canary --owner --action --self-leak" ;;
        tenants) echo "--name --classifications --relationship --threat --regimes --tier" \
            "--system-prompt --client-system-messages --file --version --confirm" ;;
        keys) echo "--label" ;;
        prompt) echo "--text --file --client-system-messages --cross-tenant --self-leak" \
            "--prompt-injection" ;;
        upstreams) echo "--dedicated-tenant --ca-file" ;;
        tokens) echo "--role --tenant --label" ;;
        probes | probe) echo "--tenants --layers --samples --attacks --no-wait" ;;
        logs) echo "--tenant --from --until --route --decision --after --limit --out --days --seq --since --fingerprint" ;;
        evidence) echo "--out --tenant --all --since --fingerprint" ;;
        docs) echo "--text --metadata --top-k --api-key --api-key-file" ;;
        encryption) echo "--data --confirm --tier --wait --dsn-file" ;;
        cluster) echo "--dir --bin-dir --run-as --timeout" ;;
        demo) echo "--dir --key-provider --key-file --audit-key-file" ;;
    esac
}

# COMPREPLY: the words of compgen ARGS that complete $cur (one per line, so names with spaces
# stay whole).
_bulkheadctl_reply()
{
    mapfile -t COMPREPLY < <(compgen "$@" -- "$cur")
}

_bulkheadctl()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="policy scan tenants keys prompt upstreams tokens probes probe logs evidence
        docs encryption cluster demo"
    local global="--url --token --token-file --json --help --version"
    COMPREPLY=()

    # The command is the first word that is neither a global option nor its value.
    local i command="" verb=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --url | --token | --token-file) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command ]]; then
                    command=${COMP_WORDS[i]}
                elif [[ -z $verb && ${COMP_WORDS[i - 1]} == "$command" ]]; then
                    verb=${COMP_WORDS[i]}
                fi
                ;;
        esac
    done

    case $prev in
        --url | --token | --tenant | --tenants | --name | --label | --text | --metadata | \
            --canary | --document-canary | --owner | --from | --until | --route | --after | \
            --limit | --days | --since | --fingerprint | --samples | --top-k | --confirm | \
            --version | --api-key | --run-as | --timeout | --dedicated-tenant)
            return ;;
        --dir | --bin-dir)
            compopt -o filenames 2>/dev/null
            _bulkheadctl_reply -d
            return ;;
        --rules | --file | --out | --attacks | --ca-file | --dsn-file | --audit-key-file | --key-file | \
            --system-prompt | --token-file | --api-key-file)
            compopt -o filenames 2>/dev/null
            _bulkheadctl_reply -f
            return ;;
        --key-provider) _bulkheadctl_reply -W "keychain file"; return ;;
        --relationship) _bulkheadctl_reply -W "internal external"; return ;;
        --threat) _bulkheadctl_reply -W "low medium high"; return ;;
        --tier) _bulkheadctl_reply -W "1 2 3"; return ;;
        --role) _bulkheadctl_reply -W "platform-admin tenant-auditor"; return ;;
        --decision) _bulkheadctl_reply -W "allowed blocked"; return ;;
        --action | --cross-tenant) _bulkheadctl_reply -W "block redact flag"; return ;;
        --self-leak) _bulkheadctl_reply -W "off flag redact block"; return ;;
        --prompt-injection) _bulkheadctl_reply -W "flag block"; return ;;
        --client-system-messages) _bulkheadctl_reply -W "append reject"; return ;;
        --classifications) _bulkheadctl_reply -W "PHI PII CUI FINANCIAL PRIVILEGED"; return ;;
        --regimes)
            _bulkheadctl_reply -W "HIPAA_BAA FEDRAMP OCC_HEIGHTENED PCI_DSS GDPR STATE_GOVERNANCE"
            return ;;
        --layers)
            _bulkheadctl_reply -W "prompt_direct prompt_indirect kv_cache retrieval_bleed
                retrieval_drill key_isolation log_bleed admin_plane"
            return ;;
    esac

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            _bulkheadctl_reply -W "$global"
        else
            _bulkheadctl_reply -W "$commands"
        fi
        return
    fi
    if [[ -z $verb && $cur != -* ]]; then
        _bulkheadctl_reply -W "$(_bulkheadctl_subcommands "$command")"
        [[ ${#COMPREPLY[@]} -gt 0 ]] && return
    fi
    if [[ $cur == -* ]]; then
        _bulkheadctl_reply -W "$(_bulkheadctl_options "$command") --json --help"
    else
        # Positional arguments that are files: inventories, documents, packs.
        compopt -o filenames 2>/dev/null
        _bulkheadctl_reply -f
    fi
}

complete -F _bulkheadctl bulkheadctl
