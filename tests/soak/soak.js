'use strict';
/*
 * LSP soak test: ONE `slsws lsp` process takes a reproducible stream of random
 * edits (seeded PRNG: insertions, deletions and replacements of random ranges
 * with YAML fragments, line-wise inserts, several changes per message, full
 * syncs, huge lines, edits with invalid UTF-8 that must be refused, quick
 * fixes applied, close and reopen) interleaved with malformed messages
 * (malformed.js). The server must keep answering correctly:
 *  - after every malformed message, the expected error replies (if any), and
 *    then a valid request on a second, never edited document gets exactly the
 *    answer it got at the start, while the edited document is unchanged;
 *  - random requests on the edited document always get a result;
 *  - every 50 edits and at the end, the diagnostics published for the newest
 *    version equal those of `slsws check` on the same text (codes and ranges);
 *  - its stdout holds only framed JSON-RPC, and it exits 0 after shutdown.
 * Messages go through the pinned vscode-jsonrpc of tests/lsp, malformed ones
 * as raw bytes.
 *
 *   SLSWS=build/slsws node tests/soak/soak.js [--edits N] [--seed S]
 *
 * The seed is 10 unless --seed or SOAK_SEED gives another (a failure names it).
 *
 * Ends with "soak: P passed, F failed"; prints the server's memory (VmRSS and
 * VmHWM from /proc, with the document set back to the same text) after 1,000
 * edits and after the last (make bench). SOAK_DEBUG=1 prints every step; a
 * comparison that fails leaves its text in $TMPDIR/slsws-soak-seed*.yml.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
/* the pinned packages of tests/lsp (make test-deps installs them) */
const rpc = require('node:module').createRequire(path.join(ROOT, 'tests/lsp/package.json'))('vscode-jsonrpc/node');
const { malformed } = require('./malformed');

const arg = (name, def) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EDITS = arg('--edits', 1000);
const SEED = arg('--seed', Number(process.env.SOAK_SEED || 10));
const SLSWS = path.resolve(ROOT, process.env.SLSWS || 'build/slsws');
const AS_OF = '2026-11-23';
const TIMEOUT = 20000;
const CHECKPOINT = 50;
const MALFORMED_EVERY = 20;

/* ------------------------------------------------------------- checks */

let passed = 0, failed = 0;
function check(ok, what, detail) {
    if (ok) {
        passed++;
        return true;
    }
    failed++;
    if (failed <= 30)
        console.log(`FAIL: ${what}${detail ? '\n  ' + String(detail).slice(0, 2000).replace(/\n/g, '\n  ') : ''}`);
    return false;
}
const same = util.isDeepStrictEqual;
const show = (v) => JSON.stringify(v).slice(0, 600);

/* mulberry32: small, seeded, the same sequence on every machine */
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const rnd = prng(SEED);
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => rnd() < p;

function timeout(promise, ms, what) {
    let t;
    const fail = new Promise((_, reject) => {
        t = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, fail]).finally(() => clearTimeout(t));
}

/* ------------------------------------------------------------- texts */

/* Line starts as the server counts lines: "\n", "\r\n" or a lone "\r". */
function lineStarts(text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10))
            starts.push(i + 1);
    }
    return starts;
}
/* LSP position (UTF-16, the default encoding) of a string offset. */
function posAt(starts, off) {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= off) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: off - starts[lo] };
}
function lineEnd(text, starts, l) {
    let e = l + 1 < starts.length ? starts[l + 1] : text.length;
    if (e > starts[l] && text[e - 1] === '\n') e--;
    if (e > starts[l] && text[e - 1] === '\r') e--;
    return e;
}
/* An offset that does not split a surrogate pair or a CRLF (LSP positions
   cannot name those points). */
function safe(text, i) {
    if (i > 0 && i < text.length) {
        const c = text.charCodeAt(i - 1), d = text.charCodeAt(i);
        if ((c >= 0xd800 && c < 0xdc00 && d >= 0xdc00 && d < 0xe000) || (c === 13 && d === 10))
            i--;
    }
    return i;
}

