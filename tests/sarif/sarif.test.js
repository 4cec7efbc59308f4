// The CI formats against real output (run by `sh tests/run.sh sarif`):
//   - `--format sarif` of a multi-file run (every rule fixture, a service
//     with an included file, handler sources) passes Microsoft's SARIF
//     validator (@microsoft/sarif-multitool, pinned in package-lock.json), with
//     the SARIF and GitHub rule sets; a deliberately broken copy must fail it;
//   - the log's rules are the registry's with their pages, and its results
//     are the json format's findings, one for one;
//   - `--format github` carries the same findings, correctly escaped;
//   - the problem matcher (editors/github/slsws-problem-matcher.json), applied
//     with JavaScript regular expressions as the Actions runner applies its
//     ECMAScript-mode .NET ones, captures exactly each finding of
//     `--format concise`, with and without `--color always`.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const SLSWS = path.resolve(ROOT, process.env.SLSWS || 'build/slsws');
const ASOF = '2026-11-23';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-sarif-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

// Every rule fixture, plus services whose findings sit in an included file
// (tests/projects/includes), in handler sources and after non-ASCII text.
const rulesDir = path.join(ROOT, 'tests/rules');
const INPUTS = fs.readdirSync(rulesDir).sort().flatMap((code) =>
    fs.readdirSync(path.join(rulesDir, code)).sort()
        .filter((f) => /^bad(-.*)?\.yml$/.test(f))
        .map((f) => `tests/rules/${code}/${f}`))
    .concat(['tests/projects/includes/serverless.yml', 'tests/cli/sarif-format/serverless.yml',
             'tests/cli/sarif-columns/serverless.yml']);

function slsws(args, env = {}) {
    const r = spawnSync(SLSWS, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28,
                                       env: { ...process.env, ...env } });
    assert.equal(r.error, undefined, `cannot run ${SLSWS}`);
    assert.equal(r.stderr, '', `slsws ${args.join(' ')} wrote to stderr`);
    assert.ok(r.status === 0 || r.status === 1, `slsws ${args.join(' ')}: exit ${r.status}`);
    return r.stdout;
}

const check = (format, ...more) =>
    slsws(['check', '--format', format, '--as-of', ASOF, ...more, ...INPUTS]);

let cache = {};
const sarif = () => cache.sarif ??= JSON.parse(check('sarif'));
const json = () => cache.json ??= JSON.parse(check('json')).diagnostics;

// The validator: the npm package ships a self-contained .NET binary whose
// only install script (skipped by `npm ci --ignore-scripts`) marks it
// executable; make test-deps does that.
function multitool() {
    let bin;
    try {
        bin = require(path.join(__dirname, 'node_modules/@microsoft/sarif-multitool'));
    } catch (e) {
        assert.fail(`the SARIF validator is not installed (run make test-deps): ${e.message}`);
    }
    fs.accessSync(bin, fs.constants.X_OK);
    return bin;
}

