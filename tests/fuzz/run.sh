#!/bin/sh
# Runs the libFuzzer targets of tests/fuzz/ (built by `make fuzz-build`).
#
#   sh tests/fuzz/run.sh SECONDS                      make fuzz: each target SECONDS long
#   sh tests/fuzz/run.sh -smoke SECONDS TMP [HOSTILE]  the `fuzz` suite of tests/run.sh
#
# First every input under tests/fuzz/regress/TARGET/ (a crash found before,
# fixed since) is replayed and must run clean; then each target fuzzes, with
# its dictionary (*.dict), from the seeds seeds.js makes from the tests
# (HOSTILE: the inputs tests/hostile generated; made here when not given).
# make fuzz keeps a growing corpus in build/fuzz/corpus/TARGET; crashing
# inputs go to build/fuzz/crashes/TARGET/ (the smoke run's too). The smoke
# run works under TMP from a sample of the seeds (the slow targets' start
# would eat its time otherwise). Prints a line per target (executions; cov
# and ft, libFuzzer's final coverage counters; corpus size) and ends with
# "fuzz: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
FUZZ=$ROOT/build/fuzz
mode=full
if [ "${1:-}" = -smoke ]; then
    mode=smoke
    shift
fi
secs=${1:-60}
if [ $mode = smoke ]; then
    base=${2:?usage: run.sh -smoke SECONDS TMP [HOSTILE]}/fuzz
    hostile=${3:-}
else
    base=$FUZZ
    hostile=
fi
pass=0
fail=0
targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
for t in $targets; do
    if [ ! -x "$FUZZ/fuzz_$t" ]; then
        echo "notice: build/fuzz/fuzz_$t is not built (make fuzz-build; it needs clang): fuzzing skipped"
        echo "fuzz: 0 passed, 0 failed"
        exit 0
    fi
done
if [ "$(cat "$FUZZ/libyaml/link" 2>/dev/null)" = -lyaml ]; then
    echo "notice: the fuzz targets link the system libyaml (not instrumented): see make fuzz-deps"
fi

mkdir -p "$base"
if [ -z "$hostile" ] || [ ! -d "$hostile" ]; then
    # the generated hostile inputs, without running any check on them
    rm -rf "$base/gen"
    sh tests/hostile/run.sh /bin/false "$base/gen" > /dev/null 2>&1
    hostile=$base/gen/hostile
fi
node tests/fuzz/seeds.js "$base/seeds" "$base/work" "$hostile" || exit 2
export SLSWS_FUZZ_WORK="$base/work"
export UBSAN_OPTIONS=print_stacktrace=1
opts="-max_len=131072 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1"

# the last lines that say what went wrong
why() {
    grep -E 'ERROR|runtime error|invariant broken|SUMMARY|Test unit written|#[0-9]+ 0x.* in ' "$1" |
        grep -v 'in fuzzer::\|in __sanitizer\|in __asan\|in __libc\|in _start\|LLVMFuzzerTestOneInput\|in main ' |
        head -n 16
}

for t in $targets; do
    for f in tests/fuzz/regress/$t/*; do
        [ -f "$f" ] || continue
        "$FUZZ/fuzz_$t" -timeout=10 "$f" > "$base/replay.log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL: fuzz $t: $f crashes again (exit $rc)"
            why "$base/replay.log"
        fi
    done
done

for t in $targets; do
    seeds=$base/seeds/$t
    if [ $mode = smoke ]; then
        # a sample: the slow targets run a few dozen inputs a second
        case $t in check) keep=30 ;; lsp) keep=8 ;; *) keep=400 ;; esac
        n=$(ls "$seeds" | wc -l)
        if [ "$n" -gt $keep ]; then
            step=$(( (n + keep - 1) / keep ))
            mkdir -p "$base/sample/$t"
            ls "$seeds" | awk -v s="$step" 'NR % s == 0' |
                (cd "$seeds" && xargs cp -t "$base/sample/$t/")
            seeds=$base/sample/$t
        fi
        corpus=$base/corpus/$t
        rm -rf "$corpus"
        extra=-seed=1
    else
        corpus=$base/corpus/$t
        extra=
    fi
    case $t in vars) dict=vars ;; lsp | rpc) dict=lsp ;; *) dict=serverless ;; esac
    crashes=$FUZZ/crashes/$t   # kept after the smoke run's TMP is gone
    mkdir -p "$corpus" "$crashes"
    log=$base/$t.log
    # shellcheck disable=SC2086
    timeout $((secs + 300)) "$FUZZ/fuzz_$t" $opts $extra -dict="tests/fuzz/$dict.dict" -max_total_time="$secs" \
        -artifact_prefix="$crashes/" "$corpus" "$seeds" > "$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    printf 'fuzz_%-9s %8s runs  cov %-6s ft %-6s corpus %s\n' "$t" "${runs:-?}" "${cov:-?}" \
        "${ft:-?}" "${corp:-?}"
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        echo "FAIL: fuzz $t (exit $rc): ${art:-see $log}"
        why "$log"
        if [ -n "$art" ]; then
            echo "  reproduce: build/fuzz/fuzz_$t $art"
            echo "  once fixed, add it as tests/fuzz/regress/$t/NAME, with a regression test"
        fi
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