const fixtureDirs = fs.readdirSync(path.join(ROOT, 'tests/rules')).filter((d) => /^WS\d+$/.test(d));
const bases = [fs.readFileSync(path.join(ROOT, 'examples/chat/serverless.yml'), 'utf8')];
for (const d of fixtureDirs)
    for (const f of fs.readdirSync(path.join(ROOT, 'tests/rules', d)))
        if (/^bad.*\.yml$/.test(f))
            bases.push(fs.readFileSync(path.join(ROOT, 'tests/rules', d, f), 'utf8'));

const FRAGMENTS = [
    'route: $connect', 'route: $disconnect', 'route: $default', 'routeKey: sendMessage',
    '- websocket:\n    route: send\n', '- websocket: $connect\n', 'websocket:\n  route: x\n',
    'runtime: nodejs12.x', 'runtime: python3.8', 'runtime: nodejs22.x', 'runtime: java8',
    'level: DEBUG', 'level: info', 'fullExecutionData: true', 'logs:\n  websocket: true\n',
    'authorizer: auth', 'authorizer:\n  name: auth\n  identitySource: route.request.header.Auth, route.request.querystring.t\n',
    'handler: src/h.main', 'handler: nope.run', 'timeout: 900', 'memorySize: 10240',
    'name: aws', 'provider:', 'functions:', 'events:', 'resources:', 'custom:',
    '${self:custom.x}', '${self:provider.stage}', '${opt:stage, \'dev\'}', '${env:HOME}',
    '${file(./other.yml):a}', '${file(./other.yml)}', '${file(./missing.yml):x, null}', '${sls:stage}',
    '${self:', '${{', '!Ref Table', '!GetAtt Table.Arn', '!Sub "arn:${AWS::Partition}:x"',
    '# slsws: ignore[WS003]', '# slsws: ignore-file[WS014, WS053]', '# slsws: ignore',
    '&anchor', '*anchor', '<<: *anchor', '<<: [*a, *b]', '{', '}', '[', ']', '{a: 1, b: [2, 3]}',
    "'", '"', "'quoted # not a comment'", '"esc\\"aped\\n"', '|\n  block\n  text\n', '>-\n  folded\n',
    ': ', '- ', '? ', ':', '-', '#', ',', '---\n', '...\n', '%YAML 1.2\n---\n', '%TAG ! tag:x,2000:\n',
    '\t', ' ', '  ', '\n', '\r\n', '\r', '\n\n\n', 'null', '~', '0x1F', '1e9', '.inf', 'yes', 'true',
    'é', 'naïve', '日本語', '😀', '👍🏽', 'e\u0301', '\u200b', '\ufeff', '\u2028', '\u0085', 'a\u0000b',
    '\u0007', '\u001b[31m', 'key: value\n', 'k: [unclosed\n', 'k: {unclosed: 1\n', 'x: !!binary aGk=\n',
    '!!str', '!custom tag', 'service: soak\n', 'frameworkVersion: \'3\'\n', 'configValidationMode: error\n',
];
const frag = () => pick(FRAGMENTS);

/* ------------------------------------------------------------- server */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-soak-'));
for (const d of ['doc', 'check', 'stable']) {
    fs.mkdirSync(path.join(tmp, d));
    fs.writeFileSync(path.join(tmp, d, 'other.yml'), 'a: 1\nb:\n  c: x\n');
}
/* the binary under test, copied once and used for the server and every
   comparison: a build relinking SLSWS mid-run (make in a shared tree) would
   make a `slsws check` fail to start (EACCES, ETXTBSY) or run other code */
