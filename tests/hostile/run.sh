#!/bin/sh
# Hostile inputs and slsws's limits: each input is generated here (nothing
# large is committed) and must end in the exact finding or error written
# below, never a crash, a hang or a silent pass. Every run is bounded by
# `timeout` (HOSTILE_TIMEOUT seconds, 120 by default: a hang fails the case);
# how long a case takes is never asserted. Usage: run.sh SLSWS TMPDIR
#
# The limits: files of 256 MiB (CLI, exit 2); YAML nested 1000 deep (WS090);
# aliases and `<<` merges never expanded, each lookup visiting a merge source
# once; variables nested 16 deep in one string, 64 deep through references,
# 200,000 evaluations and strings of 1 MiB (past these a value is unknown);
# included files of 16 MiB, 256 MiB in all, 128 files, 32 deep, inside the
# project, cycles shown as their chain (WS094); handler sources of 1 MiB
# (larger ones are not analysed); directory walks that never follow a
# symlinked directory and stop 64 levels deep (a notice on stderr); a path
# named directly that is no regular file (a FIFO, a device) refused without
# blocking (exit 2); 50,000 suppression comments in one file; invalid UTF-8
# anywhere (WS090 at the first bad byte).
set -u
SLSWS=$1
T=$2/hostile
LIMIT=${HOSTILE_TIMEOUT:-120}
ASOF=2026-11-23
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0

# verdict NAME EXIT WANT-EXIT OUTPUT WANT-OUTPUT
verdict() {
    if [ "$2" = "$3" ] && [ "$4" = "$5" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: hostile $1 (exit $2, want $3)"
        [ "$2" = 124 ] && echo "  timed out after $LIMIT s"
        echo "  got:  $4" | head -c 3000
        echo
        echo "  want: $5"
    fi
}

# run_case NAME DIR WANT-EXIT WANT-OUTPUT ARGS...: slsws ARGS run in DIR,
# stdout and stderr together
run_case() {
    name=$1 dir=$2 want_rc=$3 want=$4
    shift 4
    out=$(cd "$dir" && timeout "$LIMIT" "$SLSWS" "$@" 2>&1 < /dev/null)
    verdict "$name" $? "$want_rc" "$out" "$want"
}

# expect NAME FILE WANT-EXIT WANT-OUTPUT: `check --format concise` of FILE,
# run in its directory
expect() {
    run_case "$1" "$(dirname "$2")" "$3" "$4" check --format concise --as-of $ASOF \
        "$(basename "$2")"
}

# A service that is silent on its own (rules see nothing to report).
head4() {
    printf '%s\n' 'service: chat' "frameworkVersion: '4'" 'provider:' '  name: aws' \
        '  runtime: nodejs24.x'
}

# ---- the YAML document ----

mkdir -p "$T/empty" "$T/comments" "$T/nest" "$T/bomb" "$T/bin" "$T/utf8" "$T/tab" \
    "$T/docs" "$T/deep" "$T/nul" "$T/json"
: > "$T/empty/serverless.yml"
expect empty "$T/empty/serverless.yml" 0 ""

printf '# only a comment\n\n# another\n' > "$T/comments/serverless.yml"
expect comments-only "$T/comments/serverless.yml" 0 ""

# 200,000 nested '[': libyaml is quadratic on deep flow nesting, the depth
# guard stops at 1000 levels
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; for (i = 0; i < 200000; i++) printf "]"; print "" }' \
    > "$T/nest/serverless.yml"
expect flow-nesting-200k "$T/nest/serverless.yml" 1 \
    "serverless.yml:1:1001: error: nesting deeper than 1000 levels: slsws stops reading here; flatten the structure [WS090]"

# block nesting, 2,000 levels
awk 'BEGIN { for (i = 0; i < 2000; i++) { for (j = 0; j < i; j++) printf " "; print "k:" } }' \
    > "$T/deep/serverless.yml"
expect block-nesting-2k "$T/deep/serverless.yml" 1 \
    "serverless.yml:1001:1001: error: nesting deeper than 1000 levels: slsws stops reading here; flatten the structure [WS090]"

# JSON nesting, 5,000 levels
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "{\"a\": "; printf "1"; for (i = 0; i < 5000; i++) printf "}"; print "" }' \
    > "$T/json/serverless.json"
expect json-nesting-5k "$T/json/serverless.json" 1 \
    "serverless.json:1:6001: error: nesting deeper than 1000 levels: slsws stops reading here; flatten the structure [WS090]"

