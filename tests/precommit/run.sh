#!/bin/sh
# The pre-commit hooks (.pre-commit-hooks.yaml) run by the real pre-commit
# (Debian's package, installed by `make test-deps`) in throwaway git
# repositories, configured with the snippet of README.md's "CI" section; then
# that section's GitHub Actions job: parsed, and its slsws steps run here.
# Nothing needs the network: the hooks are `language: system`, the hook
# repository is a local clone, PRE_COMMIT_HOME and HOME are temporary, and
# pre-commit runs without a network where `unshare -n` is allowed.
#
#   sh tests/precommit/run.sh SLSWS TMPDIR     (UPDATE=1 rewrites expected/)
#
# Each step's output (the temporary directory shown as $TMP) must equal
# tests/precommit/expected/STEP; ends with "precommit: N passed, N failed".
set -u
SLSWS=$1
T=$2/precommit
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/precommit
pass=0
fail=0
rm -rf "$T"
mkdir -p "$T/home" "$T/bin" "$T/out"

bad() {
    fail=$((fail + 1))
    echo "FAIL: precommit $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && head -n 60 "$2"
}

if ! command -v pre-commit > /dev/null || ! command -v git > /dev/null; then
    bad "pre-commit and git are needed ('make test-deps' installs Debian's pre-commit)"
    echo "precommit: $pass passed, $fail failed"
    exit 1
fi

# a clean, private environment: no user or system git configuration, no
# pre-commit cache, the slsws under test first on PATH
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY PRE_COMMIT_COLOR SKIP \
    PRE_COMMIT_ALLOW_NO_CONFIG
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" XDG_CACHE_HOME="$T/home/.cache" \
    PRE_COMMIT_HOME="$T/home/pre-commit" GIT_CONFIG_NOSYSTEM=1 \
    GIT_AUTHOR_NAME=slsws GIT_AUTHOR_EMAIL=slsws@example.invalid \
    GIT_COMMITTER_NAME=slsws GIT_COMMITTER_EMAIL=slsws@example.invalid
ln -s "$SLSWS" "$T/bin/slsws"
PATH="$T/bin:$PATH"
export PATH
OFFLINE=
unshare -n true 2> /dev/null && OFFLINE="unshare -n"

# step NAME COMMAND...: runs the command (stdout and stderr together) and
# compares what it printed and its exit status with expected/NAME
step() {
    name=$1
    shift
    "$@" > "$T/out/$name" 2>&1
    echo "[exit $?]" >> "$T/out/$name"
    sed "s|$T|\$TMP|g" "$T/out/$name" > "$T/out/$name.norm"
    [ "${UPDATE:-}" = 1 ] && cp "$T/out/$name.norm" "$HERE/expected/$name"
    [ -f "$HERE/expected/$name" ] || touch "$HERE/expected/$name"
    if diff -u "$HERE/expected/$name" "$T/out/$name.norm" > "$T/out/$name.diff"; then
        pass=$((pass + 1))
    else
        bad "$name" "$T/out/$name.diff"
    fi
}
pc() { $OFFLINE pre-commit "$@"; }

# fenced BLOCK-START: the fenced yaml block of README.md's "## CI" section
# whose first line is BLOCK-START
fenced() {
    awk -v first="$1" '
        $0 == "## CI" { sec = 1; next }
        sec && /^## / { exit }
        sec && infence && /^```/ { if (keep) exit; infence = 0; next }
        sec && /^```yaml$/ { infence = 1; n = 0; next }
        infence { n++; if (n == 1) keep = ($0 == first); if (keep) print }' "$ROOT/README.md"
}
VERSION=$("$SLSWS" --version | sed 's/^slsws //')

# --- the manifest and the README's configuration -------------------------
step manifest pc validate-manifest "$ROOT/.pre-commit-hooks.yaml"
fenced "repos:" > "$T/readme-config.yaml"
step readme-config sh -c '
    cat "$1"
    $2 pre-commit validate-config "$1" && echo "valid configuration"
    grep -q "^    rev: v$3\$" "$1" && echo "rev is this version (v$3)"' \
    sh "$T/readme-config.yaml" "$OFFLINE" "$VERSION"