const BIN = path.join(tmp, 'bin', path.basename(SLSWS));
fs.mkdirSync(path.dirname(BIN));
fs.copyFileSync(SLSWS, BIN);
fs.chmodSync(BIN, 0o755);
const uriOf = (p) => 'file://' + p;
const STABLE = { uri: uriOf(path.join(tmp, 'stable/serverless.yml')), text: bases[0] };
const DOC = { uri: uriOf(path.join(tmp, 'doc/serverless.yml')), text: bases[0], version: 1 };

const proc = spawn(BIN, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20000); });
proc.stdin.on('error', () => { /* the server died: the waits below time out and say so */ });
const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
const reader = new rpc.StreamMessageReader(proc.stdout);
const writer = new rpc.StreamMessageWriter(proc.stdin);
reader.onError((e) => check(false, 'the server writes only framed JSON-RPC on stdout', e));

const pending = new Map();     /* JSON of an id -> resolve */
const nullErrors = [];         /* codes of error replies with id null */
const published = new Map();   /* uri -> newest publishDiagnostics params */
let waiters = [];
const wake = () => { waiters = waiters.filter((w) => !w()); };
reader.listen((m) => {
    if (m.method === 'textDocument/publishDiagnostics') {
        published.set(m.params.uri, m.params);
    } else if (m.method === 'window/logMessage') {
        /* allowed */
    } else if (m.method) {
        check(false, 'no request from the server (no watchers were offered)', show(m));
    } else if (m.id === null) {
        nullErrors.push(m.error ? m.error.code : 'no error');
    } else {
        const key = JSON.stringify(m.id), resolve = pending.get(key);
        if (check(!!resolve, 'a response answers a request that is waiting', show(m))) {
            pending.delete(key);
            resolve(m);
        }
    }
    wake();
});
function until(find, what) {
    const got = find();
    if (got)
        return Promise.resolve(got);
    return timeout(new Promise((resolve) => waiters.push(() => {
        const g = find();
        if (g)
            resolve(g);
        return !!g;
    })), TIMEOUT, what);
}

let chain = Promise.resolve();
const sendMsg = (m) => (chain = chain.then(() => writer.write(m)));
const sendRaw = (buf) => (chain = chain.then(() => new Promise((resolve) => proc.stdin.write(buf, () => resolve()))));
let nextId = 1;
/* A request; resolves with the whole response message. */
function call(method, params, id = nextId++) {
    const key = JSON.stringify(id);
    const p = new Promise((resolve) => pending.set(key, resolve));
    sendMsg({ jsonrpc: '2.0', id, method, params });
    return timeout(p, TIMEOUT, `the response to ${method} #${key.slice(0, 40)}`);
}
/* The response to a request sent as raw bytes by the caller, id given. */
function response(id) {
    const key = JSON.stringify(id);
    return timeout(new Promise((resolve) => pending.set(key, resolve)), TIMEOUT, `the response to #${key.slice(0, 40)}`);
}
const notify = (method, params) => sendMsg({ jsonrpc: '2.0', method, params });
const td = (doc) => ({ textDocument: { uri: doc.uri } });
const waitPublished = (doc) => until(() => {
    const p = published.get(doc.uri);
    return p && p.version === doc.version && p;
}, `publishDiagnostics for version ${doc.version}`);

/* ------------------------------------------------------------- edits */

const stats = { changes: 0, messages: 0, refused: 0, fixes: 0, resets: 0, reopen: 0, huge: 0, requests: 0 };

/* One content change on the model, in the form didChange sends it. */
function change(start, end, text) {
    const starts = lineStarts(DOC.text);
    const c = { range: { start: posAt(starts, start), end: posAt(starts, end) }, text };
    DOC.text = DOC.text.slice(0, start) + text + DOC.text.slice(end);
    stats.changes++;
    return c;
}
function randomRange() {
    const t = DOC.text;
    let a = safe(t, int(t.length + 1));
    let b = safe(t, Math.min(t.length, a + pick([0, 1, 1, 2, 3, 8, 20, 60, int(400)])));
    if (b < a)
        [a, b] = [b, a];
    return [a, b];
}
function lineRange(n) {
    const starts = lineStarts(DOC.text), l = int(starts.length);
    const e = l + n < starts.length ? starts[l + n] : DOC.text.length;
    return [starts[l], e];
}
/* Tame edits keep the YAML mostly valid, so that the rules have a
   service to look at: whole key: value lines, and values replaced. */
