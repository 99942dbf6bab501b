# bash completion for epistle
_epistle()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "render check merge sign verify new --help --version" -- "$cur"))
        return
    fi
    if [[ $cur == --colo?(u)r=* ]]; then
        COMPREPLY=($(compgen -P "${cur%%=*}=" -W "auto always never" -- "${cur#*=}")); return
    fi
    case $prev in
        -o|--combine|--report)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --p12|--key|--cert|--chain|--pass-file)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --layout)
            COMPREPLY=($(compgen -W "block din5008-a din5008-b sn010130 us-window jp" -- "$cur")); return ;;
        --lang)
            COMPREPLY=($(compgen -W "en-GB en-US de fr es pt zh-Hant zh-Hans ja ko" -- "$cur")); return ;;
        --format)
            COMPREPLY=($(compgen -W "csv json jsonl" -- "$cur")); return ;;
        --field|--sign-field|--pass-env|-j|--shard)
            return ;;
    esac
    local opts
    case $cmd in
        render) opts="-o --style --strict --pdfa --pdfua --sign-field --p12 --key --cert --chain --pass-env --pass-file --visible --help" ;;
        check) opts="--style --strict --help" ;;
        merge) opts="-o -j --style --shard --combine --report --overwrite --keep-going --progress --no-progress --strict --format --pdfa --pdfua --help" ;;
        sign) opts="--field --p12 --key --cert --chain --pass-env --pass-file --visible -o --help" ;;
        verify) opts="--json --help" ;;
        new) opts="--lang --layout --force --help" ;;
    esac
    opts+=" --json --color="
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        [[ ${COMPREPLY[*]} == --color= ]] && compopt -o nospace 2>/dev/null
    elif [[ $cmd == sign || $cmd == verify ]]; then
        COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*.@(md|markdown|csv|json|jsonl)' -- "$cur") $(compgen -d -- "$cur"))
    fi
}
complete -o filenames -F _epistle epistle
