#!/bin/sh
# Runs every test suite of slsws and ends with "N passed, N failed".
#
#   SLSWS=build/san/slsws UNIT=build/san/unit sh tests/run.sh [SUITE...]
#
# Suites: unit, rules, cli, hostile, corpus, lsp, soak, nvim, projects,
# included, precommit, sarif, editors, fuzz (default: all). UPDATE=1 rewrites
# the expected files of rules (bad.out), cli and corpus from the current
# output: review the diff before committing it.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
SLSWS=$(cd "$(dirname "${SLSWS:-build/slsws}")" && pwd)/$(basename "${SLSWS:-build/slsws}")
UNIT=${UNIT:-}
ASOF=2026-11-23
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
export NO_COLOR=1 ASAN_OPTIONS=detect_leaks=1
# the handler-facts cache (src/hcache.c) in this run's temp dir: results never
# depend on the machine's ~/.cache, and the cache's own code paths run
export SLSWS_CACHE_DIR="$TMP/cache"

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then head -n 40 "$2"; fi
}
# compare NAME EXPECTED-FILE ACTUAL-FILE
compare() {
    if [ "${UPDATE:-}" = 1 ] && [ "$2" != /dev/null ]; then
        cp "$3" "$2"
    fi
    if diff -u "$2" "$3" > "$TMP/diff" 2>&1; then ok; else bad "$1" "$TMP/diff"; fi
}

suite_unit() {
    [ -n "$UNIT" ] || return 0
    "$UNIT" > "$TMP/unit" 2> "$TMP/unit.err"
    rc=$?
    line=$(grep '^unit: ' "$TMP/unit")
    p=$(echo "$line" | sed -n 's/^unit: \([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p')
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ] || [ -z "$line" ]; then
        [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
        echo "FAIL: unit tests (exit $rc)"
        head -n 60 "$TMP/unit.err"
    fi
}