const LINES = ['route: $connect', 'route: $default', 'routeKey: sendMessage', 'runtime: nodejs12.x',
    'runtime: nodejs22.x', 'runtime: python3.8', 'level: DEBUG', 'level: ERROR', 'authorizer: auth',
    'handler: src/h.main', 'timeout: 900', 'fullExecutionData: true', 'identitySource: route.request.header.A, route.request.header.B',
    'routeResponseSelectionExpression: $default', 'name: auth', 'arn: arn:aws:lambda:us-east-1:1:function:f',
    '# slsws: ignore[WS003]', 'x: ${self:custom.nope}', 'y: ${file(./other.yml):b.c}', '- websocket: $disconnect'];
const VALUES = ['$connect', '$disconnect', 'DEBUG', 'INFO', 'nodejs12.x', 'nodejs24.x', 'python3.13', 'auth',
    "'quoted'", '"${self:service}"', '${opt:stage}', '!Ref Thing', '~', '42', 'true', '[a, b]', '{}', 'é😀'];
let tame = false;
function tameChange() {
    const starts = lineStarts(DOC.text), l = int(starts.length), a = starts[l];
    const line = DOC.text.slice(a, lineEnd(DOC.text, starts, l));
    const kv = /^(\s*(?:- )?[\w$.]+:\s+)\S/.exec(line);
    if (kv && chance(0.5))
        return change(a + kv[1].length, a + line.length, pick(VALUES));
    if (chance(0.15))
        return change(...lineRange(1), '');
    const indent = /^[ -]*/.exec(line)[0].replace(/-/g, ' ');
    return change(a, a, `${indent}${pick(LINES)}\n`);
}
function oneChange() {
    if (tame)
        return tameChange();
    const r = rnd();
    if (r < 0.3) {
        const [a] = randomRange();
        return change(a, a, frag());
    }
    if (r < 0.5)
        return change(...randomRange(), '');
    if (r < 0.75)
        return change(...randomRange(), frag());
    if (r < 0.92) { /* a fragment as lines of their own, indented like the line there */
        const [a] = lineRange(0);
        const indent = /^[ -]*/.exec(DOC.text.slice(a, a + 40))[0].replace(/-/g, ' ');
        return change(a, a, frag().split('\n').filter((l) => l).map((l) => indent + l + '\n').join(''));
    }
    return change(...lineRange(1 + int(3)), '');
}
function hugeLine() {
    stats.huge++;
    const n = 50000 + int(250000);
    const [a] = lineRange(0);
    return change(a, a, pick([
        () => `  huge: ${'x'.repeat(n)}\n`,
        () => `# ${'long comment '.repeat(n / 13)}\n`,
        () => `  flow: {${'k: v, '.repeat(n / 50)}last: 1}\n`,
        () => `  seq: [${'1, '.repeat(n / 30)}2]\n`,
        () => `${'😀'.repeat(n / 20)}\n`,
    ])());
}
/* The edited document's symbols: unchanged by a message that must not
   change it. */
const symbols = async (doc) => (await call('textDocument/documentSymbol', td(doc))).result;

async function didChange(changes) {
    DOC.version++;
    stats.messages++;
    await notify('textDocument/didChange', { textDocument: { uri: DOC.uri, version: DOC.version }, contentChanges: changes });
}

/* An edit whose text is not UTF-8: the message is not JSON, so the server
   answers -32700 and the document stays as it was. */