# billion laughs: nine levels of ten aliases each; nothing is expanded
{
    echo 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
    for i in 1 2 3 4 5 6 7 8 9; do
        p=$((i - 1))
        echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
    done
    echo 'functions:'
    echo '  f:'
    echo '    <<: *a9'
    echo '    handler: h.x'
} > "$T/bomb/serverless.yml"
echo "exports.x = async () => ({});" > "$T/bomb/h.js"
expect alias-bomb "$T/bomb/serverless.yml" 1 \
    "serverless.yml:13:9: error: merge key '<<' needs a mapping or a list of mappings here; Serverless's YAML loader rejects anything else [WS090]"

printf '\177ELF\002\001\001\000\000\000' > "$T/bin/serverless.yml"
expect binary "$T/bin/serverless.yml" 1 \
    "serverless.yml:1:1: error: invalid YAML: control characters are not allowed (byte 0x7F); remove the character [WS090]"

printf 'service: chat\nprovider:\n  name: aws\n  stage: d\351v\n' > "$T/utf8/serverless.yml"
expect invalid-utf8 "$T/utf8/serverless.yml" 1 \
    "serverless.yml:4:11: error: invalid UTF-8 byte 0xE9; save the file as UTF-8 [WS090]"

printf 'service: chat\nprovider:\n\tname: aws\n' > "$T/tab/serverless.yml"
expect tab-indent "$T/tab/serverless.yml" 1 \
    "serverless.yml:3:1: error: invalid YAML: a tab character cannot indent YAML; use spaces [WS090]"

printf 'service: a\n---\nservice: b\n' > "$T/docs/serverless.yml"
expect two-documents "$T/docs/serverless.yml" 1 \
    "serverless.yml:2:1: error: a second YAML document: Serverless reads exactly one; remove the '---' separator or split the file [WS090]"

printf 'service: a\000b\n' > "$T/nul/serverless.yml"
expect nul-byte "$T/nul/serverless.yml" 1 \
    "serverless.yml:1:11: error: invalid YAML: control characters are not allowed (byte 0x00); remove the character [WS090]"

# ---- file sizes ----

mkdir -p "$T/size" "$T/handler"
# sparse files: the size is refused before anything is read
truncate -s 257M "$T/size/serverless.yml"
expect file-over-256MiB "$T/size/serverless.yml" 2 \
    "slsws: 'serverless.yml' is larger than 256 MiB; slsws does not lint it"
run_case routes-file-over-256MiB "$T/size" 2 \
    "slsws: 'serverless.yml' is larger than 256 MiB; slsws does not read it" routes serverless.yml

# a handler source over 1 MiB is not analysed: its exports are unknown
{ head4; printf '%s\n' 'functions:' '  f:' '    handler: h.x'; } > "$T/handler/serverless.yml"
echo "exports.y = async () => ({});" > "$T/handler/h.js"
expect handler-1MiB-control "$T/handler/serverless.yml" 1 \
    "serverless.yml:8:16: error: 'h.js' exports no 'x' for handler 'h.x' of function 'f' (it exports 'y'); export it or fix the name [WS086]"
head -c 1100000 /dev/zero | tr '\0' '\n' >> "$T/handler/h.js"
expect handler-over-1MiB "$T/handler/serverless.yml" 0 ""

# ---- merges and aliases ----

mkdir -p "$T/fanout" "$T/laughs" "$T/mergeloop"
# one anchor of 3,000 keys merged 3,000 times, three times over: each
# lookup visits it once
merges() {
    printf '<<: ['
    i=0
    while [ $i -lt 3000 ]; do printf '*b, '; i=$((i + 1)); done
    printf '*b]\n'
}
{
    printf '%s\n' 'custom:' '  base: &b'
    awk 'BEGIN { for (i = 0; i < 3000; i++) print "    k" i ": v" i }'
    printf '  again:\n    '
    merges
    head4
    printf '%s\n' '  logs:' '    websocket:' '      level: ${self:custom.again.k7}' \
        'functions:' '  f:' '    handler: h.x'
    printf '    '
    merges
    printf '    environment:\n      '
    merges
} > "$T/fanout/serverless.yml"
echo "exports.x = async () => ({});" > "$T/fanout/h.js"
expect merge-fanout-3000x3000 "$T/fanout/serverless.yml" 0 \
    "serverless.yml:10:9: warning: invalid websocket log level 'v7': SF accepts only INFO or ERROR; it warns and compiles no stage because the service has no websocket events; use 'INFO' or 'ERROR' [WS050]"