# fence FILE SECTION: the first fenced block after "## SECTION"
fence() {
    awk -v sec="## $2" '
        $0 == sec { insec = 1; next }
        insec && /^## / { exit }
        insec && /^```/ { if (infence) exit; infence = 1; next }
        infence { print }' "$1"
}

suite_rules() {
    codes=$("$SLSWS" rules | cut -c1-5)
    for code in $codes; do
        dir=tests/rules/$code
        page=rules/$code.md
        for f in "$page" "$dir/bad.yml" "$dir/bad.out" "$dir/good.yml"; do
            if [ -f "$f" ]; then ok; else bad "$code: $f is missing"; fi
        done
        [ -f "$dir/bad.yml" ] || continue
        # a rule about other rules' findings (WS099) lists what else runs in "select"
        sel=$code
        [ -f "$dir/select" ] && sel=$(cat "$dir/select")
        # bad.yml and any bad-CASE.yml (for cases one file cannot hold),
        # each against its .out
        for b in "$dir"/bad.yml "$dir"/bad-*.yml; do
            [ -f "$b" ] || continue
            base=$(basename "$b" .yml)
            (cd "$dir" && "$SLSWS" check --format concise --select "$sel" --as-of $ASOF "$base.yml") \
                > "$TMP/out" 2>&1
            [ -s "$TMP/out" ] || echo "(no output)" >> "$TMP/out"
            [ -f "$dir/$base.out" ] || touch "$dir/$base.out"
            compare "$code $base.yml" "$dir/$base.out" "$TMP/out"
        done
        # good.yml and any good-CASE.yml must stay silent
        for g in "$dir"/good.yml "$dir"/good-*.yml; do
            [ -f "$g" ] || continue
            gname=$(basename "$g")
            (cd "$dir" && "$SLSWS" check --format concise --select "$sel" --as-of $ASOF "$gname") \
                > "$TMP/out" 2>&1
            rc=$?
            if [ $rc -eq 0 ] && [ ! -s "$TMP/out" ]; then ok; else bad "$code $gname is not silent (exit $rc)" "$TMP/out"; fi
        done
        if [ -f "$page" ]; then
            head -n 1 "$page" | grep -q "^# $code " && ok || bad "$code: page title must start '# $code '"
            fence "$page" Bad > "$TMP/bad.yml"
            fence "$page" Output > "$TMP/expected"
            # run beside the fixtures: a rule that reads handler sources finds the
            # page's handler files there
            (cd "$dir" && "$SLSWS" check --format concise --select "$code" --as-of $ASOF \
                --stdin-filename serverless.yml - < "$TMP/bad.yml") > "$TMP/out" 2>&1
            if [ -s "$TMP/bad.yml" ] && [ -s "$TMP/expected" ]; then
                if diff -u "$TMP/expected" "$TMP/out" > "$TMP/diff"; then ok; else bad "$code page: the Output block differs from running the Bad block" "$TMP/diff"; fi
            else
                bad "$code page: needs a Bad yaml block and an Output block"
            fi
            fence "$page" Good > "$TMP/good.yml"
            (cd "$dir" && "$SLSWS" check --format concise --select "$code" --as-of $ASOF \
                --stdin-filename serverless.yml - < "$TMP/good.yml") > "$TMP/out" 2>&1
            if [ -s "$TMP/good.yml" ] && [ ! -s "$TMP/out" ]; then ok; else bad "$code page: the Good block is missing or not silent" "$TMP/out"; fi
            "$SLSWS" explain "$code" > "$TMP/explain" 2>&1
            if cmp -s "$TMP/explain" "$page"; then ok; else bad "$code: 'slsws explain' differs from $page"; fi
        fi
    done
    for page in rules/WS*.md; do
        code=$(basename "$page" .md)
        if echo "$codes" | grep -qx "$code"; then ok; else bad "$page documents no registered rule"; fi
    done
    for dir in tests/rules/WS*; do
        code=$(basename "$dir")
        if echo "$codes" | grep -qx "$code"; then ok; else bad "$dir tests no registered rule"; fi
    done
}

# Each tests/cli/NAME/cmd is a shell command run in that directory with
# $SLSWS set; expected holds its stdout, then [stderr], then [exit N].
suite_cli() {
    for dir in tests/cli/*/; do
        name=$(basename "$dir")
        (cd "$dir" && SLSWS="$SLSWS" sh ./cmd > "$TMP/stdout" 2> "$TMP/stderr" < /dev/null)
        rc=$?
        { cat "$TMP/stdout"; echo "[stderr]"; cat "$TMP/stderr"; echo "[exit $rc]"; } > "$TMP/actual"
        [ -f "$dir/expected" ] || touch "$dir/expected"
        compare "cli $name" "$dir/expected" "$TMP/actual"
    done
}

suite_hostile() {
    sh tests/hostile/run.sh "$SLSWS" "$TMP" > "$TMP/hostile.log" 2>&1
    p=$(sed -n 's/^hostile: \([0-9]*\) passed.*/\1/p' "$TMP/hostile.log")
    f=$(sed -n 's/^hostile: .* \([0-9]*\) failed.*/\1/p' "$TMP/hostile.log")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    grep -A3 '^FAIL' "$TMP/hostile.log" || true
}

# Every real-world file, each as an explicit path: never a crash or exit 2,
# and the findings match tests/corpus/NAME.out.
suite_corpus() {
    corpus=$ROOT/../shared/corpus/real
    if [ ! -d "$corpus" ]; then
        echo "notice: ../shared/corpus/real not found: corpus suite skipped"
        return 0
    fi
    for f in "$corpus"/*.yml "$corpus"/*.yaml; do
        [ -f "$f" ] || continue
        name=$(basename "$f")
        (cd "$corpus" && "$SLSWS" check --format concise --isolated --as-of $ASOF "$name") > "$TMP/out" 2> "$TMP/err"
        rc=$?
        if [ $rc -le 1 ] && [ ! -s "$TMP/err" ]; then ok; else bad "corpus $name: exit $rc" "$TMP/err"; fi
        [ -f "tests/corpus/$name.out" ] || touch "tests/corpus/$name.out"
        compare "corpus $name" "tests/corpus/$name.out" "$TMP/out"
    done
}

# Each tests/projects/NAME/ is a service spread over several files (includes,
# handlers): `check serverless.yml` run there must print exactly ./expected.
suite_projects() {
    for dir in tests/projects/*/; do
        [ -f "$dir/serverless.yml" ] || continue
        name=$(basename "$dir")
        (cd "$dir" && "$SLSWS" check --format concise --as-of $ASOF serverless.yml) > "$TMP/out" 2>&1
        rc=$?
        if [ $rc -le 1 ]; then ok; else bad "project $name: exit $rc" "$TMP/out"; fi
        [ -f "$dir/expected" ] || touch "$dir/expected"
        compare "project $name" "$dir/expected" "$TMP/out"
    done
}

# The language server through real clients: the scripted Node client
# (node:test) and headless Neovim.
suite_lsp() {
    SLSWS="$SLSWS" node --test tests/lsp/ > "$TMP/lsp" 2>&1
    rc=$?
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/lsp")
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/lsp")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ]; then
        [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
        echo "FAIL: node LSP client tests (exit $rc)"
        grep -B2 -A12 '^not ok' "$TMP/lsp" | head -n 80
    fi
}

suite_nvim() {
    (LSP_TEST_FILE="$ROOT/tests/nvim/serverless.yml" SLSWS="$SLSWS" timeout 60 \
        nvim --headless --clean -n -c 'luafile tests/nvim/diagnostics.lua') > "$TMP/nvim" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then bad "nvim: exit $rc" "$TMP/nvim"; return; fi
    compare "nvim diagnostics and hover" tests/nvim/expected "$TMP/nvim"
}

# editors/ through VS Code's packager and a stub vscode, headless Neovim,
# batch Emacs with eglot, and tomllib for Helix (tests/editors/run.sh).
suite_editors() {
    sh tests/editors/run.sh "$SLSWS" "$TMP" > "$TMP/editors.log" 2>&1
    p=$(sed -n 's/^editors: \([0-9]*\) passed.*/\1/p' "$TMP/editors.log")
    f=$(sed -n 's/^editors: .* \([0-9]*\) failed.*/\1/p' "$TMP/editors.log")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    grep -v '^editors: ' "$TMP/editors.log" | head -n 80
}

# Every rule fixture again, this time read through ${file()} from a small
# service: rules then meet nodes of an included file (other offsets, other
# text), which must never make them read or write out of bounds (ASan).
suite_included() {
    for f in tests/rules/*/bad*.yml tests/rules/*/good*.yml; do
        d="$TMP/included/$(echo "$f" | tr / _)"
        mkdir -p "$d"
        cp "$f" "$d/big.yml"
        printf '%s\n' 'service: wrap' 'provider: ${file(./big.yml):provider}' \
            'custom: ${file(./big.yml):custom, null}' 'functions: ${file(./big.yml):functions}' \
            'resources: ${file(./big.yml):resources, null}' > "$d/serverless.yml"
        (cd "$d" && "$SLSWS" check --format concise --as-of $ASOF serverless.yml) > "$d/out" 2> "$d/err"
        rc=$?
        if [ $rc -le 1 ] && [ ! -s "$d/err" ]; then ok; else bad "included $f: exit $rc" "$d/err"; fi
    done
}

# --fix over every rule fixture and real-world file in one run each (the
# exact cases are tests/cli/fix-*): --diff writes nothing, and its diff,
# applied by patch, gives exactly what --fix writes; no fix makes a file
# unparsable (WS090); a second run finds nothing left to fix; and through
# ${file()} (as in suite_included) an included file is never edited.
suite_fix() {
    d=$TMP/fix
    mkdir -p "$d"
    cp -r tests/rules "$d/fixed"
    [ -d "$ROOT/../shared/corpus/real" ] && cp -r "$ROOT/../shared/corpus/real" "$d/fixed/corpus"
    cp -r "$d/fixed" "$d/orig"
    files=$(cd "$d/fixed" && ls -d */bad*.yml */good*.yml corpus/*.y*ml 2>/dev/null)
    chk() { (cd "$d/$1" && shift && "$SLSWS" check --as-of $ASOF --isolated "$@" $files); }
    chk fixed --diff > "$d/diff" 2> "$d/err"
    rc=$?
    if [ $rc -eq 1 ] && [ -s "$d/diff" ] && ! grep -v '^would fix ' "$d/err" > "$d/bad"; then ok
    else bad "fix: --diff over the fixtures: exit $rc" "$d/bad"; fi
    if diff -r "$d/orig" "$d/fixed" > "$d/bad"; then ok; else bad "fix: --diff wrote files" "$d/bad"; fi
    chk orig --format concise --select WS090 > "$d/ws090.before" 2>&1
    chk fixed --fix --quiet --format concise > "$d/out" 2> "$d/err"
    rc=$?
    if [ $rc -le 1 ] && [ ! -s "$d/err" ]; then ok; else bad "fix: --fix over the fixtures: exit $rc" "$d/err"; fi
    if command -v patch > /dev/null; then
        cp -r "$d/orig" "$d/patched"
        (cd "$d/patched" && patch -s -p0 < "$d/diff") > "$d/bad" 2>&1 &&
            diff -r "$d/patched" "$d/fixed" >> "$d/bad" 2>&1 && ok ||
            bad "fix: the --diff output, applied by patch, differs from what --fix wrote" "$d/bad"
    else
        echo "notice: patch not found: the --diff/--fix comparison is skipped"
    fi
    chk fixed --format concise --select WS090 > "$d/ws090.after" 2>&1
    compare "fix: no fix makes a file unparsable" "$d/ws090.before" "$d/ws090.after"
    chk fixed --diff > "$d/diff2" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && [ ! -s "$d/diff2" ]; then ok; else bad "fix: a second run would still fix (exit $rc)" "$d/diff2"; fi
    # each fixture beside a wrapper that includes it (shell built-ins only:
    # a process per fixture would cost more than the runs)
    cp -r tests/rules "$d/included"
    wraps=
    for f in tests/rules/*/bad*.yml tests/rules/*/good*.yml; do
        f=${f#tests/rules/}
        w=${f%/*}/wrap-${f##*/}
        printf '%s\n' 'service: wrap' "provider: \${file(./${f##*/}):provider}" \
            "custom: \${file(./${f##*/}):custom, null}" "functions: \${file(./${f##*/}):functions}" \
            "resources: \${file(./${f##*/}):resources, null}" > "$d/included/$w"
        wraps="$wraps $w"
    done
    (cd "$d/included" && "$SLSWS" check --fix --quiet --format concise --as-of $ASOF $wraps) \
        > "$d/out" 2> "$d/err"
    rc=$?
    if [ $rc -le 1 ] && [ ! -s "$d/err" ]; then ok; else bad "fix: --fix through \${file()}: exit $rc" "$d/err"; fi
    diff -r -x 'wrap-*' tests/rules "$d/included" > "$d/bad"
    if [ ! -s "$d/bad" ]; then ok; else bad "fix: --fix edited included files" "$d/bad"; fi
}

# One language server under a seeded stream of random edits and malformed
# messages (tests/soak/soak.js; make bench runs 10,000 edits): it keeps
# answering, and its diagnostics stay those of slsws check.
suite_soak() {
    SLSWS="$SLSWS" node tests/soak/soak.js --edits "${SOAK_EDITS:-1000}" > "$TMP/soak" 2>&1
    rc=$?
    p=$(sed -n 's/^soak: \([0-9]*\) passed.*/\1/p' "$TMP/soak")
    f=$(sed -n 's/^soak: .* \([0-9]*\) failed$/\1/p' "$TMP/soak")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    if [ $rc -ne 0 ]; then
        [ "${f:-1}" -gt 0 ] || fail=$((fail + 1))
        grep -v '^soak: ' "$TMP/soak" | head -n 60
    fi
}

# The pre-commit hooks through the real pre-commit, and README.md's CI
# snippets (tests/precommit/run.sh; UPDATE=1 rewrites its expected/).
suite_precommit() {
    sh tests/precommit/run.sh "$SLSWS" "$TMP" > "$TMP/precommit.log" 2>&1
    p=$(sed -n 's/^precommit: \([0-9]*\) passed.*/\1/p' "$TMP/precommit.log")
    f=$(sed -n 's/^precommit: .* \([0-9]*\) failed.*/\1/p' "$TMP/precommit.log")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    grep -v '^precommit: ' "$TMP/precommit.log" | head -n 80
}

# The CI formats (tests/sarif/sarif.test.js): Microsoft's SARIF validator on a
# multi-file run, sarif and github against json, the problem matcher on real
# concise output with and without colour.
suite_sarif() {
    SLSWS="$SLSWS" node --test tests/sarif/ > "$TMP/sarif" 2>&1
    rc=$?
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/sarif")
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/sarif")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ]; then
        [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
        echo "FAIL: sarif, github and problem matcher tests (exit $rc)"
        grep -B2 -A16 '^not ok' "$TMP/sarif" | head -n 80
    fi
}

# The libFuzzer targets of tests/fuzz/ (make fuzz-build): every crash input
# kept in tests/fuzz/regress/ replayed, then a few seconds of fuzzing each
# (tests/fuzz/run.sh; crashes land in build/fuzz/crashes/).
suite_fuzz() {
    h=
    [ -d "$TMP/hostile" ] && h=$TMP/hostile
    sh tests/fuzz/run.sh -smoke "${FUZZ_SMOKE:-3}" "$TMP" $h > "$TMP/fuzz.log" 2>&1
    p=$(sed -n 's/^fuzz: \([0-9]*\) passed.*/\1/p' "$TMP/fuzz.log")
    f=$(sed -n 's/^fuzz: .* \([0-9]*\) failed.*/\1/p' "$TMP/fuzz.log")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
    grep -v '^fuzz: \|^fuzz_\|^seeds: ' "$TMP/fuzz.log" | head -n 60
}

suites=${*:-unit rules cli hostile corpus projects included fix precommit sarif lsp soak nvim editors fuzz}
for s in $suites; do
    "suite_$s"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
