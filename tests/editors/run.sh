#!/bin/sh
# The editor integrations of editors/, each through its own editor or
# packager: the VS Code extension packaged by `make -C editors/vscode` (its
# .vsix listing, manifest and extension.js against a stub vscode:
# vscode.test.js), the Neovim module in headless Neovim (nvim-module.lua,
# nvim.expected), slsws.el in batch Emacs with Debian's eglot and yaml-mode
# (emacs-test.el, emacs.expected) and the Helix languages.toml
# (helix_test.py). tests/nvim drives diagnostics through the Neovim module
# too. Ends with "editors: N passed, N failed".
#
#   sh tests/editors/run.sh SLSWS TMPDIR      (tests/run.sh editors; UPDATE=1
#                                              rewrites the two .expected)
set -u
SLSWS=$1
TMP=$2/editors
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
mkdir -p "$TMP"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then head -n 40 "$2"; fi
}
compare() {
    [ "${UPDATE:-}" = 1 ] && cp "$3" "$2"
    if diff -u "$2" "$3" > "$TMP/diff" 2>&1; then ok; else bad "$1" "$TMP/diff"; fi
}

# VS Code: package, then the node:test file on the package
if make -s -C editors/vscode VSIX="$TMP/slsws.vsix" > "$TMP/vsix.log" 2>&1; then
    ok
    VSIX="$TMP/slsws.vsix" node --test tests/editors/vscode.test.js > "$TMP/vscode" 2>&1
    rc=$?
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TMP/vscode")
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TMP/vscode")
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-0}))
    if [ $rc -ne 0 ]; then
        [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
        echo "FAIL: editors vscode tests (exit $rc)"
        grep -B2 -A16 '^not ok' "$TMP/vscode" | head -n 80
    fi
else
    bad "editors: make -C editors/vscode failed" "$TMP/vsix.log"
fi

# Neovim: the module's configs, its 0.11 branch (stubbed) and its 0.7 clients
(SLSWS="$SLSWS" timeout 60 nvim --headless --clean -n -c 'luafile tests/editors/nvim-module.lua') \
    > "$TMP/nvim" 2>&1
rc=$?
if [ $rc -eq 0 ]; then compare "editors nvim module" tests/editors/nvim.expected "$TMP/nvim"
else bad "editors nvim module: exit $rc" "$TMP/nvim"; fi

# Emacs: modes, the eglot entry, diagnostics and hover through eglot
(SLSWS="$SLSWS" LSP_TEST_FILE="$ROOT/tests/nvim/serverless.yml" timeout 60 emacs --batch -Q \
    -l tests/editors/emacs-packages.el -l editors/emacs/slsws.el -l tests/editors/emacs-test.el) \
    > "$TMP/emacs" 2> "$TMP/emacs.err"
rc=$?
if [ $rc -eq 0 ]; then compare "editors emacs eglot" tests/editors/emacs.expected "$TMP/emacs"
else cat "$TMP/emacs.err" >> "$TMP/emacs"; bad "editors emacs eglot: exit $rc" "$TMP/emacs"; fi

# Helix
python3 tests/editors/helix_test.py editors/helix/languages.toml > "$TMP/helix" 2>&1
p=$(sed -n 's/^helix: \([0-9]*\) passed.*/\1/p' "$TMP/helix")
f=$(sed -n 's/^helix: .* \([0-9]*\) failed.*/\1/p' "$TMP/helix")
pass=$((pass + ${p:-0}))
fail=$((fail + ${f:-1}))
grep -v '^helix: ' "$TMP/helix" | head -n 40

echo "editors: $pass passed, $fail failed"
