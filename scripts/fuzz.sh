#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang, AddressSanitizer and UndefinedBehaviorSanitizer,
# and runs each for FUZZ_SECONDS (default 60) from a seed corpus made of the examples, the
# test letters and tests/fuzz/corpus. A crash or a leak fails the run; the input that caused
# it is left in build-fuzz/findings/ to become a regression test (tests/fuzz/regressions/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
# CI sets FUZZ_SEED so that a red run can be replayed; by hand every run explores anew.
seed=${FUZZ_SEED:-0}
build=${FUZZ_BUILD:-build-fuzz}
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DEPISTLE_FUZZ=ON -DBUILD_TESTING=OFF \
    -DCMAKE_C_FLAGS="$san -fsanitize=fuzzer-no-link" -DCMAKE_EXE_LINKER_FLAGS="$san" >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_letter fuzz_template fuzz_data fuzz_render fuzz_verify >/dev/null

work="$build/corpus"
rm -rf "$work"
mkdir -p "$work"/{letter,template,data,render,verify} "$build/findings"
i=0
for f in examples/*/*.md tests/letters/*.md tests/merge/*.md tests/fuzz/regressions/*.md; do
    [ -f "$f" ] || continue
    cp "$f" "$work/letter/seed$i"
    cp "$f" "$work/render/seed$i"
    i=$((i + 1))
done
cp tests/fuzz/corpus/template/* "$work/template/"
cp tests/fuzz/corpus/data/* "$work/data/"
cp tests/fuzz/corpus/verify/* "$work/verify/"
# Long values: a parser's cost and limits show on inputs far longer than mutations grow.
long=$(head -c 40000 /dev/zero | tr '\0' 'a')
printf -- '---\nlang: en\nfrom:\n  web: https://example.org/%s\nopening: %s\n---\nSee <https://x.org/%s>.\n' \
    "$long" "$long" "$long" > "$work/letter/long-values"
{ printf -- '---\nlang: en\n---\n'; for i in $(seq 2000); do printf 'line %d\n' "$i"; done; } > "$work/letter/soft-lines"
cp "$work/letter/long-values" "$work/letter/soft-lines" "$work/template/"

status=0
for h in letter template data render verify; do
    echo "fuzz_$h: $seconds s"
    # render is slower per input: fewer, smaller inputs in the same time.
    max_len=$([ $h = render ] && echo 8192 || echo 131072)
    dict=""
    case $h in letter|template|render) dict="-dict=tests/fuzz/letter.dict" ;; verify) dict="-dict=tests/fuzz/pdf.dict" ;; esac
    # verify: full stacks, so that OpenSSL's own leak (tests/lsan.supp) is told from ours.
    unwind=$([ $h = verify ] && echo ":fast_unwind_on_malloc=0" || echo "")
    if ! ASAN_OPTIONS=detect_leaks=1$unwind LSAN_OPTIONS=suppressions=tests/lsan.supp "$build/tests/fuzz/fuzz_$h" "$work/$h" $dict -max_total_time="$seconds" -max_len="$max_len" -seed="$seed" \
        -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$build/findings/$h-" -print_final_stats=1 \
        > "$build/fuzz_$h.log" 2>&1; then
        echo "fuzz_$h found a problem:" >&2
        tail -40 "$build/fuzz_$h.log" >&2
        status=1
    else
        runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$build/fuzz_$h.log")
        rss=$(awk '/stat::peak_rss_mb/ {print $2}' "$build/fuzz_$h.log")
        echo "  $runs executions, $((runs / seconds))/s, peak RSS $rss MB, no finding"
    fi
done
exit $status
