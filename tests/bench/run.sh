#!/bin/sh
# make bench: slsws check beside a raw libyaml event parse of the same
# bytes (ratio), and the whole-process time of a typical small file.
# Figures, not assertions: timings belong here, never in tests.
set -u
cd "$(dirname "$0")/../.."
B=build
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# best wall time in ms of RUNS runs of a command (output discarded)
best_ms() {
    set -- $($B/proctime "$@")
    echo "$1"
}
peak_kib() {
    set -- $($B/proctime "$@")
    echo "$2"
}

$B/gen_bench 5000000 > "$T/serverless.yml"
size=$(wc -c < "$T/serverless.yml")
set -- $($B/ybench "$T/serverless.yml" 7)
raw=$1
events=$2
check=$(best_ms 7 $B/slsws check --format concise --as-of 2026-11-23 "$T/serverless.yml")
proc_raw=$(best_ms 7 $B/ybench "$T/serverless.yml" 1)
echo "input: generated serverless.yml, $size bytes, $events events"
echo "raw libyaml event parse (in memory, best of 7):     $raw ms"
echo "slsws check, whole process (best of 7):             $check ms"
awk -v a="$check" -v b="$raw" 'BEGIN { printf "ratio slsws / raw parse:                           %.2fx (target <= 1.5x)\n", a / b }'
echo "(raw parse as a whole process incl. read: $proc_raw ms)"
$B/gen_bench 5000000 vars > "$T/vars.yml"
set -- $($B/ybench "$T/vars.yml" 7)
vraw=$1
vcheck=$(best_ms 7 $B/slsws check --format concise --as-of 2026-11-23 "$T/vars.yml")
awk -v a="$vcheck" -v b="$vraw" 'BEGIN { printf "variable-heavy 5 MB: slsws %.2f ms, raw parse %.2f ms, ratio %.2fx\n", a, b, a / b }'
small=$(best_ms 30 $B/slsws check --format concise --as-of 2026-11-23 examples/chat/serverless.yml)
base=$(best_ms 30 /bin/true)
echo "process baseline: /bin/true, best of 30: $base ms (fork and exec on this machine)"
echo "typical file (examples/chat, $(wc -c < examples/chat/serverless.yml) bytes), whole process, best of 30: $small ms (target < 2 ms)"
echo "peak resident memory, slsws check on the 5 MB input: $(peak_kib 1 $B/slsws check --format concise "$T/serverless.yml") KiB"

# language server: change-to-diagnostics latency on a 2,000-line file
$B/gen_bench 84000 > "$T/lsp.yml"
echo "lsp ($(wc -l < "$T/lsp.yml") lines):"
$B/lsp_bench $B/slsws "$T/lsp.yml" 1000 | sed 's/^/  /'
