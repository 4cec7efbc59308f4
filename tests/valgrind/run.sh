#!/bin/sh
# make check-valgrind: the suites of tests/run.sh (default: those below) with
# every slsws and unit-test run under valgrind, through the wrapper
# tests/valgrind/slsws around build/vg/ (-O1 -g, linked dynamically). Passes
# when every suite passes and every run's valgrind log is empty: no invalid
# read or write, no use of uninitialised memory, no definite or indirect
# leak. Prints the logs that are not, with the command and directory of each.
# The suites run in VG_JOBS groups at once (default: the number of CPUs);
# the soak runs SOAK_EDITS edits (default 300).
#
#   sh tests/valgrind/run.sh [SUITE...]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
command -v valgrind > /dev/null || { echo "check-valgrind: valgrind is not installed (apt-get install valgrind)"; exit 2; }
for b in slsws unit; do
    [ -x "build/vg/$b" ] || { echo "check-valgrind: build/vg/$b is missing (make build/vg/$b)"; exit 2; }
done
SLSWS_VG_LOGS=$(mktemp -d)
OUT=$(mktemp -d)
trap 'rm -rf "$SLSWS_VG_LOGS" "$OUT"' EXIT
SLSWS_VG_BUILD=$ROOT/build/vg
# the node suites' time limits, stretched (slow-timers.js)
NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--require $ROOT/tests/valgrind/slow-timers.js"
SOAK_EDITS=${SOAK_EDITS:-300}
export SLSWS_VG_LOGS SLSWS_VG_BUILD NODE_OPTIONS SOAK_EDITS
start=$(date +%s)

# Suites to groups, heaviest first, each to the lightest group so far. The
# weights: about the seconds each takes under valgrind on an idle machine.
weight() {
    case $1 in
    rules) echo 600 ;; included) echo 350 ;; cli) echo 250 ;; corpus) echo 250 ;; hostile) echo 200 ;;
    lsp) echo 250 ;; fix) echo 150 ;; soak) echo 120 ;; unit) echo 50 ;; *) echo 30 ;;
    esac
}
jobs=${VG_JOBS:-$(nproc 2> /dev/null || echo 2)}
j=0
while [ "$j" -lt "$jobs" ]; do
    eval "load_$j=0 set_$j="
    j=$((j + 1))
done
for s in ${*:-unit rules cli hostile corpus projects fix lsp soak}; do
    echo "$(weight "$s") $s"
done | sort -rn > "$OUT/order"
while read -r w s; do
    best=0
    j=1
    while [ "$j" -lt "$jobs" ]; do
        [ "$(eval echo "\$load_$j")" -lt "$(eval echo "\$load_$best")" ] && best=$j
        j=$((j + 1))
    done
    eval "load_$best=\$((load_$best + w)) set_$best=\"\$set_$best $s\""
done < "$OUT/order"

j=0
while [ "$j" -lt "$jobs" ]; do
    set=$(eval echo "\$set_$j")
    if [ -n "$set" ]; then
        echo "check-valgrind: suites $set"
        (SLSWS=tests/valgrind/slsws UNIT=tests/valgrind/unit sh tests/run.sh $set > "$OUT/group$j" 2>&1) &
    fi
    j=$((j + 1))
done
wait

pass=0
fail=0
for g in "$OUT"/group*; do
    [ -f "$g" ] || continue
    line=$(tail -n 1 "$g")
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p')
    f=$(echo "$line" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p')
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    sed '$d' "$g"
done
runs=0
dirty=0
for log in "$SLSWS_VG_LOGS"/run-*; do
    case $log in *.cmd) continue ;; esac
    [ -f "$log" ] || continue
    runs=$((runs + 1))
    [ -s "$log" ] || continue
    dirty=$((dirty + 1))
    if [ "$dirty" -le 20 ]; then
        echo "VALGRIND:"
        cut -c1-300 "$log.cmd" | sed 's/^/  /'
        head -n 60 "$log"
    fi
done
echo "valgrind: $runs runs, $dirty with errors or leaks, $(($(date +%s) - start)) s"
echo "$pass passed, $((fail + dirty)) failed"
[ "$fail" -eq 0 ] && [ "$dirty" -eq 0 ]