# nine levels of ten mapping and list aliases, used where rules look
{
    echo 'custom:'
    echo '  m0: &m0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol, j: lol}'
    echo '  s0: &s0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
    for i in 1 2 3 4 5 6 7 8 9; do
        p=$((i - 1))
        echo "  m$i: &m$i {a: *m$p, b: *m$p, c: *m$p, d: *m$p, e: *m$p, f: *m$p, g: *m$p, h: *m$p, i: *m$p, j: *m$p}"
        echo "  s$i: &s$i [*s$p, *s$p, *s$p, *s$p, *s$p, *s$p, *s$p, *s$p, *s$p, *s$p]"
    done
    echo '  viaSelf: ${self:custom.m9}'
    head4
    printf '%s\n' '  environment: *m9' '  iam:' '    role:' '      statements: *s9' \
        'resources:' '  Resources: *m9' '  Outputs: *m9'
} > "$T/laughs/serverless.yml"
expect alias-laughs-as-values "$T/laughs/serverless.yml" 0 ""

# a merge of the mapping that holds it
{
    printf '%s\n' 'custom:' '  loop: &loop' '    level: DEBUG' '    <<: *loop' \
        '  use: ${self:custom.loop.level}'
    head4
    printf '%s\n' '  logs:' '    websocket:' '      <<: *loop'
} > "$T/mergeloop/serverless.yml"
expect merge-of-itself "$T/mergeloop/serverless.yml" 0 \
    "serverless.yml:3:12: warning: invalid websocket log level 'DEBUG': SF accepts only INFO or ERROR; it warns and compiles no stage because the service has no websocket events; use 'INFO' [WS050]"

# ---- suppression comments ----

mkdir -p "$T/sup-used" "$T/sup-unused"
# 50,000 directives that each silence something: trailing ones, one above
# each list item, and a stack of 9,999 above one key; a single code unused
{
    head4
    printf '%s\n' 'custom:' '  list:'
    awk 'BEGIN { for (i = 0; i < 20000; i++) print "    - ${AWS::Region} # slsws: ignore[WS095]"
        for (i = 0; i < 20000; i++) { print "    # slsws: ignore[WS095]"; print "    - ${AWS::Region}" }
        print "  stacked:"; for (i = 0; i < 9999; i++) print "    # slsws: ignore[WS095]"
        print "    key: ${AWS::Region}"; print "  last: ${AWS::Region} # slsws: ignore[WS095, WS093]" }'
} > "$T/sup-used/serverless.yml"
expect suppressions-50k-used "$T/sup-used/serverless.yml" 0 \
    "serverless.yml:70009:47: info: unused suppression: WS093 reports nothing on this line; remove it [WS099]"

# 50,000 that silence nothing: 25,000 stacked above one key, 25,000 trailing
{
    head4
    echo 'custom:'
    awk 'BEGIN { for (i = 0; i < 25000; i++) print "  # slsws: ignore[WS095]"; print "  k: v"
        for (i = 0; i < 25000; i++) print "  k" i ": v # slsws: ignore[WS095]" }'
} > "$T/sup-unused/serverless.yml"
expect suppressions-50k-unused "$T/sup-unused/serverless.yml" 0 "$(awk 'BEGIN {
    for (i = 0; i < 25000; i++)
        print "serverless.yml:" i + 7 ":19: info: unused suppression: WS095 reports nothing in the node below; remove it [WS099]"
    for (i = 0; i < 25000; i++)
        print "serverless.yml:" i + 25008 ":" 24 + length(i "") ": info: unused suppression: WS095 reports nothing on this line; remove it [WS099]" }')"

# ---- variables ----

mkdir -p "$T/vlaughs" "$T/vchain63" "$T/vchain64" "$T/vnest16" "$T/vnest17"
# nine levels of ten ${self:} references each: 3 GB once expanded. Past
# 1 MiB a string is unknown (level), below it known (runtime)
{
    head4
    printf '%s\n' '  logs:' '    websocket:' '      level: ${self:custom.l9}' 'custom:' '  l0: lol'
    for i in 1 2 3 4 5 6 7 8 9; do
        p=$((i - 1))
        printf '  l%s: ' $i
        for k in 1 2 3 4 5 6 7 8 9 10; do printf '${self:custom.l%s}' $p; done
        echo
    done
    printf '%s\n' 'functions:' '  f:' '    handler: h.x' '    runtime: ${self:custom.l1}'
} > "$T/vlaughs/serverless.yml"
echo "exports.x = async () => ({});" > "$T/vlaughs/h.js"
expect self-laughs "$T/vlaughs/serverless.yml" 1 \
    "serverless.yml:11:7: error: unknown runtime 'lollollollollollollollollollol': not an AWS Lambda runtime identifier [WS070]"