async function invalidUtf8() {
    stats.refused++;
    const [a, b] = randomRange(), starts = lineStarts(DOC.text);
    const msg = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: {
        textDocument: { uri: DOC.uri, version: DOC.version + 1 },
        contentChanges: [{ range: { start: posAt(starts, a), end: posAt(starts, b) }, text: 'x@@y' }] } });
    const bad = pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]);
    const [pre, post] = msg.split('@@');
    const body = Buffer.concat([Buffer.from(pre), Buffer.from(bad), Buffer.from(post)]);
    const before = nullErrors.length;
    await sendRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    await until(() => nullErrors.length > before, 'the error reply to an edit with invalid UTF-8');
    check(same(nullErrors.slice(before), [-32700]), 'an edit with invalid UTF-8 is refused with -32700', show(nullErrors.slice(before)));
}

/* A quick fix the server offers for a published finding, applied as an
   editor applies a WorkspaceEdit. */
async function quickFix() {
    const diags = (await waitPublished(DOC)).diagnostics;
    if (!diags.length)
        return false;
    const d = pick(diags);
    const r = await call('textDocument/codeAction', { ...td(DOC), range: d.range, context: { diagnostics: [d] } });
    check(Array.isArray(r.result), 'codeAction answers a list', show(r));
    const acts = (r.result || []).filter((a) => a.edit && a.edit.changes && a.edit.changes[DOC.uri]);
    if (!acts.length)
        return false;
    const starts = lineStarts(DOC.text);
    const off = (pos) => {
        const l = Math.min(pos.line, starts.length - 1);
        return Math.min(starts[l] + pos.character, lineEnd(DOC.text, starts, l));
    };
    const edits = pick(acts).edit.changes[DOC.uri].map((e) => [off(e.range.start), off(e.range.end), e.newText])
        .sort((x, y) => y[0] - x[0] || y[1] - x[1]);
    stats.fixes++;
    await didChange(edits.map(([a, b, t]) => change(a, b, t)));
    return true;
}

async function randomRequest() {
    stats.requests++;
    const starts = lineStarts(DOC.text);
    const at = posAt(starts, safe(DOC.text, int(DOC.text.length + 1)));
    const method = pick(['textDocument/hover', 'textDocument/completion', 'textDocument/definition',
        'textDocument/documentSymbol', 'textDocument/codeAction']);
    const params = method === 'textDocument/codeAction'
        ? { ...td(DOC), range: { start: at, end: at }, context: { diagnostics: [] } }
        : { ...td(DOC), position: at };
    const r = await call(method, params);
    check('result' in r && !r.error, `${method} on the edited document answers with a result`, show(r));
}

async function edit() {
    const r = rnd();
    if (DOC.text.length > 400000 || r < 0.025) { /* back to a fresh service, in full sync */
        stats.resets++;
        tame = chance(0.5);
        DOC.text = pick(bases);
        stats.changes++;
        return didChange([{ text: DOC.text }]);
    }
    if (r < 0.04) { /* full sync of an edited text */
        oneChange();
        return didChange([{ text: DOC.text }]);
    }
    if (r < 0.05)
        return didChange([hugeLine()]);
    if (r < 0.06)
        return invalidUtf8();
    if (r < 0.13) {
        const cs = [];
        for (let k = 2 + int(3); k > 0; k--)
            cs.push(oneChange());
        return didChange(cs);
    }
    if (r < 0.15) { /* character beyond the line's end: the line's end (LSP) */
        const starts = lineStarts(DOC.text), l = int(starts.length), e = lineEnd(DOC.text, starts, l);
        const t = frag();
        DOC.text = DOC.text.slice(0, e) + t + DOC.text.slice(e);
        stats.changes++;
        const p = { line: l, character: e - starts[l] + 1 + int(1000) };
        return didChange([{ range: { start: p, end: p }, text: t }]);
    }
    if (r < 0.18 && (await quickFix()))
        return;
    if (r < 0.185) { /* close and open again */
        stats.reopen++;
        await notify('textDocument/didClose', td(DOC));
        DOC.version++;
        return notify('textDocument/didOpen', { textDocument: { uri: DOC.uri, languageId: 'yaml', version: DOC.version, text: DOC.text } });
    }
    return didChange([oneChange()]);
}