# --- a hook repository (this one's manifest, committed) and a project ----
git init -q "$T/hooks"
cp "$ROOT/.pre-commit-hooks.yaml" "$T/hooks/"
git -C "$T/hooks" add .pre-commit-hooks.yaml
git -C "$T/hooks" commit -q -m hooks
REV=$(git -C "$T/hooks" rev-parse HEAD)

P=$T/project
mkdir -p "$P/chat/src" "$P/web"
cd "$P" || exit 2
git init -q
# the README's configuration with the hook repository swapped in
sed -e "s|^\(  - repo:\).*|\1 $T/hooks|" -e "s|^\(    rev:\).*|\1 $REV|" \
    "$T/readme-config.yaml" > .pre-commit-config.yaml
printf '%s\n' 'as-of: 2026-11-23' 'rules:' '  WS064: off' > .slsws.yml
good_service() {
    cat > chat/serverless.yml <<'EOF'
service: chat
frameworkVersion: "4"
configValidationMode: error
provider:
  name: aws
  runtime: nodejs24.x
functions:
  connect:
    handler: src/connect.handler
    events:
      - websocket: $connect
  disconnect:
    handler: src/connect.handler
    events:
      - websocket: $disconnect
  default:
    handler: src/send.handler
    events:
      - websocket: $default
EOF
}
bad_service() { # an authorizer on $default (WS030)
    good_service
    sed -i 's/      - websocket: \$default/      - websocket:\n          route: $default\n          authorizer: connect/' \
        chat/serverless.yml
}
handler() { # handler FILE EXPORT
    echo "exports.$2 = async () => ({ statusCode: 200 });" > "$1"
}
good_service
handler chat/src/connect.js handler
handler chat/src/send.js handler
handler chat/src/util.js format
echo 'export const hello = (): string => "hello";' > web/app.ts
git add -A
git commit -q -m project

step install-hooks pc install-hooks
step good pc run --files chat/serverless.yml
bad_service
step bad pc run --files chat/serverless.yml
if [ -z "$(PATH=/usr/bin:/bin command -v slsws)" ]; then
    step not-installed env PATH=/usr/bin:/bin $OFFLINE pre-commit run --files chat/serverless.yml
else
    bad "not-installed: a slsws in /usr/bin or /bin hides what a missing one does"
fi
good_service

# only a handler changed (staged, as in a commit): the slsws hook has
# nothing to check, slsws-sources lints the service that uses the file
handler chat/src/send.js main
git add -A
step handler-slsws pc run
sed -i 's/- id: slsws .*/- id: slsws-sources/' .pre-commit-config.yaml
git add -A
step handler-sources pc run
# several handlers of the service, the service file, a file no service uses
# and front-end code at once: one slsws run, the service linted once
handler chat/src/connect.js start
handler chat/src/util.js formatted
echo 'export const hello = (): string => "hi";' > web/app.ts
bad_service
git add -A
step several pc run

# a real commit through the installed git hook: refused, then accepted
step commit sh -c '
    $1 pre-commit install
    $1 git commit -q -m "bad handlers"
    echo "[git commit exit $?]"
    echo "commits: $(git rev-list --count HEAD)"' sh "$OFFLINE"
good_service
handler chat/src/connect.js handler
handler chat/src/send.js handler
git add -A
step commit-fixed sh -c '
    $1 git commit -q -m "fixed handlers"
    echo "[git commit exit $?]"
    echo "commits: $(git rev-list --count HEAD)"' sh "$OFFLINE"

# --- the GitHub Actions job of README.md ---------------------------------
# run in a checkout of the project with an error in its service file
fenced "name: slsws" > "$T/workflow.yml"
mkdir -p "$T/checkout"
git archive HEAD | tar -x -C "$T/checkout"
cd "$T/checkout" || exit 2
bad_service
step workflow python3 "$HERE/workflow.py" "$T/workflow.yml" "$VERSION" "$ROOT" "$T/checkout"

echo "precommit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
