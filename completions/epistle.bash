# bash completion for epistle
# (No extglob: a user's shell may not have it on, and these patterns are plain ones.)
_epistle_fields()
{
    # The signature fields of the PDF named on the line, as the letter prints their names.
    local w pdf=
    for w in "${COMP_WORDS[@]:2}"; do
        [[ $w == *.pdf && -f $w ]] && { pdf=$w; break; }
    done
    [[ -n $pdf ]] && epistle sign "$pdf" --list-fields 2>/dev/null
}

_epistle()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "render check merge sign timestamp verify new watch fonts help --help --version" -- "$cur"))
        return
    fi
    case $cur in
        --color=*|--colour=*)
            COMPREPLY=($(compgen -P "${cur%%=*}=" -W "auto always never" -- "${cur#*=}")); return ;;
    esac
    case $prev in
        -o|--output|--combine|--report|--p12|--key|--cert|--chain|--pass-file|--style|--crl|--ocsp-response|--ca)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --font-path)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --layout)
            COMPREPLY=($(compgen -W "block din5008-a din5008-b sn010130 us-window jp" -- "$cur")); return ;;
        --lang)
            COMPREPLY=($(compgen -W "en-GB en-US de fr es pt zh-Hant zh-Hans ja ko ar fa ur he" -- "$cur")); return ;;
        --format)
            COMPREPLY=($(compgen -W "csv json jsonl" -- "$cur")); return ;;
        --certify)
            COMPREPLY=($(compgen -W "1 2" -- "$cur")); return ;;
        --delimiter)
            COMPREPLY=($(compgen -W ", ';' tab '|'" -- "$cur")); return ;;
        --field|--sign-field)
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(_epistle_fields)" -- "$cur")); return ;;
        --pass-env|--tsa|-j|--jobs|--shard)
            return ;;
    esac
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "render check merge sign timestamp verify new watch fonts" -- "$cur")); return
    fi
    local opts signer="--p12 --key --cert --chain --pass-env --pass-file --visible --tsa --ltv --crl --ocsp-response --certify"
    case $cmd in
        render) opts="--output --style --strict --pdfa --pdfua --sign-field $signer" ;;
        check) opts="--style --strict" ;;
        merge) opts="--output --jobs --style --shard --combine --report --overwrite --keep-going --progress --no-progress --strict --format --delimiter --pdfa --pdfua" ;;
        sign) opts="--field --output --list-fields $signer" ;;
        timestamp) opts="--tsa --output" ;;
        verify) opts="--ca" ;;
        new) opts="--lang --layout --force" ;;
        fonts) opts="--lang --style" ;;
        watch) opts="--output --style --strict --pdfa --pdfua" ;;
    esac
    opts+=" --json --color= --quiet --verbose --font-path --help"
    if [[ $cur == -* ]]; then
        # Each option once: those already on the line are not offered again (--font-path may repeat).
        local o w offer=
        for o in $opts; do
            for w in "${COMP_WORDS[@]:2}"; do
                [[ $w == "$o" && $o != --font-path && $w != "$cur" ]] && continue 2
            done
            offer+=" $o"
        done
        COMPREPLY=($(compgen -W "$offer" -- "$cur"))
        [[ ${COMPREPLY[*]} == --color= ]] && compopt -o nospace 2>/dev/null
    elif [[ $cmd == sign || $cmd == verify ]]; then
        COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur"))
    else
        local f
        COMPREPLY=($(compgen -d -- "$cur"))
        for f in md markdown csv json jsonl; do
            COMPREPLY+=($(compgen -f -X "!*.$f" -- "$cur"))
        done
    fi
}
complete -o filenames -F _epistle epistle
