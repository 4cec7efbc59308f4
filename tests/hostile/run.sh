#!/bin/sh
# Hostile inputs: each is generated here (nothing large is committed) and
# must end in a clear finding, never a crash, a hang or exit 2. What a case
# reports is asserted, not how long it took. Usage: run.sh SLSWS TMPDIR
set -u
SLSWS=$1
T=$2/hostile
mkdir -p "$T"
pass=0
fail=0
# expect NAME FILE EXPECTED-EXIT EXPECTED-OUTPUT (concise, path shown as h.yml)
expect() {
    name=$1 file=$2 want_rc=$3 want=$4
    out=$(cd "$(dirname "$file")" && "$SLSWS" check --format concise --as-of 2026-11-23 \
        "$(basename "$file")" 2>&1)
    rc=$?
    if [ "$rc" = "$want_rc" ] && [ "$out" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: hostile $name (exit $rc, want $want_rc)"
        echo "  got:  $out" | head -c 2000
        echo
        echo "  want: $want"
    fi
}

mkdir -p "$T/empty" "$T/comments" "$T/nest" "$T/bomb" "$T/bin" "$T/utf8" "$T/tab" \
    "$T/docs" "$T/deep" "$T/nul"
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

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