# a reference 63 deep resolves (c63 -> c62 -> ... -> c0), one 64 deep is
# unknown, and so is every link of its chain
vchain() { # DIR N
    {
        head4
        printf '%s\n' 'functions:' '  f:' '    handler: h.x' "    runtime: \${self:custom.c$2}" \
            'custom:'
        i=$2
        while [ $i -gt 0 ]; do echo "  c$i: \${self:custom.c$((i - 1))}"; i=$((i - 1)); done
        echo '  c0: DEBUG'
    } > "$1/serverless.yml"
    echo "exports.x = async () => ({});" > "$1/h.js"
}
vchain "$T/vchain63" 63
expect self-chain-63 "$T/vchain63/serverless.yml" 1 \
    "serverless.yml:74:7: error: unknown runtime 'DEBUG': not an AWS Lambda runtime identifier [WS070]"
vchain "$T/vchain64" 64
expect self-chain-64 "$T/vchain64/serverless.yml" 0 ""

# variables nested 16 deep in one string resolve (the innermost gives
# 'DEBUG', the next asks for ${self:DEBUG}), 17 deep are not parsed: unknown
vnest() { # DIR N
    {
        head4
        printf '%s\n' '  logs:' '    websocket:'
        printf '      level: '
        i=0
        while [ $i -lt "$2" ]; do printf '${self:'; i=$((i + 1)); done
        printf 'custom.x'
        while [ $i -gt 0 ]; do printf '}'; i=$((i - 1)); done
        printf '\n%s\n' 'custom:' '  x: DEBUG'
    } > "$1/serverless.yml"
}
vnest "$T/vnest16" 16
expect variables-nested-16 "$T/vnest16/serverless.yml" 1 \
    "serverless.yml:8:112: error: '\${self:\${self:custom.x}}' resolves to nothing: the service has no 'DEBUG' (its path was resolved without --stage: give --stage to check another stage); define it or add a fallback [WS093]"
vnest "$T/vnest17" 17
expect variables-nested-17 "$T/vnest17/serverless.yml" 0 ""

# ---- includes ----

mkdir -p "$T/incsize" "$T/inctotal" "$T/incchain" "$T/incchain32" "$T/inccycle" \
    "$T/inccount" "$T/incfifo" "$T/incdeep"
{ head4; printf '%s\n' 'custom:' '  big: ${file(./big.yml)}' '  ok: ${file(./big.yml), null}'; } \
    > "$T/incsize/serverless.yml"
truncate -s 17M "$T/incsize/big.yml"
expect include-over-16MiB "$T/incsize/serverless.yml" 1 \
    "serverless.yml:7:8: error: '\${file(./big.yml)}': file './big.yml' is larger than 16 MiB, the most slsws reads of an included file, so it is not read; split the file [WS094]"

# 17 files of 15 MiB: the 18th would pass 256 MiB in all
{
    head4
    echo 'custom:'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
        echo "  f$i: \${file(./f$i.yml), null}"
        truncate -s 15M "$T/inctotal/f$i.yml"
    done
    echo '  last: ${file(./f18.yml)}'
} > "$T/inctotal/serverless.yml"
expect include-total-over-256MiB "$T/inctotal/serverless.yml" 1 \
    "serverless.yml:25:9: error: '\${file(./f18.yml)}': file './f18.yml' would bring the included files past 256 MiB in all, the most slsws reads for one service, so it is not read; include less [WS094]"

# a chain of includes: f1.yml -> f2.yml -> ...; the last one read reports
# a missing reference, so each case shows how far slsws followed
chain() { # DIR N
    { head4; printf '%s\n' 'custom: ${file(./f1.yml)}'; } > "$1/serverless.yml"
    i=1
    while [ $i -lt "$2" ]; do
        echo "next: \${file(./f$((i + 1)).yml)}" > "$1/f$i.yml"
        i=$((i + 1))
    done
    echo 'last: ${self:custom.nope}' > "$1/f$2.yml"
}
chain "$T/incchain32" 32
expect include-depth-32 "$T/incchain32/serverless.yml" 1 \
    "f32.yml:1:7: error: '\${self:custom.nope}' resolves to nothing: the service has no 'custom.nope'; define it or add a fallback [WS093]"