// Runs `Sarif.Multitool validate` on a log and returns its own SARIF log's
// results (the validator exits 0 whatever it finds).
function validate(log, name) {
    const file = path.join(TMP, `${name}.sarif`), out = path.join(TMP, `${name}.validation.sarif`);
    fs.writeFileSync(file, typeof log === 'string' ? log : JSON.stringify(log, null, 2));
    const r = spawnSync(multitool(), ['validate', file, '--output', out, '--log', 'ForceOverwrite',
                                      '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note'],
                        { encoding: 'utf8', maxBuffer: 1 << 28,
                          env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1',
                                 DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    assert.equal(r.error, undefined, 'cannot run the SARIF validator');
    assert.equal(r.status, 0, `the validator failed:\n${r.stdout}\n${r.stderr}`);
    const run = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0];
    assert.equal(run.invocations[0].executionSuccessful, true, r.stdout);
    const text = r.stdout.split('\n');
    return run.results.map((x) => ({
        rule: x.ruleId, level: x.level ?? 'warning', id: x.message.id,
        line: text.find((l) => l.includes(` ${x.ruleId}: `) && x.message.arguments &&
                              l.includes(x.message.arguments[0])) ?? JSON.stringify(x.message),
    }));
}

test("a multi-file run passes Microsoft's SARIF validator", () => {
    const log = sarif();
    const found = validate(log, 'run');
    const bad = found.filter((f) => f.level === 'error' ||
        (f.level === 'warning' &&
         // no published project URL yet for driver.informationUri
         !(f.rule === 'SARIF2005' && f.id === 'Warning_ProvideToolnformationUri')));
    assert.deepEqual(bad.map((f) => f.line), []);
    // the validator read every result: it notes once per result that the
    // message is text rather than a message id with arguments
    const results = log.runs[0].results.length;
    assert.ok(results > 1000, `only ${results} results`);
    assert.equal(found.filter((f) => f.rule === 'SARIF2002').length, results);
});

test('the validator rejects a broken log (the check above can fail)', () => {
    const log = JSON.parse(slsws(['check', '--format', 'sarif', '--as-of', ASOF,
                                  'tests/cli/sarif-format/serverless.yml']));
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    log.runs[0].results[1].locations[0].physicalLocation.region.endColumn = 0;
    const errors = validate(log, 'broken').filter((f) => f.level === 'error').map((f) => f.rule);
    assert.ok(errors.includes('JSON1008'), errors.join(', '));
    assert.ok(errors.includes('SARIF1007'), errors.join(', '));
});

test('rules: every registered rule in registry order, with its page as help', () => {
    const registered = JSON.parse(slsws(['rules', '--format', 'json']));
    const { driver } = sarif().runs[0].tool;
    assert.equal(driver.name, 'slsws');
    assert.equal(driver.version, slsws(['--version']).match(/\d+\.\d+\.\d+/)[0]);
    assert.equal(driver.semanticVersion, driver.version);
    assert.deepEqual(driver.rules.map((r) => r.id), registered.map((r) => r.code));
    const level = { error: 'error', warning: 'warning', info: 'note' };
    for (const [i, r] of driver.rules.entries()) {
        const page = fs.readFileSync(path.join(ROOT, 'rules', `${r.id}.md`), 'utf8');
        assert.equal(r.name, registered[i].name);
        assert.equal(r.shortDescription.text, registered[i].summary);
        assert.equal(r.defaultConfiguration.level, level[registered[i].severity], r.id);
        assert.equal(r.help.text, page, r.id);
        assert.equal(r.help.markdown, page, r.id);
        // the opening of "What it checks", one paragraph on one line
        const body = page.split('\n## What it checks\n')[1].trimStart();
        const first = body.split('\n')[0].trim();
        assert.ok(r.fullDescription.text.startsWith(first), `${r.id}: ${r.fullDescription.text}`);
        assert.ok(!r.fullDescription.text.includes('\n'), r.id);
    }
});

const LEVEL = { error: 'error', warning: 'warning', info: 'note' };
const regionOf = (x) => ({ startLine: x.line, startColumn: x.column,
                           endLine: x.endLine, endColumn: x.endColumn });

test('results: the json findings one for one, code-point columns, relative URIs', () => {
    const run = sarif().runs[0];
    assert.equal(run.columnKind, 'unicodeCodePoints');
    const rules = run.tool.driver.rules;
    const diags = json();
    assert.equal(run.results.length, diags.length);
    const paths = new Set();
    for (const [i, r] of run.results.entries()) {
        const d = diags[i];
        const loc = r.locations[0].physicalLocation;
        assert.equal(r.ruleId, d.code);
        assert.equal(rules[r.ruleIndex].id, r.ruleId);
        assert.equal(r.level, LEVEL[d.severity]);
        assert.equal(r.message.text, d.message);
        // every input lies below the current directory, in plain ASCII names
        assert.equal(loc.artifactLocation.uri, d.path);
        assert.match(loc.artifactLocation.uri, /^(?!\.\.\/)[A-Za-z0-9_.\/-]+$/);
        assert.deepEqual(loc.region, regionOf(d));
        assert.deepEqual((r.relatedLocations ?? []).map((l) => [l.id, l.physicalLocation.artifactLocation.uri,
                                                                l.physicalLocation.region, l.message.text]),
                         (d.related ?? []).map((l, k) => [k + 1, l.path, regionOf(l), l.message]));
        // fixes: the safe ones (json "fix"), as replacements in the finding's file
        const fix = r.fixes && r.fixes[0];
        assert.equal(Boolean(fix), Boolean(d.fix), `${d.code} at ${d.path}:${d.line}`);
        if (fix) {
            assert.equal(fix.description.text, d.fix.title);
            assert.equal(fix.artifactChanges[0].artifactLocation.uri, d.path);
            assert.deepEqual(fix.artifactChanges[0].replacements.map((x) => [x.deletedRegion, x.insertedContent.text]),
                             d.fix.edits.map((e) => [regionOf(e), e.newText]));
        }
        paths.add(d.path);
    }
    // findings in an included file and in handler sources carry their own paths
    for (const p of ['tests/projects/includes/functions.yml', 'tests/rules/WS071/src/broadcast.js',
                     'tests/cli/sarif-format/src/chat.js'])
        assert.ok(paths.has(p), `no finding in ${p}`);
    // a column after two emoji is a code point count, not UTF-16 units
    const ws050 = run.results.find((r) => r.ruleId === 'WS050' &&
        r.locations[0].physicalLocation.artifactLocation.uri === 'tests/cli/sarif-columns/serverless.yml');
    assert.equal(ws050.locations[0].physicalLocation.region.startColumn, 67);
});

// The inverse of the github format's escaping (actions/toolkit command.ts).
const unescape = (s) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n').replace(/%25/g, '%');

test('github: one annotation per json finding, escaped, columns on one line only', () => {
    const lines = check('github', '--quiet').split('\n');
    assert.equal(lines.pop(), '');
    // file order, not sorted by path as in json: pair them up by key
    const key = (file, line, code, msg) => `${file}\0${line}\0${code}\0${msg}`;
    const want = new Map();
    for (const d of json()) {
        const k = key(d.path, d.line, d.code, d.message);
        want.set(k, [...(want.get(k) ?? []), d]);
    }
    const command = { error: 'error', warning: 'warning', info: 'notice' };
    let multi = 0;
    for (const line of lines) {
        const m = line.match(/^::(error|warning|notice) ([^:]*)::(.*)$/);
        assert.ok(m, line);
        const props = Object.fromEntries(m[2].split(',').map((p) => {
            const eq = p.indexOf('=');
            return [p.slice(0, eq), unescape(p.slice(eq + 1))];
        }));
        const list = want.get(key(props.file, Number(props.line), props.title, unescape(m[3])));
        assert.ok(list && list.length, `no json finding for ${line}`);
        const d = list.shift();
        assert.equal(m[1], command[d.severity]);
        assert.ok(!/[\r\n]/.test(m[3]));
        if (d.line === d.endLine) {
            assert.deepEqual(props, { file: d.path, line: String(d.line), col: String(d.column),
                                      endLine: String(d.endLine), endColumn: String(d.endColumn),
                                      title: d.code });
        } else {
            // over several lines: no columns, unless the span only ends
            // with the line break(s) after its last character
            const end = Number(props.endLine);
            assert.ok(end <= d.endLine && end >= d.line, line);
            if (props.col === undefined) {
                assert.ok(end > d.line, line);
                assert.deepEqual(Object.keys(props), ['file', 'line', 'endLine', 'title']);
                multi++;
            } else {
                assert.equal(d.endColumn, 1, line);
                assert.equal(end, d.line, line);
            }
        }
    }
    assert.deepEqual([...want.values()].flat(), [], 'findings without an annotation');
    assert.ok(multi > 0, 'no multi-line span among the fixtures');
});

// --- the problem matcher ---------------------------------------------------

const MATCHER = JSON.parse(fs.readFileSync(
    path.join(ROOT, 'editors/github/slsws-problem-matcher.json'), 'utf8')).problemMatcher;

test('problem matcher: a file the Actions runner accepts', () => {
    // the runner's IssueMatcherConfig.Validate: distinct non-empty owners, a
    // default severity of error, warning or notice, group numbers that exist
    // and a message
    const owners = MATCHER.map((m) => m.owner.toLowerCase());
    assert.equal(new Set(owners).size, owners.length);
    for (const m of MATCHER) {
        assert.ok(m.owner);
        assert.ok(['', 'error', 'warning', 'notice'].includes((m.severity ?? '').toLowerCase()));
        assert.equal(m.pattern.length, 1);
        const p = m.pattern[0];
        const groups = new RegExp(`${p.regexp}|`).exec('').length - 1;
        for (const k of ['file', 'line', 'column', 'severity', 'message', 'code'])
            if (p[k] !== undefined)
                assert.ok(p[k] > 0 && p[k] <= groups, `${m.owner}.${k}`);
        assert.ok(p.message);
    }
});

// What the runner records for a line: the first matcher that matches, its
// captures, the severity captured or the matcher's default.
function apply(line) {
    const hits = [];
    for (const m of MATCHER) {
        const p = m.pattern[0];
        const g = new RegExp(p.regexp).exec(line);
        if (!g)
            continue;
        const at = (k) => (p[k] === undefined ? undefined : g[p[k]]);
        hits.push({ file: at('file'), line: at('line'), column: at('column'),
                    severity: at('severity') || m.severity || 'error',
                    message: at('message'), code: at('code') });
    }
    assert.ok(hits.length <= 1, `several matchers match ${JSON.stringify(line)}`);
    return hits[0];
}

test('problem matcher: captures every concise finding exactly, with and without colour', () => {
    const plain = check('concise', '--color', 'never').split('\n');
    const color = check('concise', '--color', 'always').split('\n');
    assert.equal(plain.pop(), '');
    assert.equal(color.pop(), '');
    assert.equal(color.length, plain.length);
    const want = new Map();
    const key = (f) => [f.file, f.line, f.column, f.code, f.message].join('\0');
    for (const d of json()) {
        const k = key({ file: d.path, line: d.line, column: d.column, code: d.code, message: d.message });
        want.set(k, [...(want.get(k) ?? []), d]);
    }
    // the runner strips colour codes before matching; the pattern copes
    // with them too (for other consumers of the same file)
    const strip = (l) => l.replace(/\x1b\[[0-9;]*m?/g, '');
    const severity = { error: 'error', warning: 'warning', info: 'notice' };
    const seen = {};
    for (const [i, line] of plain.entries()) {
        assert.ok(color[i].includes('\x1b['), `no colour in ${JSON.stringify(color[i])}`);
        assert.equal(strip(color[i]), line);
        const got = apply(line);
        assert.ok(got, `no matcher matches ${JSON.stringify(line)}`);
        assert.deepEqual(apply(color[i]), got, `with colour: ${JSON.stringify(color[i])}`);
        assert.deepEqual(apply(strip(color[i])), got);
        const list = want.get(key({ ...got, line: Number(got.line), column: Number(got.column) }));
        assert.ok(list && list.length, `captures match no json finding: ${JSON.stringify(got)}`);
        const d = list.shift();
        assert.equal(got.severity, severity[d.severity], line);
        seen[got.severity] = (seen[got.severity] ?? 0) + 1;
    }
    assert.deepEqual([...want.values()].flat(), [], 'json findings without a concise line');
    assert.deepEqual(Object.keys(seen).sort(), ['error', 'notice', 'warning']);
});

test('problem matcher: exact captures of one line, and lines it must not take', () => {
    const line = 'services/chat/serverless.yml:27:20: warning: route \'a [b]\' is odd: see [WS012] [WS013]';
    assert.deepEqual(apply(line), { file: 'services/chat/serverless.yml', line: '27', column: '20',
                                    severity: 'warning',
                                    message: 'route \'a [b]\' is odd: see [WS012]', code: 'WS013' });
    const info = '\x1b[1mdir: x/serverless.yml:3:1:\x1b[0m \x1b[1;36minfo:\x1b[0m a b \x1b[2m[WS099]\x1b[0m';
    assert.deepEqual(apply(info), { file: 'dir: x/serverless.yml', line: '3', column: '1',
                                    severity: 'notice', message: 'a b', code: 'WS099' });
    for (const other of ['1 error, 0 warnings, 0 infos in 1 file', 'no findings in 2 files',
                         '  |', '9 |       - websocket: x', 'x.yml:1:2: note: y [WS001]',
                         'x.yml:1:2: error: y [E501]'])
        assert.equal(apply(other), undefined, other);
});