/* The newest version's published diagnostics against `slsws check` on the
   same text: codes and ranges. */
let checkpoints = 0, compared = 0;
async function checkpoint(label) {
    checkpoints++;
    const p = await waitPublished(DOC);
    const key = (d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
    const lsp = p.diagnostics.map(key).sort();
    fs.writeFileSync(path.join(tmp, 'check/serverless.yml'), DOC.text);
    const r = spawnSync(BIN, ['check', '--format', 'json', '--as-of', AS_OF, 'serverless.yml'],
        { cwd: path.join(tmp, 'check'), encoding: 'utf8', maxBuffer: 1 << 28 });
    if (!check(r.status === 0 || r.status === 1, `${label}: slsws check runs (exit ${r.status})`,
        r.error ? String(r.error) : r.stderr))
        return;
    const lines = DOC.text.split(/\r\n|\r|\n/);
    const u16 = (line, col) => {
        const cps = Array.from(lines[line - 1] || '');
        return `${line - 1}:${cps.slice(0, col - 1).join('').length + Math.max(0, col - 1 - cps.length)}`;
    };
    const cli = JSON.parse(r.stdout).diagnostics.filter((d) => d.path === 'serverless.yml')
        .map((d) => `${d.code} ${u16(d.line, d.column)}-${u16(d.endLine, d.endColumn)}`).sort();
    compared += cli.length;
    const extra = lsp.filter((k) => !cli.includes(k)), missing = cli.filter((k) => !lsp.includes(k));
    if (!check(same(lsp, cli), `${label}: the published diagnostics are those of slsws check`,
        `only published: ${extra.join(', ')}\nonly from check: ${missing.join(', ')}`))
        fs.writeFileSync(path.join(os.tmpdir(), `slsws-soak-seed${SEED}-${label.replace(/\W+/g, '_')}.yml`), DOC.text);
}

/* Measured with the document back at the same text, so that the figures
   differ only by what the server kept (leaks, fragmentation). */
async function memory(label) {
    DOC.text = bases[0];
    await didChange([{ text: DOC.text }]);
    await waitPublished(DOC);
    let status = '';
    try {
        status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    } catch (e) {
        return;
    }
    const kib = (k) => (new RegExp(`^${k}:\\s*(\\d+) kB`, 'm').exec(status) || [])[1];
    /* CPU seconds: utime and stime, fields 14 and 15 of /proc/PID/stat */
    const stat = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpu = (Number(stat[11]) + Number(stat[12])) / 100;
    console.log(`soak: memory ${label}: VmRSS ${kib('VmRSS')} KiB, VmHWM ${kib('VmHWM')} KiB (server CPU ${cpu.toFixed(1)} s)`);
}

/* ------------------------------------------------------------- run */

async function main() {
    const t0 = Date.now();
    /* before initialize: requests get -32002, notifications are dropped */
    let r = await call('textDocument/hover', { ...td(STABLE), position: { line: 0, character: 0 } });
    check(r.error && r.error.code === -32002, 'a request before initialize gets -32002', show(r));
    await notify('textDocument/didOpen', { textDocument: { uri: uriOf(path.join(tmp, 'early.yml')), languageId: 'yaml', version: 1, text: 'a: [' } });
    r = await call('shutdown', null);
    check(r.error && r.error.code === -32002, 'shutdown before initialize gets -32002', show(r));
    r = await call('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { asOf: AS_OF } });
    check(r.result && r.result.capabilities.positionEncoding === 'utf-16', 'initialize answers (utf-16)', show(r));
    await notify('initialized', {});
    await notify('textDocument/didOpen', { textDocument: { uri: STABLE.uri, languageId: 'yaml', version: 1, text: STABLE.text } });
    await notify('textDocument/didOpen', { textDocument: { uri: DOC.uri, languageId: 'yaml', version: DOC.version, text: DOC.text } });
    /* the reference answers on the document that is never edited */
    const routeAt = posAt(lineStarts(STABLE.text), STABLE.text.indexOf('route: $connect') + 2);
    const hoverStable = () => call('textDocument/hover', { ...td(STABLE), position: routeAt });
    const refSymbols = await symbols(STABLE), refHover = (await hoverStable()).result;
    check(Array.isArray(refSymbols) && refSymbols.length > 0 && refHover && refHover.contents,
        'the reference answers are not empty', show([refSymbols, refHover]));
    await checkpoint('after open');

    const cases = malformed({ DOC, STABLE, tmp, uriOf, rnd, int, pick });
    /* every malformed message at least once, even in a short run */
    const every = Math.max(1, Math.min(MALFORMED_EVERY, Math.floor(EDITS / cases.length)));
    let k = 0;
    for (let i = 1; i <= EDITS; i++) {
        await edit();
        if (process.env.SOAK_DEBUG)
            console.log(`edit ${i}: version ${DOC.version}, ${DOC.text.length} chars, ${JSON.stringify(stats)}`);
        if (chance(0.25))
            await waitPublished(DOC);
        if (chance(0.12))
            await randomRequest();
        if (i % every === 0) {
            const c = cases[k++ % cases.length];
            if (process.env.SOAK_DEBUG)
                console.log(`malformed: ${c.name}`);
            const symBefore = await symbols(DOC);
            const before = nullErrors.length;
            const replies = await c.send({ sendRaw, sendMsg, call, response, notify });
            const after = await symbols(STABLE);
            check(same(after, refSymbols), `after ${c.name}: documentSymbol on the other document is unchanged`, show(after));
            const h = (await hoverStable()).result;
            check(same(h, refHover), `after ${c.name}: hover on the other document is unchanged`, show(h));
            if (c.errors)
                check(same(nullErrors.slice(before), c.errors), `${c.name}: the error replies without id`,
                    `${show(nullErrors.slice(before))}, expected ${show(c.errors)}`);
            if (c.check)
                c.check(replies, check, show);
            check(same(await symbols(DOC), symBefore), `${c.name} leaves the edited document as it was`);
        }
        if (i % CHECKPOINT === 0)
            await checkpoint(`after ${i} edits (seed ${SEED})`);
        if (i === 1000)
            await memory('after 1000 edits');
    }
    if (EDITS % CHECKPOINT)
        await checkpoint(`after ${EDITS} edits (seed ${SEED})`);
    if (EDITS !== 1000)
        await memory(`after ${EDITS} edits`);
    check(!published.has(uriOf(path.join(tmp, 'early.yml'))), 'a document opened before initialize is ignored');
    r = await call('shutdown', null);
    check('result' in r && r.result === null, 'shutdown answers null', show(r));
    await notify('exit');
    const ex = await timeout(exited, TIMEOUT, 'exit');
    check(same(ex, { code: 0, signal: null }), 'the server exits 0 after shutdown', show(ex) + '\n' + stderr);
    console.log(`soak: seed ${SEED}, ${EDITS} edits (${stats.changes} changes in ${stats.messages} didChange, ` +
        `${stats.refused} refused, ${stats.fixes} quick fixes, ${stats.huge} huge lines, ${stats.resets} resets, ` +
        `${stats.reopen} reopened), ${stats.requests} random requests, ${k} malformed messages, ` +
        `${checkpoints} comparisons with slsws check (${compared} findings), ${Date.now() - t0} ms`);
}

main().catch((e) => check(false, 'the soak ran to its end', `${(e && e.stack) || e}\nserver: ${proc.exitCode === null ? 'running' :
    `exited ${proc.exitCode} ${proc.signalCode}`}, stderr:\n${stderr}`)).finally(() => {
    console.log(`soak: ${passed} passed, ${failed} failed`);
    proc.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(failed ? 1 : 0);
});