chain "$T/incchain" 40
expect include-depth-33 "$T/incchain/serverless.yml" 1 \
    "f32.yml:1:7: error: '\${file(./f33.yml)}': file './f33.yml' would be included 33 files deep (serverless.yml -> f1.yml -> f2.yml -> ... -> f30.yml -> f31.yml -> f32.yml -> f33.yml), past the 32 levels slsws follows, so it is not read; flatten the includes [WS094]"

# a cycle of three files, found before it is made
{ head4; printf '%s\n' 'custom: ${file(./a.yml)}'; } > "$T/inccycle/serverless.yml"
echo 'b: ${file(./b.yml)}' > "$T/inccycle/a.yml"
echo 'c: ${file(./sub/c.yml)}' > "$T/inccycle/b.yml"
mkdir -p "$T/inccycle/sub"
printf 'x: 1\na: ${file(./a.yml)}\n' > "$T/inccycle/sub/c.yml"
expect include-cycle "$T/inccycle/serverless.yml" 1 \
    "sub/c.yml:2:4: error: '\${file(./a.yml)}': file './a.yml' includes itself through a cycle of includes (a.yml -> b.yml -> sub/c.yml -> a.yml); break the cycle [WS094]"

# 129 files: the 129th is not read
{
    head4
    echo 'custom:'
    i=1
    while [ $i -le 129 ]; do
        echo "  f$i: \${file(./f$i.yml):x}"
        echo "x: $i" > "$T/inccount/f$i.yml"
        i=$((i + 1))
    done
} > "$T/inccount/serverless.yml"
expect include-129-files "$T/inccount/serverless.yml" 1 \
    "serverless.yml:135:9: error: '\${file(./f129.yml):x}': file './f129.yml' would be included file number 129, past the 128 that slsws reads for one service, so it is not read; include fewer files [WS094]"

# a FIFO would block a reader: only regular files are read
{ head4; printf '%s\n' 'custom:' '  p: ${file(./pipe.yml)}'; } > "$T/incfifo/serverless.yml"
mkfifo "$T/incfifo/pipe.yml"
expect include-fifo "$T/incfifo/serverless.yml" 1 \
    "serverless.yml:7:6: error: '\${file(./pipe.yml)}': file './pipe.yml' does not exist or cannot be read; fix the path or add a fallback [WS094]"

# an included file nested too deep is not valid YAML for slsws
{ head4; printf '%s\n' 'custom:' '  d: ${file(./deep.yml)}'; } > "$T/incdeep/serverless.yml"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "["; for (i = 0; i < 2000; i++) printf "]"; print "" }' \
    > "$T/incdeep/deep.yml"
expect include-nesting-2k "$T/incdeep/serverless.yml" 1 \
    "serverless.yml:7:6: error: '\${file(./deep.yml)}': file './deep.yml' is not valid YAML (line 1: nesting deeper than 1000 levels: slsws stops reading here; flatten the structure); fix the path or add a fallback [WS094]"

# ---- the project boundary ----

# no repository: the project is the service directory
mkdir -p "$T/norepo/svc"
echo 'x: 1' > "$T/norepo/outside.yml"
{ head4; printf '%s\n' 'custom:' '  o: ${file(../outside.yml):x}'; } > "$T/norepo/svc/serverless.yml"
expect outside-service-dir "$T/norepo/svc/serverless.yml" 1 \
    "serverless.yml:7:6: error: '\${file(../outside.yml):x}': file '../outside.yml' lies outside the service directory (no .git above it marks a repository), so slsws does not read it (a checkout elsewhere, as in CI, would not have it); move it into the service directory or add a fallback [WS094]"

# a repository: what lies in it is read, what lies outside it (by path or
# through a symlink) is reported and never read, not even looked up
mkdir -p "$T/repo/.git" "$T/repo/svc"
echo 'x: 1' > "$T/outside.yml"
echo 'x: 1' > "$T/repo/shared.yml"
ln -s ../../outside.yml "$T/repo/svc/out-link.yml"
ln -s ../shared.yml "$T/repo/svc/in-link.yml"
{
    head4
    printf '%s\n' 'custom:' \
        '  shared: ${file(../shared.yml):nope}' \
        '  inLink: ${file(./in-link.yml):nope}' \
        '  outside: ${file(../../outside.yml):x}' \
        '  outLink: ${file(./out-link.yml):x}' \
        '  absolute: ${file(/no-such-dir-3b7e/x.yml)}' \
        '  sneaky: ${file(./sub/../../../outside.yml)}' \
        "  optional: \${file(../../outside.yml):x, 'none'}"
} > "$T/repo/svc/serverless.yml"
expect outside-repository "$T/repo/svc/serverless.yml" 1 \
    "serverless.yml:7:11: error: '\${file(../shared.yml):nope}': file '../shared.yml' has no 'nope'; fix the path or add a fallback [WS094]
serverless.yml:8:11: error: '\${file(./in-link.yml):nope}': file './in-link.yml' has no 'nope'; fix the path or add a fallback [WS094]
serverless.yml:9:12: error: '\${file(../../outside.yml):x}': file '../../outside.yml' lies outside the service's repository, so slsws does not read it (a checkout elsewhere, as in CI, would not have it); move it into the repository or add a fallback [WS094]
serverless.yml:10:12: error: '\${file(./out-link.yml):x}': file './out-link.yml' is a symlink to a file outside the service's repository, so slsws does not read it (a checkout elsewhere, as in CI, would not have it); move it into the repository or add a fallback [WS094]
serverless.yml:11:13: error: '\${file(/no-such-dir-3b7e/x.yml)}': file '/no-such-dir-3b7e/x.yml' lies outside the service's repository, so slsws does not read it (a checkout elsewhere, as in CI, would not have it); move it into the repository or add a fallback [WS094]
serverless.yml:12:11: error: '\${file(./sub/../../../outside.yml)}': file './sub/../../../outside.yml' lies outside the service's repository, so slsws does not read it (a checkout elsewhere, as in CI, would not have it); move it into the repository or add a fallback [WS094]"
# --isolated: a file lifted out of its project; nothing outside is read
run_case outside-isolated "$T/repo/svc" 1 \
    "serverless.yml:7:11: error: '\${file(../shared.yml):nope}': file '../shared.yml' has no 'nope'; fix the path or add a fallback [WS094]
serverless.yml:8:11: error: '\${file(./in-link.yml):nope}': file './in-link.yml' has no 'nope'; fix the path or add a fallback [WS094]" \
    check --format concise --as-of $ASOF --isolated serverless.yml

# ---- directory walks ----

# links back up, to themselves, to nowhere, in a loop; a FIFO; a tree 70
# directories deep; 1,000 sibling directories
W=$T/walk
mkdir -p "$W/a/b" "$W/c" "$W/wide"
ln -s .. "$W/a/b/up"
ln -s . "$W/a/self"
ln -s . "$W/serverless.yml"
ln -s nowhere "$W/a/serverless.yml"
ln -s ../c/serverless.yaml "$W/c/serverless.yaml"
ln -s loop2 "$W/loop1"
ln -s loop1 "$W/loop2"
mkfifo "$W/c/serverless.json"
{ head4; printf '%s\n' '  logs:' '    websocket:' '      level: DEBUG'; } > "$W/a/b/serverless.yml"
(cd "$W/wide" && awk 'BEGIN { for (i = 0; i < 1000; i++) print "d" i }' | xargs mkdir)
cp "$W/a/b/serverless.yml" "$W/wide/d999/serverless.yml"
d=$W/deep
i=0
while [ $i -lt 70 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
cp "$W/a/b/serverless.yml" "$d/serverless.yml"
deep64=deep
i=0
while [ $i -lt 64 ]; do deep64=$deep64/d; i=$((i + 1)); done
level="warning: invalid websocket log level 'DEBUG': SF accepts only INFO or ERROR; it warns and compiles no stage because the service has no websocket events; use 'INFO' [WS050]"
skips="slsws: skipping './a/serverless.yml': a broken symlink (No such file or directory)
slsws: skipping './c/serverless.json': not a regular file
slsws: skipping './c/serverless.yaml': a broken symlink (Too many levels of symbolic links)
slsws: skipping './serverless.yml': a symlinked directory, which is not followed
slsws: skipping 1 directory nested more than 64 levels below '.' (the first: './$deep64'); give a deeper directory as a path to check them"
run_case walk-links-and-depth "$W" 0 "$skips
a/b/serverless.yml:8:14: $level
wide/d999/serverless.yml:8:14: $level" check --format concise --as-of $ASOF .
run_case routes-walk "$W" 0 "$skips
a/b/serverless.yml: no websocket routes

wide/d999/serverless.yml: no websocket routes" routes .
run_case walk-path-is-a-link-loop "$W" 2 \
    "slsws: cannot read 'loop1': Too many levels of symbolic links" check --format concise loop1
# named directly, a FIFO with no writer (which would block a reader forever)
# and a device are refused at once: only regular files and '-' are read
notreg="not a regular file (a FIFO, socket or device); name a regular file, or give '-' and the file on standard input"
run_case path-is-a-fifo "$W/c" 2 "slsws: cannot read 'serverless.json': $notreg" \
    check --format concise serverless.json
run_case fix-path-is-a-fifo "$W/c" 2 "slsws: cannot read 'serverless.json': $notreg" \
    check --fix --format concise serverless.json
run_case path-is-dev-null "$W" 2 "slsws: cannot read '/dev/null': $notreg" \
    check --format concise /dev/null

# a NUL before a variable: the fix of a ':' path works on the whole scalar
# (a copy cut at the NUL was written past its end), and --diff shows it
mkdir -p "$T/nul"
printf 'service: s\nprovider:\n  name: aws\n  region: "\\0${self:custom:region}xxxx"\ncustom:\n  region: us-east-1\n' > "$T/nul/serverless.yml"
expect nul-before-variable "$T/nul/serverless.yml" 1 \
"serverless.yml:4:14: error: '\${self:custom:region}' separates its path with ':': Serverless splits the path on '.' only, so resolving it fails; write '\${self:custom.region}' [WS092]
serverless.yml:4:14: error: '\${self:custom:region}' resolves to nothing: the service has no 'custom:region'; define it or add a fallback [WS093]"

# handler files: the owner lookup walks up from the file, through any depth
O=$T/owner
d=h
i=0
while [ $i -lt 80 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$O/.git" "$O/$d"
{ head4; printf '%s\n' 'functions:' '  f:' "    handler: $d/h.y"; } > "$O/serverless.yml"
echo "exports.x = async () => ({});" > "$O/$d/h.js"
ln -s loop.js "$O/loop.js"
run_case owner-deep-handler "$O" 1 \
    "serverless.yml:8:$((14 + ${#d} + 3)): error: '$d/h.js' exports no 'y' for handler '$d/h.y' of function 'f' (it exports 'x'); export it or fix the name [WS086]" \
    check --format concise --as-of $ASOF "$d/h.js"
run_case owner-link-loop "$O" 2 \
    "slsws: cannot read 'loop.js': Too many levels of symbolic links" check --format concise loop.js

# ---- invalid UTF-8 in every position ----

# utf8.js writes the files and the finding each must give; two runs (one
# per half of the list, side by side) check them all, and a sample is run
# one file at a time
U=$T/utf8-every
if node "$HERE/utf8.js" "$U"; then
    half=$(($(wc -l < "$U/list") / 2))
    head -n $half "$U/list" > "$U/list1"
    tail -n +$((half + 1)) "$U/list" > "$U/list2"
    utf8_half() {
        (cd "$U" && timeout "$LIMIT" "$SLSWS" check --format concise --as-of $ASOF \
            $(cat "list$1") > "out$1" 2>&1; echo $? > "rc$1")
    }
    utf8_half 1 &
    utf8_half 2
    wait
    cat "$U/out1" "$U/out2" > "$U/out"
    if [ "$(cat "$U/rc1") $(cat "$U/rc2")" = "1 1" ] && cmp -s "$U/expected" "$U/out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: hostile utf8-every-position (exit $(cat "$U/rc1") and $(cat "$U/rc2"), want 1;" \
            "$(wc -l < "$U/list") files)"
        diff "$U/expected" "$U/out" | head -n 20
    fi
    n=0
    while read -r f; do
        n=$((n + 1))
        [ $((n % 307)) = 0 ] || continue
        run_case "utf8-$f" "$U" 1 "$(grep "^$f:" "$U/expected")" \
            check --format concise --as-of $ASOF "$f"
    done < "$U/list"
else
    fail=$((fail + 1))
    echo "FAIL: hostile utf8-every-position: utf8.js failed"
fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
