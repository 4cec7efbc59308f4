'use strict';
/*
 * Scripted LSP client tests for `slsws lsp` (LSP.md), driven through the real
 * client library (vscode-languageserver-protocol 3.18.5 / vscode-jsonrpc 10.0.0).
 *
 *   node --test tests/lsp/            (from the repository root)
 *   SLSWS=build/san/slsws node --test tests/lsp/
 *
 * Every group spawns its own server and kills it in an `after` hook. Dates are
 * pinned with initializationOptions.asOf, so runtime findings do not move.
 * Every server's whole stdout is also checked frame by frame: anything that is
 * not a `Content-Length` framed JSON-RPC 2.0 message (a stray log line) fails.
 */
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const P = require('vscode-languageserver-protocol/node');

const ROOT = path.resolve(__dirname, '..', '..');
const SLSWS = path.resolve(ROOT, process.env.SLSWS || 'build/slsws');
const AS_OF = '2026-11-23';
const TIMEOUT = 5000;

/*
 * The advisory rules that fire on almost any small service (no $default or
 * $disconnect route, full execution data, SF's wide grant, no runtime, no
 * configValidationMode). They are turned off through initializationOptions,
 * so that their findings do not cover the spots the tests hover on, and the
 * assertions look only at the rules the fixtures are about (FOCUS): the rule
 * set grows, but what the server does with findings does not depend on it.
 */
const QUIET = { WS014: 'off', WS015: 'off', WS053: 'off', WS064: 'off', WS072: 'off', WS082: 'off' };
const FOCUS = new Set(['WS003', 'WS011', 'WS012', 'WS030', 'WS032', 'WS050', 'WS070', 'WS090']);
const focus = (diags) => diags.filter((d) => FOCUS.has(d.code));
const DIR = 'file:///tmp/slsws-lsp-test-nonexistent';

/* ---------------------------------------------------------------- helpers */

/* The timer is cleared as soon as the promise settles, so it never holds the
   process; it is not unref'd, because a wait on a server that died must end
   in a timeout failure, not in node cancelling every test that is left. */
function timeout(promise, ms, what) {
    let t;
    const fail = new Promise((_, reject) => {
        t = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, fail]).finally(() => clearTimeout(t));
}

/* Resolves with the first truthy find() result, checked now and on every
   call of the waiters in the list; the waiter removes itself when done. */
function waitFor(waiters, find, ms, what) {
    const got = find();
    if (got)
        return Promise.resolve(got);
    let done = false;
    const w = () => {
        if (done)
            return;
        const m = find();
        if (m) {
            done = true;
            w.resolve(m);
        }
    };
    return timeout(new Promise((resolve) => {
        w.resolve = resolve;
        waiters.push(w);
    }), ms, what).finally(() => {
        done = true;
        waiters.splice(waiters.indexOf(w), 1);
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Lines joined with "\n", ending with one. */
const lines = (...ls) => ls.join('\n') + '\n';

const pos = (line, character) => ({ line, character });
const rng = (l0, c0, l1, c1) => ({ start: pos(l0, c0), end: pos(l1, c1) });

/* The UTF-16 position of the nth occurrence of needle (plus delta characters). */
function posOf(text, needle, { nth = 0, delta = 0 } = {}) {
    let i = -1;
    for (let k = 0; k <= nth; k++) {
        i = text.indexOf(needle, i + 1);
        assert.ok(i >= 0, `'${needle}' #${nth} not in the fixture`);
    }
    i += delta;
    const before = text.slice(0, i);
    const line = before.split('\n').length - 1;
    return pos(line, i - (before.lastIndexOf('\n') + 1));
}

/* UTF-16 offset of an LSP position (UTF-16 columns) in text. */
function offsetOf(text, p) {
    let off = 0;
    for (let l = 0; l < p.line; l++) {
        const nl = text.indexOf('\n', off);
        assert.ok(nl >= 0, 'position beyond the text');
        off = nl + 1;
    }
    return off + p.character;
}

/* Applies non-overlapping TextEdits (UTF-16 positions), as an editor would. */
function applyEdits(text, edits) {
    const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
    for (const e of sorted)
        text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
    return text;
}

/* Applies didChange content changes in order, as the server must. */
function applyChanges(text, changes) {
    for (const c of changes)
        text = c.range ? applyEdits(text, [{ range: c.range, newText: c.text }]) : c.text;
    return text;
}

const codes = (diags) => diags.map((d) => d.code);

/* Diagnostics of another document with the URI taken out, for comparisons. */
const normalize = (diags, uri) => JSON.parse(JSON.stringify(diags).split(JSON.stringify(uri).slice(1, -1)).join('<uri>'));

/*
 * Checks the bytes a server writes to stdout: a sequence of
 * `Content-Length: N\r\n\r\n` + N bytes of a JSON-RPC 2.0 object, and nothing
 * else. It also keeps the messages, for the tests that read raw frames.
 */
class FrameChecker {
    constructor(stream) {
        this.buf = Buffer.alloc(0);
        this.msgs = [];
        this.violations = [];
        this.waiters = [];
        stream.on('data', (chunk) => {
            this.buf = Buffer.concat([this.buf, chunk]);
            this.parse();
        });
    }

    parse() {
        for (;;) {
            const sep = this.buf.indexOf('\r\n\r\n');
            if (sep < 0) {
                if (this.buf.length && !'Content-Length: '.startsWith(this.buf.subarray(0, 16).toString('latin1')) &&
                    !/^Content-Length: \d*\r?\n?\r?$/.test(this.buf.toString('latin1'))) {
                    this.violations.push(`not a header: ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`);
                    this.buf = Buffer.alloc(0);
                }
                return;
            }
            const head = this.buf.subarray(0, sep).toString('latin1');
            const m = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]*)?$/.exec(head);
            if (!m) {
                this.violations.push(`bad header: ${JSON.stringify(head.slice(0, 200))}`);
                this.buf = this.buf.subarray(sep + 4);
                continue;
            }
            const n = Number(m[1]);
            if (this.buf.length < sep + 4 + n)
                return;
            const body = this.buf.subarray(sep + 4, sep + 4 + n).toString('utf8');
            this.buf = this.buf.subarray(sep + 4 + n);
            let msg;
            try {
                msg = JSON.parse(body);
            } catch {
                this.violations.push(`body is not JSON: ${JSON.stringify(body.slice(0, 200))}`);
                continue;
            }
            if (msg === null || typeof msg !== 'object' || msg.jsonrpc !== '2.0')
                this.violations.push(`not a JSON-RPC 2.0 message: ${body.slice(0, 200)}`);
            this.msgs.push(msg);
            [...this.waiters].forEach((w) => w());
        }
    }

    /* The first message (in the whole output) that satisfies pred. */
    wait(pred, what, ms = TIMEOUT) {
        return waitFor(this.waiters, () => this.msgs.find(pred), ms, what);
    }

    /* Everything written so far was whole frames. */
    assertClean() {
        assert.deepEqual(this.violations, [], 'stdout holds only JSON-RPC frames');
        assert.equal(this.buf.length, 0, `stdout ends inside a frame: ${this.buf.toString('latin1').slice(0, 200)}`);
    }
}

/* A server spawned with its stdio as pipes; exit status and stderr kept. */
function spawnServer() {
    const proc = spawn(SLSWS, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const state = { proc, stderr: '', exit: null };
    proc.stderr.on('data', (d) => (state.stderr += d));
    proc.stdin.on('error', () => {}); /* EPIPE once the server has exited */
    state.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
        state.exit = { code, signal };
        resolve(state.exit);
    }));
    state.frames = new FrameChecker(proc.stdout);
    return state;
}

async function killServer(state) {
    if (!state || state.exit)
        return;
    state.proc.kill('SIGKILL');
    await timeout(state.exited, TIMEOUT, 'server killed');
}

/* A server driven through vscode-languageserver-protocol. */
class Client {
    static async start(opts = {}) {
        const c = new Client();
        c.initResult = await c.initialize(opts);
        return c;
    }

    constructor() {
        this.srv = spawnServer();
        this.proc = this.srv.proc;
        this.conn = P.createProtocolConnection(new P.StreamMessageReader(this.proc.stdout),
            new P.StreamMessageWriter(this.proc.stdin));
        this.errors = [];
        this.publishes = [];
        this.logs = [];
        this.waiters = [];
        this.cursor = 0;
        this.conn.onError((e) => this.errors.push(e));
        /* publishes keep the FOCUS findings in `diagnostics`, all of them in `raw` */
        this.conn.onNotification(P.PublishDiagnosticsNotification.type, (p) => {
            this.publishes.push({ ...p, diagnostics: focus(p.diagnostics), raw: p.diagnostics });
            [...this.waiters].forEach((w) => w());
        });
        this.conn.onNotification(P.LogMessageNotification.type, (p) => this.logs.push(p));
        this.conn.listen();
    }

    initialize({ encodings = ['utf-16'], initializationOptions = { asOf: AS_OF, rules: QUIET } } = {}) {
        const capabilities = encodings ? { general: { positionEncodings: encodings } } : {};
        const params = { processId: process.pid, rootUri: null, capabilities };
        if (initializationOptions !== undefined)
            params.initializationOptions = initializationOptions;
        return timeout(this.conn.sendRequest(P.InitializeRequest.type, params), TIMEOUT, 'initialize')
            .then(async (r) => {
                await this.conn.sendNotification(P.InitializedNotification.type, {});
                return r;
            });
    }

    request(type, params) {
        return timeout(this.conn.sendRequest(type, params), TIMEOUT, `request ${type.method || type}`);
    }

    notify(type, params) {
        return this.conn.sendNotification(type, params);
    }

    /* The first publish for uri after the cursor (with that version, when
       given); the cursor moves past it. */
    nextPublish(uri, version, what, ms = TIMEOUT) {
        const find = () => {
            for (let i = this.cursor; i < this.publishes.length; i++) {
                const p = this.publishes[i];
                if (p.uri === uri && (version === undefined || p.version === version)) {
                    this.cursor = i + 1;
                    return p;
                }
            }
            return null;
        };
        return waitFor(this.waiters, find, ms, what || `publishDiagnostics for ${uri} version ${version}`);
    }

    /* Any publish for uri and version, received before or after now. */
    anyPublish(uri, version) {
        const find = () => this.publishes.find((p) => p.uri === uri && p.version === version);
        return waitFor(this.waiters, find, TIMEOUT, `publishDiagnostics for ${uri} version ${version}`);
    }

    async open(uri, text, version = 1) {
        this.notify(P.DidOpenTextDocumentNotification.type,
            { textDocument: { uri, languageId: 'yaml', version, text } });
        return (await this.nextPublish(uri, version)).diagnostics;
    }

    async change(uri, version, contentChanges) {
        this.notify(P.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
        return (await this.nextPublish(uri, version)).diagnostics;
    }

    /* Shut down politely when possible; kill otherwise. */
    async stop() {
        if (!this.srv.exit) {
            try {
                await timeout(this.conn.sendRequest(P.ShutdownRequest.type), 1000, 'shutdown');
                await this.conn.sendNotification(P.ExitNotification.type);
                await timeout(this.srv.exited, 1000, 'exit');
            } catch {
                /* killed below */
            }
        }
        await killServer(this.srv);
        this.conn.dispose();
        this.srv.frames.assertClean();
        assert.deepEqual(this.errors, [], 'connection errors');
    }
}

/* One client per group, started in before and stopped in after. */
function withClient(opts) {
    const ref = {};
    before(async () => {
        ref.c = await Client.start(opts);
    });
    after(async () => {
        if (ref.c)
            await ref.c.stop();
    });
    return ref;
}

/* ---------------------------------------------------------------- fixtures */

/* The main fixture; line numbers (0-based) are in the comments. */
const CHAT = lines(
    'service: chat', //                                              0
    'provider:', //                                                  1
    '  name: aws', //                                                2
    '  runtime: nodejs16.x', //                                      3  WS070
    '  websocketsApiRouteSelectionExpression: $request.body.action', // 4
    '  logs:', //                                                    5
    '    websocket:', //                                             6
    '      level: info', //                                          7  WS050
    'functions:', //                                                 8
    '  auth:', //                                                    9
    '    handler: handler.auth', //                                  10
    '  connect:', //                                                 11
    '    handler: handler.connect', //                               12
    '    events:', //                                                13
    '      - websocket:', //                                         14
    '          route: $connect', //                                  15
    '          routeResponseSelectionExpression: $default', //       16
    '          authorizer:', //                                      17
    '            name: auth', //                                     18
    '            identitySource:', //                                19
    '              - route.request.querystring.token', //            20
    '  send:', //                                                    21
    '    handler: handler.send', //                                  22
    '    events:', //                                                23
    '      - websocket:', //                                         24
    '          route: sendMessage', //                               25
    '          authorizer: auth', //                                 26  WS030
    '      - websocket:', //                                         27
    '          routeKey: ping', //                                   28  WS003
    '  other:', //                                                   29
    '    handler: handler.other', //                                 30
    '    events:', //                                                31
    '      - websocket: sendMessage', //                             32  WS012
    '      - websocket: {route: notify, authorizer: {name: auth}}', // 33 WS030
    'resources:', //                                                 34
    '  Resources:', //                                               35
    '    ConnectionsTable:', //                                      36
    '      Type: AWS::DynamoDB::Table', //                           37
    'custom:', //                                                    38
    '  tableName: !Ref ConnectionsTable', //                         39
    '  tableArn: !GetAtt ConnectionsTable.Arn', //                   40
);

const MSG_WS030_SEND = "authorizer on route 'sendMessage': API Gateway allows authorizers only on $connect; " +
    'remove it and authorize the connection on $connect';
const MSG_WS030_NOTIFY = "authorizer on route 'notify': API Gateway allows authorizers only on $connect; " +
    'remove it and authorize the connection on $connect';
const MSG_WS003 = "'routeKey' is the deprecated plugin's name for 'route': Serverless fails to package this event; " +
    "rename it to 'route'";
const MSG_WS012 = "route 'sendMessage' is already handled by function 'send': Serverless keeps only one " +
    'integration (the last one wins); keep one handler';

/* What CHAT must publish (uri filled in). */
function chatDiagnostics(uri) {
    return [
        {
            range: rng(3, 11, 3, 21), severity: 2, code: 'WS070', source: 'slsws',
            message: "runtime 'nodejs16.x' is deprecated since 2024-06-12 (no more security patches): creating " +
                'functions on it is blocked from 2027-02-01 and updating them from 2027-03-03; move to \'nodejs24.x\'',
            tags: [2],
            data: {
                code: 'WS070', name: 'runtime-lifecycle',
                fix: {
                    title: "change the runtime to 'nodejs24.x'", safe: false,
                    edits: [{ range: rng(3, 11, 3, 21), newText: 'nodejs24.x' }],
                },
            },
        },
        {
            range: rng(7, 13, 7, 17), severity: 1, code: 'WS050', source: 'slsws',
            message: "invalid websocket log level 'info': SF accepts only INFO or ERROR and fails at compile time " +
                'with "provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR"; ' +
                "write 'INFO' in upper case",
            data: {
                code: 'WS050', name: 'websocket-log-level',
                fix: { title: "set the level to 'INFO'", safe: true, edits: [{ range: rng(7, 13, 7, 17), newText: 'INFO' }] },
            },
        },
        {
            range: rng(26, 10, 26, 26), severity: 1, code: 'WS030', source: 'slsws', message: MSG_WS030_SEND,
            data: {
                code: 'WS030', name: 'authorizer-not-on-connect',
                fix: { title: 'remove the authorizer', safe: true, edits: [{ range: rng(26, 0, 27, 0), newText: '' }] },
            },
        },
        {
            range: rng(28, 10, 28, 18), severity: 1, code: 'WS003', source: 'slsws', message: MSG_WS003,
            tags: [2],
            data: {
                code: 'WS003', name: 'websocket-unknown-key',
                fix: { title: "rename 'routeKey' to 'route'", safe: true, edits: [{ range: rng(28, 10, 28, 18), newText: 'route' }] },
            },
        },
        {
            range: rng(32, 19, 32, 30), severity: 1, code: 'WS012', source: 'slsws', message: MSG_WS012,
            relatedInformation: [{ location: { uri, range: rng(25, 17, 25, 28) }, message: 'first declared here' }],
            data: { code: 'WS012', name: 'route-duplicate' },
        },
        {
            range: rng(33, 35, 33, 59), severity: 1, code: 'WS030', source: 'slsws', message: MSG_WS030_NOTIFY,
            data: {
                code: 'WS030', name: 'authorizer-not-on-connect',
                fix: { title: 'remove the authorizer', safe: true, edits: [{ range: rng(33, 33, 33, 59), newText: '' }] },
            },
        },
    ];
}

/* A route key with an emoji (a surrogate pair in UTF-16, 4 bytes in UTF-8)
   and a CJK character (1 UTF-16 unit, 3 bytes) before two findings. */
const EMOJI = lines(
    'service: chat', //                                              0
    'functions:', //                                                 1
    '  auth:', //                                                    2
    '    handler: h.auth', //                                        3
    '  f:', //                                                       4
    '    handler: h.f', //                                           5
    '    events:', //                                                6
    '      - websocket: {route: "😀漢 x", authorizer: auth}', //     7  WS011, WS030
);

/* A clean service, the start of the sync tests. */
const BASE = lines(
    'service: chat', //                                              0
    'provider:', //                                                  1
    '  name: aws', //                                                2
    '  logs:', //                                                    3
    '    websocket:', //                                             4
    '      level: INFO', //                                          5
    'functions:', //                                                 6
    '  auth:', //                                                    7
    '    handler: h.auth', //                                        8
    '  f:', //                                                       9
    '    handler: h.f', //                                           10
    '    events:', //                                                11
    '      - websocket:', //                                         12
    '          route: send', //                                      13
);

/* ============================================================== 1. lifecycle */

describe('lifecycle', () => {
    const servers = [];
    after(async () => {
        for (const c of servers)
            await c.stop();
    });
    async function start(opts) {
        const c = await Client.start(opts);
        servers.push(c);
        return c;
    }

    it('initialize answers with serverInfo and the capabilities LSP.md promises', async () => {
        const c = await start({ encodings: ['utf-8', 'utf-16'] });
        const r = c.initResult;
        assert.equal(r.serverInfo.name, 'slsws');
        assert.equal(typeof r.serverInfo.version, 'string');
        assert.match(r.serverInfo.version, /^\d+\.\d+\.\d+/);
        const caps = r.capabilities;
        assert.equal(caps.positionEncoding, 'utf-8');
        assert.equal(caps.textDocumentSync.openClose, true);
        assert.equal(caps.textDocumentSync.change, P.TextDocumentSyncKind.Incremental);
        assert.ok(caps.textDocumentSync.save, 'didSave is wanted');
        assert.equal(caps.hoverProvider, true);
        assert.equal(caps.definitionProvider, true);
        assert.equal(caps.documentSymbolProvider, true);
        assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
        assert.ok(caps.completionProvider, 'completion');
        assert.ok(caps.completionProvider.triggerCharacters.includes(':'));
        assert.ok(caps.completionProvider.triggerCharacters.includes('$'));
    });

    it('positionEncoding: utf-16 when the client offers only utf-16', async () => {
        const c = await start({ encodings: ['utf-16'] });
        assert.equal(c.initResult.capabilities.positionEncoding, 'utf-16');
    });

    it('positionEncoding: utf-16 when the client says nothing', async () => {
        const c = await start({ encodings: null });
        assert.equal(c.initResult.capabilities.positionEncoding, 'utf-16');
    });

    it('positionEncoding: utf-8 when offered in any place of the list', async () => {
        const c = await start({ encodings: ['utf-32', 'utf-16', 'utf-8'] });
        assert.equal(c.initResult.capabilities.positionEncoding, 'utf-8');
    });

    it('a second initialize is an error and changes nothing', async () => {
        const c = await start({ encodings: ['utf-16'] });
        await assert.rejects(c.conn.sendRequest(P.InitializeRequest.type,
            { processId: null, rootUri: null, capabilities: { general: { positionEncodings: ['utf-8'] } } }),
        (e) => e.code === P.ErrorCodes.InvalidRequest);
        /* still utf-16: a column after the emoji counts a surrogate pair as 2 */
        const d = await c.open(`${DIR}/second-init/serverless.yml`, EMOJI);
        assert.deepEqual(d.map((x) => x.range), [rng(7, 27, 7, 34), rng(7, 36, 7, 52)]);
    });

    it('shutdown then exit: status 0; requests after shutdown are refused', async () => {
        const c = await start();
        assert.equal(await c.request(P.ShutdownRequest.type), null);
        await assert.rejects(c.conn.sendRequest(P.DocumentSymbolRequest.type,
            { textDocument: { uri: `${DIR}/x/serverless.yml` } }),
        (e) => e.code === P.ErrorCodes.InvalidRequest);
        await c.notify(P.ExitNotification.type);
        assert.deepEqual(await timeout(c.srv.exited, TIMEOUT, 'exit'), { code: 0, signal: null });
    });

    it('exit without shutdown: status 1', async () => {
        const c = await start();
        await c.notify(P.ExitNotification.type);
        assert.deepEqual(await timeout(c.srv.exited, TIMEOUT, 'exit'), { code: 1, signal: null });
    });

    it('exit before initialize: status 1', async () => {
        const srv = spawnServer();
        try {
            srv.proc.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
            assert.deepEqual(await timeout(srv.exited, TIMEOUT, 'exit'), { code: 1, signal: null });
            srv.frames.assertClean();
            assert.deepEqual(srv.frames.msgs, []);
        } finally {
            await killServer(srv);
        }
    });

    it('EOF on stdin without shutdown ends the server with status 1', async () => {
        const c = await start();
        c.proc.stdin.end();
        assert.deepEqual(await timeout(c.srv.exited, TIMEOUT, 'EOF'), { code: 1, signal: null });
    });

    it('EOF on stdin after shutdown ends the server with status 0', async () => {
        const c = await start();
        assert.equal(await c.request(P.ShutdownRequest.type), null);
        c.proc.stdin.end();
        assert.deepEqual(await timeout(c.srv.exited, TIMEOUT, 'EOF'), { code: 0, signal: null });
    });
});

/* ========================================================== 2. error hygiene */

function frame(obj) {
    const body = Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

describe('error hygiene (raw frames)', () => {
    let srv;
    let cursor = 0;
    before(() => {
        srv = spawnServer();
    });
    after(async () => {
        await killServer(srv);
    });

    const write = (data) => new Promise((resolve) => {
        if (srv.proc.stdin.write(data))
            resolve();
        else
            srv.proc.stdin.once('drain', resolve);
    });

    /* The next message the server writes (all of them are looked at in order). */
    function next(what, ms = TIMEOUT) {
        const f = srv.frames;
        return waitFor(f.waiters, () => (cursor < f.msgs.length ? f.msgs[cursor++] : null), ms, what);
    }

    const req = (id, method, params) => frame({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    const note = (method, params) => frame({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
    const symbolsReq = (id) => req(id, 'textDocument/documentSymbol', { textDocument: { uri: `${DIR}/none/serverless.yml` } });

    it('a request before initialize gets -32002 (ServerNotInitialized); notifications are dropped', async () => {
        await write(note('textDocument/didOpen', {
            textDocument: { uri: `${DIR}/early/serverless.yml`, languageId: 'yaml', version: 1, text: CHAT },
        }));
        await write(req(1, 'textDocument/hover', { textDocument: { uri: `${DIR}/early/serverless.yml` }, position: pos(0, 0) }));
        const m = await next('error for request 1');
        assert.equal(m.id, 1);
        assert.equal(m.error.code, -32002);
        assert.equal(m.result, undefined);
    });

    it('initialize works after that, and the early didOpen left nothing behind', async () => {
        await write(req(2, 'initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { asOf: AS_OF } }));
        const m = await next('initialize result');
        assert.equal(m.id, 2);
        assert.equal(m.result.serverInfo.name, 'slsws');
        await write(note('initialized', {}));
        await write(req(3, 'textDocument/hover', { textDocument: { uri: `${DIR}/early/serverless.yml` }, position: pos(3, 12) }));
        assert.deepEqual(await next('hover on a never-opened document'), { jsonrpc: '2.0', id: 3, result: null });
    });

    it('an unknown request gets -32601 (MethodNotFound) with its id', async () => {
        await write(req(4, 'slsws/doesNotExist', {}));
        const m = await next('error for request 4');
        assert.equal(m.id, 4);
        assert.equal(m.error.code, -32601);
    });

    it('a request with a string id is answered with that id', async () => {
        await write(req('abc', 'slsws/doesNotExist'));
        const m = await next('error for request abc');
        assert.equal(m.id, 'abc');
        assert.equal(m.error.code, -32601);
    });

    it('a feature request whose params are not an object gets -32602', async () => {
        await write(frame({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: [1, 2] }));
        const m = await next('error for request 5');
        assert.equal(m.id, 5);
        assert.equal(m.error.code, -32602);
    });

    it('malformed JSON gets -32700 with id null, and the next request is answered', async () => {
        await write(frame('{"jsonrpc":"2.0","id":6,"method":"shutdown"'));
        const m = await next('parse error');
        assert.equal(m.id, null);
        assert.equal(m.error.code, -32700);
        await write(symbolsReq(7));
        assert.deepEqual(await next('answer to 7'), { jsonrpc: '2.0', id: 7, result: null });
    });

    it('JSON that is not an object gets -32600 with id null, and the server goes on', async () => {
        await write(frame('[1,2,3]'));
        const m = await next('invalid request');
        assert.equal(m.id, null);
        assert.equal(m.error.code, -32600);
        await write(symbolsReq(8));
        assert.deepEqual(await next('answer to 8'), { jsonrpc: '2.0', id: 8, result: null });
    });

    it('a header without Content-Length gets -32700, and the server goes on', async () => {
        await write(Buffer.from('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', 'latin1'));
        const m = await next('header error');
        assert.equal(m.id, null);
        assert.equal(m.error.code, -32700);
        await write(symbolsReq(9));
        assert.deepEqual(await next('answer to 9'), { jsonrpc: '2.0', id: 9, result: null });
    });

    it('a Content-Length that is not a number gets -32700, and the server goes on', async () => {
        await write(Buffer.from('Content-Length: twelve\r\n\r\n', 'latin1'));
        const m = await next('header error');
        assert.equal(m.id, null);
        assert.equal(m.error.code, -32700);
        await write(symbolsReq(10));
        assert.deepEqual(await next('answer to 10'), { jsonrpc: '2.0', id: 10, result: null });
    });

    it('$/cancelRequest, $/setTrace and unknown notifications are ignored (no answer, no exit)', async () => {
        await write(note('$/cancelRequest', { id: 10 }));
        await write(note('$/cancelRequest', { id: 9999 }));
        await write(note('$/setTrace', { value: 'verbose' }));
        await write(note('slsws/unknownNotification', { x: 1 }));
        await write(note('textDocument/didSave', { textDocument: { uri: `${DIR}/none/serverless.yml` } }));
        await write(symbolsReq(11));
        /* the very next message is the answer to 11: nothing was said about the notifications */
        assert.deepEqual(await next('answer to 11'), { jsonrpc: '2.0', id: 11, result: null });
        assert.equal(srv.exit, null);
    });

    it('a 70 MB message is refused with an error (id null), and the server goes on', async () => {
        const size = 70 * 1024 * 1024;
        const started = Date.now();
        await write(Buffer.from(`Content-Length: ${size}\r\n\r\n`, 'latin1'));
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        for (let i = 0; i < 70; i++)
            await write(chunk);
        const m = await next('error for the big message', 10000);
        assert.equal(m.id, null);
        assert.ok([-32700, -32600].includes(m.error.code), `error code ${m.error.code}`);
        await write(symbolsReq(12));
        assert.deepEqual(await next('answer to 12'), { jsonrpc: '2.0', id: 12, result: null });
        assert.ok(Date.now() - started < 10000, 'the big message took under 10 s');
    });

    it('logs never reach stdout: every byte so far was a JSON-RPC frame', async () => {
        /* an unknown setting is logged (window/logMessage is fine, raw text is not) */
        await write(note('workspace/didChangeConfiguration', { settings: { slsws: { asOf: AS_OF, rules: { WS999: 'off' } } } }));
        const log = await next('log message');
        assert.equal(log.method, 'window/logMessage');
        assert.match(log.params.message, /WS999/);
        await write(req(13, 'shutdown'));
        assert.deepEqual(await next('shutdown'), { jsonrpc: '2.0', id: 13, result: null });
        await write(note('exit'));
        assert.deepEqual(await timeout(srv.exited, TIMEOUT, 'exit'), { code: 0, signal: null });
        srv.frames.assertClean();
        assert.equal(srv.frames.msgs.length, cursor, 'no message that the tests did not expect');
    });
});

/* ============================================================ 3. diagnostics */

describe('diagnostics', () => {
    const ref = withClient();
    const uri = `${DIR}/diagnostics/serverless.yml`;
    let pub;

    before(async () => {
        ref.c.notify(P.DidOpenTextDocumentNotification.type,
            { textDocument: { uri, languageId: 'yaml', version: 7, text: CHAT } });
        pub = await ref.c.nextPublish(uri, undefined);
    });

    it('didOpen publishes for the URI with the version echoed', () => {
        assert.equal(pub.uri, uri);
        assert.equal(pub.version, 7);
    });

    it('exact codes in document order', () => {
        assert.deepEqual(codes(pub.diagnostics), ['WS070', 'WS050', 'WS030', 'WS003', 'WS012', 'WS030']);
    });

    it('WS030: exact range, severity, code, source, message and fix data', () => {
        const d = pub.diagnostics[2];
        assert.deepEqual(d, chatDiagnostics(uri)[2]);
        assert.equal(d.severity, P.DiagnosticSeverity.Error);
    });

    it('WS030 in a flow mapping: exact range and fix that removes only the authorizer', () => {
        assert.deepEqual(pub.diagnostics[5], chatDiagnostics(uri)[5]);
    });

    it('WS070: warning on the runtime value, tagged Deprecated', () => {
        assert.deepEqual(pub.diagnostics[0], chatDiagnostics(uri)[0]);
        assert.deepEqual(pub.diagnostics[0].tags, [P.DiagnosticTag.Deprecated]);
    });

    it('WS003 routeKey: tagged Deprecated, with a fix in data', () => {
        assert.deepEqual(pub.diagnostics[3], chatDiagnostics(uri)[3]);
    });

    it('WS012: relatedInformation points at the first declaration ("first declared here")', () => {
        assert.deepEqual(pub.diagnostics[4], chatDiagnostics(uri)[4]);
    });

    it('the whole list is exactly what CHAT must give', () => {
        assert.deepEqual(pub.diagnostics, chatDiagnostics(uri));
    });

    it('only deprecations carry tags', () => {
        assert.deepEqual(pub.diagnostics.filter((d) => d.tags).map((d) => [d.code, d.tags]),
            [['WS070', [2]], ['WS003', [2]]]);
    });

    it('didSave changes nothing and publishes nothing by itself', async () => {
        const n = ref.c.publishes.length;
        ref.c.notify(P.DidSaveTextDocumentNotification.type, { textDocument: { uri } });
        const syms = await ref.c.request(P.DocumentSymbolRequest.type, { textDocument: { uri } });
        assert.ok(Array.isArray(syms));
        /* a publish for the same version would be harmless, a different one is not */
        for (const p of ref.c.publishes.slice(n))
            assert.deepEqual(p, pub);
    });

    it('didClose publishes an empty list; the document is then forgotten', async () => {
        ref.c.notify(P.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
        const p = await ref.c.nextPublish(uri, undefined, 'publish after didClose');
        assert.deepEqual(p.diagnostics, []);
        assert.equal(p.uri, uri);
        assert.equal(await ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(26, 12) }), null);
    });

    it('two documents are published for their own URIs', async () => {
        const a = `${DIR}/two-a/serverless.yml`;
        const b = `${DIR}/two-b/serverless.yml`;
        ref.c.notify(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: a, languageId: 'yaml', version: 1, text: CHAT } });
        ref.c.notify(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: b, languageId: 'yaml', version: 3, text: BASE } });
        const pa = await ref.c.anyPublish(a, 1);
        const pb = await ref.c.anyPublish(b, 3);
        assert.deepEqual(pa.diagnostics, chatDiagnostics(a));
        assert.deepEqual(pb.diagnostics, []);
    });
});

/* ============================================================== 4. positions */

describe('positions: emoji and CJK before a finding', () => {
    describe('utf-16 client', () => {
        const ref = withClient({ encodings: ['utf-16'] });
        const uri = `${DIR}/emoji16/serverless.yml`;

        it('columns count a surrogate pair as 2 UTF-16 units', async () => {
            assert.equal(ref.c.initResult.capabilities.positionEncoding, 'utf-16');
            const d = await ref.c.open(uri, EMOJI);
            assert.deepEqual(codes(d), ['WS011', 'WS030']);
            /* `      - websocket: {route: ` is 27 units; "😀漢 x" quoted is 1+2+1+1+1+1 = 7 */
            assert.deepEqual(d[0].range, rng(7, 27, 7, 34));
            assert.equal(d[0].severity, 1);
            assert.match(d[0].message, /^route '😀漢 x' has a non-ASCII character/);
            /* `, ` then `authorizer: auth` (16) */
            assert.deepEqual(d[1].range, rng(7, 36, 7, 52));
            /* the same as JavaScript (UTF-16) string indices */
            assert.deepEqual(d[1].range.start, posOf(EMOJI, 'authorizer: auth'));
        });

        it('positions sent by the client are read as UTF-16 too (hover after the emoji)', async () => {
            const h = await ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(7, 40) });
            assert.ok(h, 'hover on the WS030 finding');
            assert.deepEqual(h.range, rng(7, 36, 7, 52));
            assert.match(h.contents.value, /^\*\*WS030\*\* authorizer-not-on-connect/);
        });

        it('an incremental edit after the emoji lands on the right character', async () => {
            /* replace the `x` (UTF-16 column 32) with `yz` */
            const d = await ref.c.change(uri, 2, [{ range: rng(7, 32, 7, 33), text: 'yz' }]);
            assert.deepEqual(codes(d), ['WS011', 'WS030']);
            assert.match(d[0].message, /^route '😀漢 yz' has/);
            assert.deepEqual(d[0].range, rng(7, 27, 7, 35));
            assert.deepEqual(d[1].range, rng(7, 37, 7, 53));
        });
    });

    describe('utf-8 client', () => {
        const ref = withClient({ encodings: ['utf-8', 'utf-16'] });
        const uri = `${DIR}/emoji8/serverless.yml`;

        it('columns count bytes', async () => {
            assert.equal(ref.c.initResult.capabilities.positionEncoding, 'utf-8');
            const d = await ref.c.open(uri, EMOJI);
            assert.deepEqual(codes(d), ['WS011', 'WS030']);
            /* "😀漢 x" quoted is 1+4+3+1+1+1 = 11 bytes */
            assert.deepEqual(d[0].range, rng(7, 27, 7, 38));
            assert.deepEqual(d[1].range, rng(7, 40, 7, 56));
            const line7 = EMOJI.split('\n')[7];
            assert.equal(Buffer.byteLength(line7.slice(0, line7.indexOf('authorizer'))), 40);
        });

        it('positions sent by the client are read as bytes too (hover after the emoji)', async () => {
            const h = await ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(7, 44) });
            assert.ok(h, 'hover on the WS030 finding');
            assert.deepEqual(h.range, rng(7, 40, 7, 56));
        });

        it('an incremental edit after the emoji lands on the right byte', async () => {
            /* replace the `x` (byte column 36) with `yz` */
            const d = await ref.c.change(uri, 2, [{ range: rng(7, 36, 7, 37), text: 'yz' }]);
            assert.deepEqual(codes(d), ['WS011', 'WS030']);
            assert.match(d[0].message, /^route '😀漢 yz' has/);
            assert.deepEqual(d[0].range, rng(7, 27, 7, 39));
            assert.deepEqual(d[1].range, rng(7, 41, 7, 57));
        });
    });
});

describe('positions: CRLF line endings', () => {
    const ref = withClient();
    const uri = `${DIR}/crlf/serverless.yml`;
    const CRLF = CHAT.replace(/\n/g, '\r\n');

    it('\\r\\n is one line break: the same ranges as with \\n', async () => {
        assert.deepEqual(await ref.c.open(uri, CRLF), chatDiagnostics(uri));
    });

    it('incremental edits count lines the same way', async () => {
        /* `info` -> `INFO` on line 7, then the routeKey on line 28 */
        const d = await ref.c.change(uri, 2, [
            { range: rng(7, 13, 7, 17), text: 'INFO' },
            { range: rng(28, 10, 28, 18), text: 'route' },
        ]);
        assert.deepEqual(codes(d), ['WS070', 'WS030', 'WS012', 'WS030']);
        assert.deepEqual(d.map((x) => x.range), [rng(3, 11, 3, 21), rng(26, 10, 26, 26), rng(32, 19, 32, 30), rng(33, 35, 33, 59)]);
    });
});

/* =================================================================== 5. sync */

describe('text sync', () => {
    const ref = withClient();
    const uri = `${DIR}/sync/serverless.yml`;
    let text = BASE;
    let version = 1;
    let refN = 0;

    /* The diagnostics a fresh didOpen of text gives, for comparison. */
    async function fresh(t) {
        const u = `${DIR}/sync-ref-${refN++}/serverless.yml`;
        const d = await ref.c.open(u, t);
        ref.c.notify(P.DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
        await ref.c.nextPublish(u, undefined);
        return normalize(d, u);
    }

    async function edit(changes) {
        version++;
        text = applyChanges(text, changes);
        const d = await ref.c.change(uri, version, changes);
        assert.deepEqual(normalize(d, uri), await fresh(text), 'same as a fresh didOpen of the resulting text');
        return d;
    }

    it('the clean start has no findings', async () => {
        assert.deepEqual(await ref.c.open(uri, BASE), []);
    });

    it('insert: a new line with an authorizer on a custom route gives WS030 there', async () => {
        const d = await edit([{ range: rng(13, 21, 13, 21), text: '\n          authorizer: auth' }]);
        assert.equal(text.split('\n')[14], '          authorizer: auth');
        assert.deepEqual(codes(d), ['WS030']);
        assert.deepEqual(d[0].range, rng(14, 10, 14, 26));
        assert.equal(d[0].message, "authorizer on route 'send': API Gateway allows authorizers only on $connect; " +
            'remove it and authorize the connection on $connect');
    });

    it('delete: removing that line clears it', async () => {
        const d = await edit([{ range: rng(13, 21, 14, 26), text: '' }]);
        assert.equal(text, BASE);
        assert.deepEqual(d, []);
    });

    it('replace across lines', async () => {
        /* from `INFO` (5:13) to the `auth` key (7:6) */
        const d = await edit([{ range: rng(5, 13, 7, 6), text: 'debug\nfunctions:\n  authz' }]);
        assert.equal(text.split('\n')[5], '      level: debug');
        assert.equal(text.split('\n')[7], '  authz:');
        assert.deepEqual(codes(d), ['WS050']);
        assert.deepEqual(d[0].range, rng(5, 13, 5, 18));
        assert.match(d[0].message, /^invalid websocket log level 'debug'/);
    });

    it('several changes in one didChange apply in order', async () => {
        const d = await edit([
            { range: rng(0, 0, 0, 0), text: '# header\n' }, /* shifts every line by one */
            { range: rng(6, 13, 6, 18), text: 'ERROR' }, /* `debug`, now on line 6 */
            { range: rng(14, 21, 14, 21), text: '\n          authorizer: auth' },
            { range: rng(8, 2, 8, 7), text: 'auth' }, /* `authz` key back to `auth` */
        ]);
        assert.equal(text.split('\n')[6], '      level: ERROR');
        assert.equal(text.split('\n')[8], '  auth:');
        assert.deepEqual(codes(d), ['WS030']);
        assert.deepEqual(d[0].range, rng(15, 10, 15, 26));
    });

    it('a full-text change replaces everything', async () => {
        const d = await edit([{ text: CHAT }]);
        assert.deepEqual(d, chatDiagnostics(uri));
    });

    it('a full-text change after incremental ones, mixed in one didChange', async () => {
        const d = await edit([
            { range: rng(0, 0, 0, 4), text: 'xxxx' },
            { text: BASE },
            { range: rng(13, 17, 13, 21), text: '$default' },
        ]);
        assert.equal(text.split('\n')[13], '          route: $default');
        assert.deepEqual(d, []);
    });

    it('a burst of 50 didChange without waiting: the newest version is published last, nothing stale after it', async () => {
        const burstUri = `${DIR}/burst/serverless.yml`;
        const start = lines(
            'service: chat',
            'functions:',
            '  auth:',
            '    handler: h.auth',
            '  f:',
            '    handler: h.f',
            '    events:',
            '      - websocket:',
            '          route: r1',
            '          authorizer: auth',
        );
        const first = await ref.c.open(burstUri, start);
        assert.deepEqual(codes(first), ['WS030']);
        const from = ref.c.publishes.length;
        let t = start;
        for (let v = 2; v <= 51; v++) {
            const old = `r${v - 1}`;
            const range = { start: posOf(t, old, { nth: 0 }), end: posOf(t, old, { delta: old.length }) };
            t = applyEdits(t, [{ range, newText: `r${v}` }]);
            ref.c.notify(P.DidChangeTextDocumentNotification.type,
                { textDocument: { uri: burstUri, version: v }, contentChanges: [{ range, text: `r${v}` }] });
        }
        assert.match(t, /route: r51\n/);
        const last = await ref.c.nextPublish(burstUri, 51);
        assert.deepEqual(codes(last.diagnostics), ['WS030']);
        assert.match(last.diagnostics[0].message, /^authorizer on route 'r51':/);
        /* let anything late arrive: a request round trip, then a short pause */
        await ref.c.request(P.DocumentSymbolRequest.type, { textDocument: { uri: burstUri } });
        await sleep(100);
        const pubs = ref.c.publishes.slice(from).filter((p) => p.uri === burstUri);
        assert.equal(pubs[pubs.length - 1].version, 51, 'the last publish is for the newest version');
        for (let i = 1; i < pubs.length; i++)
            assert.ok(pubs[i].version >= pubs[i - 1].version, `versions never go back: ${pubs.map((p) => p.version)}`);
        /* each intermediate publish describes its own version's text */
        for (const p of pubs)
            assert.match(p.diagnostics[0].message, new RegExp(`^authorizer on route 'r${p.version}':`));
    });
});

/* The same, with the frames written at once, so that the server reads them
   in one go: this is what an editor does when it sends a change and a
   completion request for the key just typed. */
describe('text sync: messages that arrive together (raw frames)', () => {
    let srv;
    let id = 100;
    const uri = `${DIR}/together/serverless.yml`;
    before(async () => {
        srv = spawnServer();
        srv.proc.stdin.write(Buffer.concat([
            frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
                processId: null, rootUri: null, capabilities: {}, initializationOptions: { asOf: AS_OF, rules: QUIET } } }),
            frame({ jsonrpc: '2.0', method: 'initialized', params: {} }),
            frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: {
                textDocument: { uri, languageId: 'yaml', version: 1, text: BASE } } }),
        ]));
        const p = await srv.frames.wait((m) => m.method === 'textDocument/publishDiagnostics' && m.params.version === 1, 'publish v1');
        assert.deepEqual(focus(p.params.diagnostics), []);
    });
    after(async () => {
        await killServer(srv);
        srv.frames.assertClean();
    });
    const change = (version, range, text) => frame({ jsonrpc: '2.0', method: 'textDocument/didChange', params: {
        textDocument: { uri, version }, contentChanges: [{ range, text }] } });
    const publishes = () => srv.frames.msgs.filter((m) => m.method === 'textDocument/publishDiagnostics');

    it('50 changes in one write: one publish, for the newest version', async () => {
        const before = publishes().length;
        const frames = [];
        let t = BASE;
        for (let v = 2; v <= 51; v++) {
            const old = t.match(/route: (\S+)/)[1];
            const range = { start: posOf(t, `route: ${old}`, { delta: 7 }), end: posOf(t, `route: ${old}`, { delta: 7 + old.length }) };
            t = applyEdits(t, [{ range, newText: `r${v}` }]);
            frames.push(change(v, range, `r${v}`));
        }
        frames.push(change(52, rng(13, 21, 13, 21), '\n          authorizer: auth'));
        srv.proc.stdin.write(Buffer.concat(frames));
        const p = await srv.frames.wait((m) => m.method === 'textDocument/publishDiagnostics' && m.params.version === 52, 'publish v52');
        const d = focus(p.params.diagnostics);
        assert.deepEqual(d.map((x) => [x.code, x.range]), [['WS030', rng(14, 10, 14, 26)]]);
        assert.match(d[0].message, /^authorizer on route 'r51':/);
        const ans = await rawRequest('textDocument/documentSymbol', { textDocument: { uri } });
        assert.equal(ans.result[0].children[1].children[0].name, 'r51');
        assert.deepEqual(publishes().slice(before).map((m) => m.params.version), [52], 'stale versions are never analysed');
    });

    async function rawRequest(method, params) {
        const my = ++id;
        srv.proc.stdin.write(frame({ jsonrpc: '2.0', id: my, method, params }));
        return srv.frames.wait((m) => m.id === my, `answer to ${method}`);
    }

    for (const [method, params] of [
        ['textDocument/completion', { position: pos(5, 17) }],
        ['textDocument/hover', { position: pos(5, 9) }],
    ]) {
        it(`didChange and ${method} in one write: the changed version is still published`, async () => {
                const pubs = publishes();
                const v = pubs[pubs.length - 1].params.version + 1;
                const cur = v % 2 ? 'info' : 'INFO';
                const my = ++id;
                /* `level: INFO` <-> `level: info` (5:13-5:17): WS050 comes and goes */
                srv.proc.stdin.write(Buffer.concat([
                    change(v, rng(5, 13, 5, 17), cur),
                    frame({ jsonrpc: '2.0', id: my, method, params: { textDocument: { uri }, ...params } }),
                ]));
                const ans = await srv.frames.wait((m) => m.id === my, `answer to ${method}`);
                assert.equal(ans.error, undefined);
                const p = await srv.frames.wait((m) => m.method === 'textDocument/publishDiagnostics' && m.params.version === v,
                    `publish of version ${v} after ${method}`, 500);
                assert.deepEqual(codes(focus(p.params.diagnostics)), cur === 'info' ? ['WS050', 'WS030'] : ['WS030']);
            });
    }
});

/* ======================================================= 6. broken-then-fixed */

describe('a syntax error, then its fix', () => {
    const ref = withClient();
    const uri = `${DIR}/broken/serverless.yml`;
    let goodSymbols;
    let goodHover;
    let broken;

    before(async () => {
        await ref.c.open(uri, CHAT);
        goodSymbols = await ref.c.request(P.DocumentSymbolRequest.type, { textDocument: { uri } });
        goodHover = await ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(19, 15) });
    });

    it('an unclosed flow sequence gives exactly one WS090, where libyaml stops', async () => {
        /* `handler: handler.connect` -> `handler: [handler.connect` (same line count) */
        const d = await ref.c.change(uri, 2, [{ range: rng(12, 13, 12, 13), text: '[' }]);
        broken = d;
        const syntax = d.filter((x) => x.code === 'WS090');
        assert.equal(syntax.length, 1, `one WS090: ${JSON.stringify(d)}`);
        assert.equal(syntax[0].severity, 1);
        assert.equal(syntax[0].source, 'slsws');
        assert.deepEqual(syntax[0].range, rng(13, 10, 13, 11));
        assert.match(syntax[0].message, /^invalid YAML: did not find expected ',' or ']'/);
        /* parsing stopped there: nothing is reported past it */
        for (const x of ref.c.publishes[ref.c.publishes.length - 1].raw)
            assert.ok(x.range.start.line <= 13, `${x.code} at line ${x.range.start.line} is past the error`);
    });

    it('while broken, documentSymbol answers from the last good analysis', async () => {
        assert.ok(broken, 'needs the broken text');
        const s = await ref.c.request(P.DocumentSymbolRequest.type, { textDocument: { uri } });
        assert.deepEqual(s, goodSymbols);
        assert.deepEqual(s[0].children.map((f) => f.name), ['auth', 'connect', 'send', 'other']);
    });

    it('while broken, hover on a key past the error still explains it', async () => {
        assert.ok(goodHover && goodHover.contents.value.startsWith('**identitySource**'), 'hover before the break');
        const h = await ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(19, 15) });
        assert.deepEqual(h, goodHover);
    });

    it('while broken, definition of a !Ref past the error still works', async () => {
        const l = await ref.c.request(P.DefinitionRequest.type, { textDocument: { uri }, position: pos(39, 22) });
        assert.deepEqual(l, { uri, range: rng(36, 4, 36, 20) });
    });

    it('fixing it brings the normal diagnostics back', async () => {
        const d = await ref.c.change(uri, 3, [{ range: rng(12, 13, 12, 14), text: '' }]);
        assert.deepEqual(d, chatDiagnostics(uri));
    });

    it('a second kind of break (a mapping value inside a scalar line) is one WS090 as well', async () => {
        const d = await ref.c.change(uri, 4, [{ range: rng(7, 17, 7, 17), text: ': x' }]);
        const syntax = d.filter((x) => x.code === 'WS090');
        assert.equal(syntax.length, 1);
        assert.deepEqual(syntax[0].range, rng(7, 17, 7, 18));
        assert.match(syntax[0].message, /^invalid YAML: mapping values are not allowed/);
        const fixed = await ref.c.change(uri, 5, [{ range: rng(7, 17, 7, 20), text: '' }]);
        assert.deepEqual(fixed, chatDiagnostics(uri));
    });
});

/* ================================================================= 7. hover */

describe('hover', () => {
    const ref = withClient();
    const uri = `${DIR}/hover/serverless.yml`;
    before(async () => {
        await ref.c.open(uri, CHAT);
    });
    const hover = (line, character) => ref.c.request(P.HoverRequest.type, { textDocument: { uri }, position: pos(line, character) });

    it('on a diagnostic: the finding and the rule page, over the finding\'s range', async () => {
        const h = await hover(26, 14);
        assert.equal(h.contents.kind, 'markdown');
        assert.deepEqual(h.range, rng(26, 10, 26, 26));
        assert.ok(h.contents.value.startsWith(`**WS030** authorizer-not-on-connect (error): ${MSG_WS030_SEND}\n\n`),
            h.contents.value.slice(0, 200));
        assert.ok(h.contents.value.includes('# WS030 authorizer-not-on-connect'));
        assert.ok(h.contents.value.includes('## How to fix'));
    });

    it('on the last character of a finding it is still the rule page', async () => {
        const h = await hover(28, 18);
        assert.deepEqual(h.range, rng(28, 10, 28, 18));
        assert.ok(h.contents.value.includes('# WS003 websocket-unknown-key'));
    });

    const keys = [
        ['websocket', 14, 10, rng(14, 8, 14, 17), '**websocket**: a route of the WebSocket API'],
        ['route', 15, 12, rng(15, 10, 15, 15), '**route**: the route key.'],
        ['routeResponseSelectionExpression', 16, 20, rng(16, 10, 16, 42), '**routeResponseSelectionExpression**: enables a two-way route'],
        ['authorizer', 17, 11, rng(17, 10, 17, 20), '**authorizer**: a Lambda REQUEST authorizer, allowed on the `$connect` route only'],
        ['identitySource', 19, 14, rng(19, 12, 19, 26), '**identitySource**: where the token comes from'],
        ['provider.websocketsApiRouteSelectionExpression', 4, 5, rng(4, 2, 4, 39), '**websocketsApiRouteSelectionExpression**: how API Gateway picks a route'],
        ['logs.websocket', 6, 6, rng(6, 4, 6, 13), '**logs.websocket**: `true` or an object'],
        ['logs.websocket.level', 7, 8, rng(7, 6, 7, 11), '**level**: `INFO` (default) or `ERROR`'],
    ];
    for (const [name, line, ch, range, start] of keys) {
        it(`on the key ${name}: a short explanation`, async () => {
            const h = await hover(line, ch);
            assert.ok(h, `hover on ${name}`);
            assert.equal(h.contents.kind, 'markdown');
            assert.ok(h.contents.value.startsWith(start), h.contents.value);
            assert.ok(h.contents.value.length < 600, 'short');
            assert.ok(!h.contents.value.includes('# WS'), 'not a rule page');
            assert.deepEqual(h.range, range);
        });
    }

    it('on an unknown key (provider.name): null', async () => {
        assert.equal(await hover(2, 3), null);
    });

    it('on a CloudFormation property (resources...Type): null', async () => {
        assert.equal(await hover(37, 8), null);
    });

    it('a character past the end of a line means the end of that line (not the next lines)', async () => {
        const h = await hover(7, 200);
        assert.deepEqual(h, await hover(7, 17));
        assert.deepEqual(h.range, rng(7, 13, 7, 17));
        assert.ok(h.contents.value.startsWith('**WS050**'));
    });

    it('on a position past the end of the document: null', async () => {
        assert.equal(await hover(400, 0), null);
    });

    it('on a document that was never opened: null', async () => {
        assert.equal(await ref.c.request(P.HoverRequest.type,
            { textDocument: { uri: `${DIR}/never/serverless.yml` }, position: pos(0, 0) }), null);
    });
});

/* ============================================================ 8. completion */

/* What `runtime: ` offers on 2026-11-23 (src/runtimes.c): every row whose
   creation is not blocked yet (block_create is 0 or after the date), in table
   order; "deprecated" once the deprecation date has passed. */
const RUNTIMES_2026_11_23 = [
    ['dotnet10', 'runtime'], ['dotnet6', 'deprecated'], ['dotnet8', 'deprecated'],
    ['java11', 'runtime'], ['java11.al2023', 'runtime'], ['java17', 'runtime'], ['java17.al2023', 'runtime'],
    ['java21', 'runtime'], ['java25', 'runtime'], ['java8.al2', 'runtime'], ['java8.al2023', 'runtime'],
    ['nodejs16.x', 'deprecated'], ['nodejs18.x', 'deprecated'], ['nodejs20.x', 'deprecated'],
    ['nodejs22.x', 'runtime'], ['nodejs24.x', 'runtime'],
    ['provided.al2', 'deprecated'], ['provided.al2023', 'runtime'],
    ['python3.10', 'deprecated'], ['python3.11', 'runtime'], ['python3.12', 'runtime'],
    ['python3.13', 'runtime'], ['python3.14', 'runtime'],
    ['python3.8', 'deprecated'], ['python3.9', 'deprecated'],
    ['ruby3.2', 'deprecated'], ['ruby3.3', 'runtime'], ['ruby3.4', 'runtime'],
];

const COMPLETE = lines(
    'service: chat', //                                              0
    'provider:', //                                                  1
    '  name: aws', //                                                2
    '  runtime: ', //                                                3
    '  logs:', //                                                    4
    '    websocket:', //                                             5
    '      level: ', //                                              6
    '      ', //                                                     7  keys under logs.websocket
    '  ', //                                                         8  keys under provider
    'functions:', //                                                 9
    '  auth:', //                                                    10
    '    handler: h.auth', //                                        11
    '  connect:', //                                                 12
    '    handler: h.connect', //                                     13
    '    events:', //                                                14
    '      - websocket:', //                                         15
    '          route: ', //                                          16
    '          authorizer: ', //                                     17
    '          ', //                                                 18 keys under a websocket object
    '      - websocket:', //                                         19
    '          route: sendMessage', //                               20
    '          authorizer:', //                                      21
    '            ', //                                               22 keys under an authorizer object
    '  other:', //                                                   23
    '    handler: h.other', //                                       24
    '    events:', //                                                25
    '      - websocket: typing', //                                  26
    '      - websocket: sendMessage', //                             27
    '      - websocket: $d', //                                      28
    '    ', //                                                       29 keys under a function
    '', //                                                           30 top level
);

describe('completion', () => {
    const ref = withClient();
    const uri = `${DIR}/completion/serverless.yml`;
    before(async () => {
        await ref.c.open(uri, COMPLETE);
    });
    const complete = async (line, character) => {
        const r = await ref.c.request(P.CompletionRequest.type, { textDocument: { uri }, position: pos(line, character) });
        return Array.isArray(r) ? r : r.items;
    };
    const labels = (items) => items.map((i) => i.label);
    const edit = (label, range) => ({ range, newText: label });

    it('after `route: `: the predefined routes, then the custom routes in use (each once)', async () => {
        const items = await complete(16, 17);
        assert.deepEqual(labels(items), ['$connect', '$disconnect', '$default', 'sendMessage', 'typing']);
        assert.deepEqual(items[0], {
            label: '$connect', kind: P.CompletionItemKind.EnumMember, detail: 'predefined route',
            textEdit: edit('$connect', rng(16, 17, 16, 17)),
        });
        assert.deepEqual(items[3], {
            label: 'sendMessage', kind: P.CompletionItemKind.Value, detail: 'custom route in use',
            textEdit: edit('sendMessage', rng(16, 17, 16, 17)),
        });
    });

    it('after `websocket: $d`: the same list, replacing the typed prefix', async () => {
        const items = await complete(28, 21);
        assert.deepEqual(labels(items), ['$connect', '$disconnect', '$default', 'sendMessage', 'typing']);
        for (const i of items)
            assert.deepEqual(i.textEdit, edit(i.label, rng(28, 19, 28, 21)));
    });

    it('after `level: ` under logs.websocket: INFO and ERROR', async () => {
        const items = await complete(6, 13);
        assert.deepEqual(items, [
            { label: 'INFO', kind: P.CompletionItemKind.EnumMember, detail: 'log level', textEdit: edit('INFO', rng(6, 13, 6, 13)) },
            { label: 'ERROR', kind: P.CompletionItemKind.EnumMember, detail: 'log level', textEdit: edit('ERROR', rng(6, 13, 6, 13)) },
        ]);
    });

    it('after `runtime: `: the runtimes that can still be created on the as-of date', async () => {
        const items = await complete(3, 11);
        assert.deepEqual(items.map((i) => [i.label, i.detail]), RUNTIMES_2026_11_23);
        assert.ok(labels(items).includes('nodejs22.x'));
        assert.ok(labels(items).includes('nodejs16.x'), 'creation on nodejs16.x is blocked only from 2027-02-01');
        for (const gone of ['nodejs14.x', 'nodejs12.x', 'python3.7', 'go1.x', 'java8', 'provided', 'dotnet7'])
            assert.ok(!labels(items).includes(gone), `${gone} can no longer be created`);
        for (const i of items) {
            assert.equal(i.kind, P.CompletionItemKind.EnumMember);
            assert.deepEqual(i.textEdit, edit(i.label, rng(3, 11, 3, 11)));
        }
    });

    it('after `authorizer: `: the function names', async () => {
        const items = await complete(17, 22);
        assert.deepEqual(items, ['auth', 'connect', 'other'].map((n) => ({
            label: n, kind: P.CompletionItemKind.Function, detail: 'function', textEdit: edit(n, rng(17, 22, 17, 22)),
        })));
    });

    const keySets = [
        ['under provider', 8, 2, ['websocketsApiName', 'websocketsApiRouteSelectionExpression', 'websocketsDescription',
            'apiGateway', 'logs', 'websocket', 'runtime', 'stage', 'region', 'iam', 'environment', 'timeout',
            'memorySize', 'tags']],
        ['under logs.websocket', 7, 6, ['level', 'format', 'accessLogging', 'executionLogging', 'fullExecutionData']],
        ['under a websocket object', 18, 10, ['route', 'routeResponseSelectionExpression', 'authorizer']],
        ['under an authorizer object', 22, 12, ['name', 'arn', 'identitySource']],
        ['under a function', 29, 4, ['handler', 'events', 'runtime', 'timeout', 'memorySize', 'environment', 'role',
            'name', 'description']],
        ['at the top level', 30, 0, ['service', 'frameworkVersion', 'configValidationMode', 'provider', 'functions',
            'plugins', 'custom', 'resources', 'package']],
    ];
    for (const [where, line, ch, expected] of keySets) {
        it(`keys ${where}`, async () => {
            const items = await complete(line, ch);
            assert.deepEqual(labels(items), expected);
            for (const i of items)
                assert.equal(i.kind, P.CompletionItemKind.Property);
        });
    }

    it('on a value nothing is known about: an empty list', async () => {
        assert.deepEqual(await complete(2, 11), []);
    });
});

/* ============================================================ 9. definition */

describe('definition', () => {
    const ref = withClient();
    const uri = `${DIR}/definition/serverless.yml`;
    before(async () => {
        await ref.c.open(uri, CHAT);
    });
    const def = (p) => ref.c.request(P.DefinitionRequest.type, { textDocument: { uri }, position: p });
    const AUTH_KEY = { uri, range: rng(9, 2, 9, 6) };
    const TABLE_KEY = { uri, range: rng(36, 4, 36, 20) };

    it('`authorizer: auth` -> the `auth:` function key', async () => {
        assert.deepEqual(await def(posOf(CHAT, 'authorizer: auth', { delta: 13 })), AUTH_KEY);
    });

    it('`authorizer:` object with `name: auth` -> the `auth:` function key', async () => {
        assert.deepEqual(await def(pos(18, 18)), AUTH_KEY);
    });

    it('flow `authorizer: {name: auth}` -> the `auth:` function key', async () => {
        assert.deepEqual(await def(posOf(CHAT, '{name: auth}', { delta: 8 })), AUTH_KEY);
    });

    it('`!Ref ConnectionsTable` -> resources.Resources.ConnectionsTable', async () => {
        assert.deepEqual(await def(posOf(CHAT, '!Ref ConnectionsTable', { delta: 8 })), TABLE_KEY);
    });

    it('`!GetAtt ConnectionsTable.Arn` -> resources.Resources.ConnectionsTable', async () => {
        assert.deepEqual(await def(posOf(CHAT, '!GetAtt ConnectionsTable.Arn', { delta: 10 })), TABLE_KEY);
        assert.deepEqual(await def(posOf(CHAT, 'ConnectionsTable.Arn', { delta: 18 })), TABLE_KEY);
    });

    it('a key that names nothing: null', async () => {
        assert.equal(await def(pos(2, 3)), null);
        assert.equal(await def(pos(15, 19)), null); /* route: $connect */
    });

    it('the other forms of !Ref / !GetAtt', async () => {
        const u = `${DIR}/definition-forms/serverless.yml`;
        const text = lines(
            'service: chat', //                                  0
            'provider:', //                                      1
            '  name: aws', //                                    2
            '  environment:', //                                 3
            '    A: {Ref: Queue}', //                            4
            '    B: {"Fn::GetAtt": [Queue, Arn]}', //            5
            '    C: !GetAtt [Queue, Arn]', //                    6
            '    D: !Ref Missing', //                            7
            'resources:', //                                     8
            '  Resources:', //                                   9
            '    Queue:', //                                     10
            '      Type: AWS::SQS::Queue', //                    11
        );
        await ref.c.open(u, text);
        const at = (l, c) => ref.c.request(P.DefinitionRequest.type, { textDocument: { uri: u }, position: pos(l, c) });
        const QUEUE = { uri: u, range: rng(10, 4, 10, 9) };
        assert.deepEqual(await at(4, 15), QUEUE);
        assert.deepEqual(await at(6, 20), QUEUE);
        assert.equal(await at(7, 14), null);
    });
});

/* ====================================================== 10. document symbols */

describe('document symbols', () => {
    const ref = withClient();
    const uri = `${DIR}/symbols/serverless.yml`;
    let syms;
    before(async () => {
        await ref.c.open(uri, CHAT);
        syms = await ref.c.request(P.DocumentSymbolRequest.type, { textDocument: { uri } });
    });
    const K = P.SymbolKind;
    const tree = (list) => list.map((s) => [s.name, s.kind, ...(s.children && s.children.length ? [tree(s.children)] : [])]);

    it('service > functions > websocket routes; resources; custom: names, kinds, nesting', () => {
        assert.deepEqual(tree(syms), [
            ['chat', K.Module, [
                ['auth', K.Function],
                ['connect', K.Function, [['$connect', K.Event]]],
                ['send', K.Function, [['sendMessage', K.Event], ['(route)', K.Event]]],
                ['other', K.Function, [['sendMessage', K.Event], ['notify', K.Event]]],
            ]],
            ['resources', K.Namespace, [['ConnectionsTable', K.Object]]],
            ['custom', K.Namespace, [['tableName', K.Key], ['tableArn', K.Key]]],
        ]);
    });

    it('the service spans the document; its selection is the `service` key', () => {
        assert.equal(syms[0].detail, 'service');
        assert.deepEqual(syms[0].range, rng(0, 0, 40, 40));
        assert.deepEqual(syms[0].selectionRange, rng(0, 0, 0, 7));
    });

    it('functions: ranges from the key to the end of the body, handler as detail', () => {
        const [auth, connect, send, other] = syms[0].children;
        assert.deepEqual([auth.range, auth.selectionRange, auth.detail], [rng(9, 2, 10, 25), rng(9, 2, 9, 6), 'handler.auth']);
        assert.deepEqual([connect.range, connect.selectionRange, connect.detail],
            [rng(11, 2, 20, 47), rng(11, 2, 11, 9), 'handler.connect']);
        assert.deepEqual([send.range, send.detail], [rng(21, 2, 28, 24), 'handler.send']);
        assert.deepEqual([other.range, other.detail], [rng(29, 2, 33, 60), 'handler.other']);
    });

    it('routes: the websocket key and its value, detail websocket', () => {
        const [, connect, send, other] = syms[0].children;
        assert.deepEqual(connect.children[0], {
            name: '$connect', kind: K.Event, detail: 'websocket',
            range: rng(14, 8, 20, 47), selectionRange: rng(14, 8, 14, 17),
        });
        assert.deepEqual(send.children[1].range, rng(27, 8, 28, 24));
        assert.deepEqual(other.children.map((r) => [r.range, r.selectionRange]), [
            [rng(32, 8, 32, 30), rng(32, 8, 32, 17)],
            [rng(33, 8, 33, 60), rng(33, 8, 33, 17)],
        ]);
    });

    it('resources and custom: exact ranges', () => {
        const [, res, custom] = syms;
        assert.deepEqual([res.range, res.selectionRange], [rng(34, 0, 37, 32), rng(34, 0, 34, 9)]);
        assert.deepEqual([res.children[0].range, res.children[0].selectionRange], [rng(36, 4, 37, 32), rng(36, 4, 36, 20)]);
        assert.deepEqual([custom.range, custom.selectionRange], [rng(38, 0, 40, 40), rng(38, 0, 38, 6)]);
        assert.deepEqual(custom.children.map((c) => c.range), [rng(39, 2, 39, 34), rng(40, 2, 40, 40)]);
    });

    it('every child range lies inside its parent range, selection inside range', () => {
        const le = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);
        const inside = (inner, outer) => le(outer.start, inner.start) && le(inner.end, outer.end);
        const walk = (s, parent) => {
            assert.ok(inside(s.selectionRange, s.range), `${s.name}: selection inside range`);
            if (parent)
                assert.ok(inside(s.range, parent.range), `${s.name} inside ${parent.name}`);
            for (const c of s.children || [])
                walk(c, s);
        };
        syms.forEach((s) => walk(s, null));
    });
});

/* ========================================================== 11. code actions */

describe('code actions', () => {
    const ref = withClient();
    const uri = `${DIR}/actions/serverless.yml`;
    let text = CHAT;
    let version = 1;
    let diags;
    before(async () => {
        diags = await ref.c.open(uri, CHAT);
    });
    const actionsAt = (range, diagnostics) => ref.c.request(P.CodeActionRequest.type,
        { textDocument: { uri }, range, context: { diagnostics, only: [P.CodeActionKind.QuickFix] } });

    /* Applies the action's edit to the text and sends the result. */
    async function applyAndResend(action) {
        const edits = action.edit.changes[uri];
        assert.deepEqual(Object.keys(action.edit.changes), [uri]);
        text = applyEdits(text, edits);
        version++;
        return ref.c.change(uri, version, [{ text }]);
    }

    it("at a routeKey finding: \"rename 'routeKey' to 'route' (WS003)\" replacing exactly that key", async () => {
        const d = diags.find((x) => x.code === 'WS003');
        const actions = await actionsAt(d.range, [d]);
        const a = actions.find((x) => x.title === "rename 'routeKey' to 'route' (WS003)");
        assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
        assert.deepEqual(a, {
            title: "rename 'routeKey' to 'route' (WS003)",
            kind: 'quickfix',
            diagnostics: [d],
            isPreferred: true,
            edit: { changes: { [uri]: [{ range: rng(28, 10, 28, 18), newText: 'route' }] } },
        });
        /* no other fix overlaps that range */
        assert.deepEqual(actions.filter((x) => !/^ignore /.test(x.title)).map((x) => x.title), [a.title]);
    });

    it('applying it and re-sending: no WS003 any more, everything else unchanged', async () => {
        const d = diags.find((x) => x.code === 'WS003');
        const [a] = (await actionsAt(d.range, [d])).filter((x) => x.title.endsWith('(WS003)'));
        const after = await applyAndResend(a);
        assert.equal(text.split('\n')[28], '          route: ping');
        assert.deepEqual(codes(after), ['WS070', 'WS050', 'WS030', 'WS012', 'WS030']);
    });

    it("at `level: info`: \"set the level to 'INFO' (WS050)\"; applied, WS050 is gone", async () => {
        const cur = ref.c.publishes.filter((p) => p.uri === uri).pop().diagnostics;
        const d = cur.find((x) => x.code === 'WS050');
        /* a zero-width range inside the value is enough */
        const actions = await actionsAt(rng(7, 15, 7, 15), []);
        const a = actions.find((x) => x.title === "set the level to 'INFO' (WS050)");
        assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
        assert.deepEqual(a.edit, { changes: { [uri]: [{ range: rng(7, 13, 7, 17), newText: 'INFO' }] } });
        assert.equal(a.kind, 'quickfix');
        assert.equal(a.isPreferred, true);
        assert.deepEqual(a.diagnostics, [d]);
        const after = await applyAndResend(a);
        assert.equal(text.split('\n')[7], '      level: INFO');
        assert.deepEqual(codes(after), ['WS070', 'WS030', 'WS012', 'WS030']);
    });

    it('the runtime suggestion is offered but not preferred (not a safe fix); applied, WS070 is gone', async () => {
        const actions = await actionsAt(rng(3, 11, 3, 21), []);
        const a = actions.find((x) => x.title === "change the runtime to 'nodejs24.x' (WS070)");
        assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
        assert.equal(a.isPreferred, false);
        assert.deepEqual(a.edit.changes[uri], [{ range: rng(3, 11, 3, 21), newText: 'nodejs24.x' }]);
        const after = await applyAndResend(a);
        assert.deepEqual(codes(after), ['WS030', 'WS012', 'WS030']);
    });

    it('WS030 in a flow mapping: "remove the authorizer (WS030)" leaves `{route: notify}`', async () => {
        const actions = await actionsAt(rng(33, 40, 33, 40), []);
        const a = actions.find((x) => x.title === 'remove the authorizer (WS030)');
        assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
        assert.deepEqual(a.edit.changes[uri], [{ range: rng(33, 33, 33, 59), newText: '' }]);
        const after = await applyAndResend(a);
        assert.equal(text.split('\n')[33], '      - websocket: {route: notify}');
        assert.deepEqual(codes(after), ['WS030', 'WS012']);
        assert.equal(after[0].range.start.line, 26);
    });

    it('WS030 in block form: removing the authorizer line', async () => {
        const actions = await actionsAt(rng(26, 10, 26, 26), []);
        const a = actions.find((x) => x.title === 'remove the authorizer (WS030)');
        assert.ok(a, JSON.stringify(actions.map((x) => x.title)));
        assert.deepEqual(a.edit.changes[uri], [{ range: rng(26, 0, 27, 0), newText: '' }]);
        const after = await applyAndResend(a);
        assert.deepEqual(codes(after), ['WS012']);
    });

    it('a range with no fixable finding: no quick fix', async () => {
        const actions = await actionsAt(rng(0, 0, 0, 4), []);
        assert.deepEqual(actions.filter((x) => !/^ignore /.test(x.title)), []);
    });

    it('"ignore CODE on this line" and "ignore CODE in this file": suppression comments that work', async () => {
        const u = `${DIR}/ignore/serverless.yml`;
        const d = await ref.c.open(u, CHAT);
        const w = d.find((x) => x.code === 'WS012');
        const actions = await ref.c.request(P.CodeActionRequest.type,
            { textDocument: { uri: u }, range: w.range, context: { diagnostics: [w] } });
        assert.deepEqual(actions.map((x) => [x.title, x.kind]),
            [['ignore WS012 on this line', 'quickfix'], ['ignore WS012 in this file', 'quickfix']]);
        const [line, file] = actions;
        assert.deepEqual(line.diagnostics, [w]);
        assert.deepEqual(line.edit, { changes: { [u]: [{ range: rng(32, 30, 32, 30), newText: '  # slsws: ignore[WS012]' }] } });
        assert.deepEqual(file.edit, { changes: { [u]: [{ range: rng(0, 0, 0, 0), newText: '# slsws: ignore-file[WS012]\n' }] } });

        /* on this line: WS012 is gone, and the suppression is not reported as unused */
        const t1 = applyEdits(CHAT, line.edit.changes[u]);
        assert.equal(t1.split('\n')[32], '      - websocket: sendMessage  # slsws: ignore[WS012]');
        await ref.c.change(u, 2, [{ text: t1 }]);
        const raw1 = ref.c.publishes[ref.c.publishes.length - 1].raw;
        assert.deepEqual(codes(raw1).filter((c) => c === 'WS012' || c === 'WS099'), []);

        /* hover on the code inside the comment: that rule's page */
        const h = await ref.c.request(P.HoverRequest.type, { textDocument: { uri: u }, position: pos(32, 50) });
        assert.ok(h, 'hover on a suppressed code');
        assert.deepEqual(h.range, rng(32, 48, 32, 53));
        assert.ok(h.contents.value.includes('# WS012 route-duplicate'), h.contents.value.slice(0, 200));

        /* in this file, then a second code joins the same list */
        const t2 = applyEdits(CHAT, file.edit.changes[u]);
        const d2 = await ref.c.change(u, 3, [{ text: t2 }]);
        assert.deepEqual(codes(d2), ['WS070', 'WS050', 'WS030', 'WS003', 'WS030']);
        const w2 = d2[2];
        assert.deepEqual(w2.range, rng(27, 10, 27, 26));
        const actions2 = await ref.c.request(P.CodeActionRequest.type,
            { textDocument: { uri: u }, range: w2.range, context: { diagnostics: [w2] } });
        const fileAgain = actions2.find((x) => x.title === 'ignore WS030 in this file');
        assert.ok(fileAgain, JSON.stringify(actions2.map((x) => x.title)));
        assert.deepEqual(fileAgain.edit.changes[u], [{ range: rng(0, 26, 0, 26), newText: ', WS030' }]);
        const t3 = applyEdits(t2, fileAgain.edit.changes[u]);
        assert.equal(t3.split('\n')[0], '# slsws: ignore-file[WS012, WS030]');
        const d3 = await ref.c.change(u, 4, [{ text: t3 }]);
        assert.deepEqual(codes(d3), ['WS070', 'WS050', 'WS003']);
    });
});

/* ======================================================== 12. settings */

describe('settings', () => {
    const ref = withClient({ initializationOptions: { asOf: AS_OF, rules: { ...QUIET, WS070: 'off' } } });
    const uri = `${DIR}/settings/serverless.yml`;

    it('initializationOptions rules {WS070: off} silence WS070', async () => {
        const d = await ref.c.open(uri, CHAT);
        assert.deepEqual(codes(d), ['WS050', 'WS030', 'WS003', 'WS012', 'WS030']);
        assert.deepEqual(d, chatDiagnostics(uri).filter((x) => x.code !== 'WS070'));
    });

    it('workspace/didChangeConfiguration {slsws: {rules: {WS030: warning}}} re-publishes with severity 2', async () => {
        ref.c.notify(P.DidChangeConfigurationNotification.type, { settings: { slsws: { rules: { WS030: 'warning' } } } });
        const p = await ref.c.nextPublish(uri, 1, 're-publish after didChangeConfiguration');
        const ws030 = p.diagnostics.filter((x) => x.code === 'WS030');
        assert.equal(ws030.length, 2);
        assert.deepEqual(ws030.map((x) => [x.range, x.severity]),
            [[rng(26, 10, 26, 26), 2], [rng(33, 35, 33, 59), 2]]);
        /* the other rules keep their defaults */
        for (const x of p.diagnostics.filter((y) => ['WS050', 'WS003', 'WS012'].includes(y.code)))
            assert.equal(x.severity, 1, x.code);
    });

    it('a setting without the slsws section is read as well; asOf moves the runtime dates', async () => {
        ref.c.notify(P.DidChangeConfigurationNotification.type,
            { settings: { asOf: '2027-03-04', rules: { WS030: 'off', WS050: 'info' } } });
        const p = await ref.c.nextPublish(uri, 1, 're-publish after the second didChangeConfiguration');
        assert.deepEqual(codes(p.diagnostics), ['WS070', 'WS050', 'WS003', 'WS012']);
        const [rt, lvl] = p.diagnostics;
        assert.equal(rt.severity, 1, 'updates on nodejs16.x are blocked from 2027-03-03: an error');
        assert.equal(lvl.severity, 3);
    });

    it('an unknown rule or severity is reported through window/logMessage and ignored', async () => {
        const before = ref.c.logs.length;
        ref.c.notify(P.DidChangeConfigurationNotification.type,
            { settings: { slsws: { asOf: AS_OF, rules: { WS999: 'off', WS030: 'loud', WS012: 'warning' } } } });
        const p = await ref.c.nextPublish(uri, 1);
        const logs = ref.c.logs.slice(before);
        assert.deepEqual(logs.map((l) => l.type), [P.MessageType.Warning, P.MessageType.Warning]);
        assert.ok(logs[0].message.includes('WS999'));
        assert.ok(logs[1].message.includes('WS030'));
        assert.deepEqual(p.diagnostics.map((x) => [x.code, x.severity]),
            [['WS070', 2], ['WS050', 1], ['WS030', 1], ['WS003', 1], ['WS012', 2], ['WS030', 1]]);
    });

    it('settings without our keys ({} from eglot, another server\'s section) keep the current ones', async () => {
        ref.c.notify(P.DidChangeConfigurationNotification.type, { settings: {} });
        ref.c.notify(P.DidChangeConfigurationNotification.type, { settings: { yaml: { validate: false } } });
        /* an edit re-analyses: the severities are still those set above */
        const d = await ref.c.change(uri, 2, [{ range: rng(0, 0, 0, 0), text: '' }]);
        assert.deepEqual(d.map((x) => [x.code, x.severity]),
            [['WS070', 2], ['WS050', 1], ['WS030', 1], ['WS003', 1], ['WS012', 2], ['WS030', 1]]);
    });
});

describe('settings: .slsws.yml beside the file', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    let dir;
    let uri;
    const ref = {};
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-lsp-'));
        fs.writeFileSync(path.join(dir, '.slsws.yml'), 'rules:\n  WS030: warning\n');
        uri = `file://${dir}/serverless.yml`;
        ref.c = await Client.start();
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    const sev = (d, code) => d.filter((x) => x.code === code).map((x) => x.severity);

    it('the rules of the .slsws.yml the CLI would use apply', async () => {
        const d = await ref.c.open(uri, CHAT);
        assert.deepEqual(sev(d, 'WS030'), [2, 2]);
        assert.deepEqual(sev(d, 'WS012'), [1]);
    });

    it('editor settings win over the file', async () => {
        ref.c.notify(P.DidChangeConfigurationNotification.type,
            { settings: { slsws: { asOf: AS_OF, rules: { ...QUIET, WS030: 'info' } } } });
        assert.deepEqual(sev((await ref.c.nextPublish(uri, 1)).diagnostics, 'WS030'), [3, 3]);
        ref.c.notify(P.DidChangeConfigurationNotification.type, { settings: { slsws: { asOf: AS_OF, rules: QUIET } } });
        assert.deepEqual(sev((await ref.c.nextPublish(uri, 1)).diagnostics, 'WS030'), [2, 2]);
    });

    it('a changed .slsws.yml (workspace/didChangeWatchedFiles) re-checks the open file', async () => {
        fs.writeFileSync(path.join(dir, '.slsws.yml'), 'rules:\n  WS030: off\n  WS012: info\n');
        ref.c.notify(P.DidChangeWatchedFilesNotification.type,
            { changes: [{ uri: `file://${dir}/.slsws.yml`, type: P.FileChangeType.Changed }] });
        const d = (await ref.c.nextPublish(uri, 1, 're-publish after the watched change', 750)).diagnostics;
        assert.deepEqual(codes(d), ['WS070', 'WS050', 'WS003', 'WS012']);
        assert.deepEqual(sev(d, 'WS012'), [3]);
    });

    it('a bad .slsws.yml is reported once through window/logMessage and then ignored', async () => {
        const before = ref.c.logs.length;
        fs.writeFileSync(path.join(dir, '.slsws.yml'), 'rules:\n  WS030: loud\n');
        ref.c.notify(P.DidChangeWatchedFilesNotification.type,
            { changes: [{ uri: `file://${dir}/.slsws.yml`, type: P.FileChangeType.Changed }] });
        const d = (await ref.c.nextPublish(uri, 1, 're-publish after the watched change', 750)).diagnostics;
        assert.deepEqual(d, chatDiagnostics(uri));
        const logs = ref.c.logs.slice(before);
        assert.equal(logs.length, 1, JSON.stringify(logs));
        assert.equal(logs[0].type, P.MessageType.Error);
        assert.ok(logs[0].message.includes('.slsws.yml'), logs[0].message);
    });

    it('a client that can register watchers is asked to watch .slsws.yml, includable files, handler sources and package.json', async () => {
        const c = new Client();
        try {
            const regs = [];
            c.conn.onRequest(P.RegistrationRequest.type, (p) => {
                regs.push(p);
                return null;
            });
            await timeout(c.conn.sendRequest(P.InitializeRequest.type, {
                processId: null, rootUri: null, initializationOptions: { asOf: AS_OF },
                capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
            }), TIMEOUT, 'initialize');
            await c.notify(P.InitializedNotification.type, {});
            await timeout((async () => {
                while (!regs.length)
                    await sleep(10);
            })(), TIMEOUT, 'client/registerCapability');
            assert.equal(regs.length, 1);
            assert.deepEqual(regs[0].registrations.map((r) => [r.method, r.registerOptions]),
                [['workspace/didChangeWatchedFiles', { watchers: [{
                    globPattern: '**/{.slsws.yml,*.yml,*.yaml,*.json,*.tfstate,*.js,*.mjs,*.cjs,*.ts,*.mts,*.cts,*.py}',
                }] }]]);
        } finally {
            await c.stop();
        }
    });
});

describe('variables: hover and definition', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    let dir;
    let uri;
    const ref = {};
    const TEXT = lines(
        'service: chat', //                                  0
        'provider:', //                                      1
        '  name: aws', //                                    2
        '  runtime: nodejs24.x', //                          3
        'custom:', //                                        4
        '  stage: dev', //                                   5
        '  table: chat-${self:custom.stage}', //             6
        'functions:', //                                     7
        '  connect:', //                                     8
        '    handler: handler.connect', //                   9
        '    events:', //                                    10
        '      - websocket: $connect', //                    11
        '  send:', //                                        12
        '    handler: ', //                                  13
    );
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-lsp-'));
        fs.writeFileSync(path.join(dir, 'handler.js'), lines(
            "'use strict';", //                              0
            '', //                                           1
            'module.exports.connect = async () => ({ statusCode: 200 });', // 2
            '', //                                           3
            'exports.send = async () => ({ statusCode: 200 });', // 4
        ));
        uri = `file://${dir}/serverless.yml`;
        ref.c = await Client.start();
        await ref.c.open(uri, TEXT);
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    const at = (type, line, character) => ref.c.request(type, { textDocument: { uri }, position: pos(line, character) });

    it('definition of ${self:custom.stage} -> the custom.stage key', async () => {
        assert.deepEqual(await at(P.DefinitionRequest.type, 6, 22), { uri, range: rng(5, 2, 5, 7) });
    });

    it('hover on ${self:custom.stage} shows its value', async () => {
        const h = await at(P.HoverRequest.type, 6, 22);
        assert.ok(h && /\bdev\b/.test(h.contents.value), JSON.stringify(h));
    });

});

describe('variables: findings inside included files', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    let dir;
    const ref = {};
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-inc-'));
        fs.writeFileSync(path.join(dir, 'fns.yml'), lines(
            'connect:', //                                        0
            '  handler: h.connect', //                            1
            '  events:', //                                       2
            '    - websocket: {route: $connect, authorizer: auth}', // 3
            'send:', //                                           4
            '  handler: h.send', //                               5
            '  events:', //                                       6
            '    - websocket: {route: send, authorizer: auth}', // 7
            'auth:', //                                           8
            '  handler: h.auth', //                               9
        ));
        ref.c = await Client.start();
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('publishes a finding in fns.yml under its own URI, and clears it when fixed', async () => {
        const uri = `file://${dir}/serverless.yml`;
        const inc = `file://${dir}/fns.yml`;
        const text = lines('service: chat', 'provider:', '  name: aws', '  runtime: nodejs24.x',
            'functions: ${file(./fns.yml)}');
        const own = await ref.c.open(uri, text);
        assert.deepEqual(own.filter((d) => FOCUS.has(d.code)), []);
        const p = await ref.c.nextPublish(inc, undefined);
        const ws030 = p.diagnostics.filter((d) => d.code === 'WS030');
        assert.equal(ws030.length, 1);
        assert.deepEqual(ws030[0].range, rng(7, 31, 7, 47));
        /* the included file changes on disk, the service is edited: its findings go */
        fs.writeFileSync(path.join(dir, 'fns.yml'), fs.readFileSync(path.join(dir, 'fns.yml'), 'utf8')
            .replace('{route: send, authorizer: auth}', '{route: send}'));
        await ref.c.change(uri, 2, [{ text: text + '# edited\n' }]);
        const cleared = await ref.c.nextPublish(inc, undefined);
        assert.deepEqual(cleared.diagnostics.filter((d) => d.code === 'WS030'), []);
    });
});

describe('variables: a saved include re-checks the service', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    let dir;
    const ref = {};
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-inc2-'));
        fs.writeFileSync(path.join(dir, 'custom.yml'), 'level: INFO\n');
        ref.c = await Client.start();
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('didSave of the included file re-publishes the service with the new value', async () => {
        const uri = `file://${dir}/serverless.yml`;
        const inc = `file://${dir}/custom.yml`;
        const text = lines('service: chat', 'provider:', '  name: aws', '  runtime: nodejs24.x',
            '  logs:', '    websocket:', '      level: ${file(./custom.yml):level}', 'functions:',
            '  f:', '    handler: h.f', '    events:', '      - websocket: $connect');
        const first = await ref.c.open(uri, text);
        assert.deepEqual(first.filter((d) => d.code === 'WS050'), []);
        fs.writeFileSync(path.join(dir, 'custom.yml'), 'level: DEBUG\n');
        ref.c.notify(P.DidSaveTextDocumentNotification.type, { textDocument: { uri: inc } });
        const p = await ref.c.nextPublish(inc, undefined);
        assert.deepEqual(p.diagnostics.filter((d) => d.code === 'WS050').map((d) => d.range), [rng(0, 7, 0, 12)]);
    });
});

/* ======================================================= handler sources */

/*
 * tests/lsp/handlers-service: a service whose functions point at JavaScript,
 * TypeScript and Python sources. Each group works on a copy in a temporary
 * directory (the freshness tests change files), with a node_modules and a
 * .serverless directory added that completion must not search.
 */
const HANDLERS = path.join(__dirname, 'handlers-service');
const SVC = fs.readFileSync(path.join(HANDLERS, 'serverless.yml'), 'utf8');

function copyHandlers(prefix) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.cpSync(HANDLERS, dir, { recursive: true });
    for (const d of ['node_modules/dep', '.serverless'])
        fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/dep/index.js'), 'exports.dep = (event) => event;\n');
    fs.writeFileSync(path.join(dir, '.serverless/bundle.js'), 'exports.bundled = (event) => event;\n');
    return dir;
}

/* The position inside the value of the handler: line naming handler (+delta). */
const handlerPos = (handler, delta = 0) => posOf(SVC, `handler: ${handler}`, { delta: 9 + delta });
const handlerKey = (handler) => posOf(SVC, `handler: ${handler}`, { delta: 2 });

/* The messages `slsws check` gives for the service at dir (run from this
   process's directory, as the server is, so display paths agree): the
   server must publish the same words; the rules' tests own the wording. */
function cliMessages(dir) {
    const r = require('node:child_process').spawnSync(SLSWS, ['check', '--format', 'json', '--as-of', AS_OF,
        '--select', 'WS071,WS085,WS086', path.join(dir, 'serverless.yml')], { encoding: 'utf8' });
    const out = {};
    for (const d of JSON.parse(r.stdout).diagnostics)
        out[d.code] = d.message;
    assert.deepEqual(Object.keys(out).sort(), ['WS071', 'WS085', 'WS086']);
    return out;
}

describe('handler sources: definition, hover, completion, findings in handler files', () => {
    let dir;
    let uri;
    const ref = {};
    before(async () => {
        dir = copyHandlers('slsws-handlers-');
        uri = `file://${dir}/serverless.yml`;
        ref.msg = cliMessages(dir);
        ref.c = await Client.start();
        ref.first = await ref.c.open(uri, SVC);
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    const at = (type, p, u = uri) => ref.c.request(type, { textDocument: { uri: u }, position: p });
    const file = (rel) => `file://${dir}/${rel}`;

    it('definition of `handler: src/chat.connect` -> `connect` in exports.connect = ...', async () => {
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/chat.connect', 3)),
            { uri: file('src/chat.js'), range: rng(4, 8, 4, 15) });
    });

    it('definition of module.exports.send, an ES module function and a Python def', async () => {
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/chat.send', 12)),
            { uri: file('src/chat.js'), range: rng(8, 15, 8, 19) });
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/esm.broadcast')),
            { uri: file('src/esm.mjs'), range: rng(0, 22, 0, 31) });
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('jobs/tick.run', 11)),
            { uri: file('jobs/tick.py'), range: rng(3, 4, 3, 7) });
    });

    it('definition when the file lacks the export: the start of the file', async () => {
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/chat.missing', 10)),
            { uri: file('src/chat.js'), range: rng(0, 0, 0, 0) });
    });

    it('definition when no file exists, or on the `handler` key: null', async () => {
        assert.equal(await at(P.DefinitionRequest.type, handlerPos('src/ghost.handler', 5)), null);
        assert.equal(await at(P.DefinitionRequest.type, handlerKey('src/chat.connect')), null);
    });

    it('hover on a resolved handler: the file and the signature, over the value', async () => {
        const p = handlerPos('src/chat.connect', 2);
        assert.deepEqual(await at(P.HoverRequest.type, p), {
            contents: { kind: 'markdown', value: '`src/chat.js` exports `connect(event, context)` (CommonJS export)' },
            range: rng(p.line, 13, p.line, 29),
        });
        const t = handlerPos('jobs/tick.run');
        assert.deepEqual(await at(P.HoverRequest.type, t), {
            contents: { kind: 'markdown', value: '`jobs/tick.py` defines `run(event, context)` (module-level function)' },
            range: rng(t.line, 13, t.line, 26),
        });
        const e = handlerPos('src/esm.broadcast');
        assert.deepEqual((await at(P.HoverRequest.type, e)).contents.value,
            '`src/esm.mjs` exports `broadcast(event, context)` (ES module export)');
    });

    it('hover on the `handler` key of a missing file: the candidates tried, over the key', async () => {
        const k = handlerKey('src/ghost.handler');
        assert.deepEqual(await at(P.HoverRequest.type, k), {
            contents: {
                kind: 'markdown', value: 'no source file for `src/ghost` (Node.js runtime): tried `src/ghost.js`, ' +
                    '`src/ghost.mjs`, `src/ghost.cjs`, `src/ghost.ts`, `src/ghost.mts`, `src/ghost.cts`',
            },
            range: rng(k.line, 4, k.line, 11),
        });
    });

    const NO_MISSING = '`src/chat.js` has no export `missing`; it exports `connect(event, context)`, `send(event)`, `VERSION`';

    it('hover on the `handler` key of a missing export: says so and lists the exports', async () => {
        const k = handlerKey('src/chat.missing');
        assert.deepEqual(await at(P.HoverRequest.type, k), {
            contents: { kind: 'markdown', value: NO_MISSING }, range: rng(k.line, 4, k.line, 11),
        });
    });

    it('hover on the WS086 finding itself: the rule page, then the same words', async () => {
        const h = await at(P.HoverRequest.type, handlerPos('src/chat.missing', 10));
        assert.ok(h.contents.value.startsWith(`**WS086** handler-export-missing (error): ${ref.msg.WS086}\n\n# WS086 `),
            h.contents.value.slice(0, 300));
        assert.ok(h.contents.value.endsWith(`\n\n---\n\n${NO_MISSING}`), h.contents.value.slice(-300));
    });

    it('hover elsewhere is unchanged: a known key still gets its explanation', async () => {
        const h = await at(P.HoverRequest.type, posOf(SVC, 'websocket: $connect', { delta: 3 }));
        assert.ok(h.contents.value.startsWith('**websocket**'), h.contents.value);
    });

    const fnItem = (label, detail, p, start) => ({
        label, kind: P.CompletionItemKind.Function, detail,
        textEdit: { range: rng(p.line, start, p.line, p.character), newText: label },
    });

    it('completion on a node handler: path/file.export for .js .mjs .ts, functions first (no node_modules, no dot directories, no .d.ts)', async () => {
        const p = handlerPos('src/chat.connect', 'src/chat.connect'.length);
        const r = await at(P.CompletionRequest.type, p);
        const items = (Array.isArray(r) ? r : r.items).map(({ sortText, ...i }) => i);
        assert.deepEqual(items, [
            fnItem('src/chat.connect', 'connect(event, context)', p, 13),
            fnItem('src/chat.send', 'send(event)', p, 13),
            fnItem('src/esm.broadcast', 'broadcast(event, context)', p, 13),
            fnItem('src/esm.ping', 'ping(event)', p, 13),
            fnItem('src/legacy.notify', 'notify(event)', p, 13),
            fnItem('src/util.helper', 'helper(event: unknown)', p, 13),
            {
                label: 'src/chat.VERSION', kind: P.CompletionItemKind.Value, detail: 'CommonJS export',
                textEdit: { range: rng(p.line, 13, p.line, p.character), newText: 'src/chat.VERSION' },
            },
        ]);
        const sorts = (Array.isArray(r) ? r : r.items).map((i) => i.sortText);
        assert.deepEqual(sorts, [...sorts].sort(), 'sortText keeps the server\'s order');
    });

    it('completion on a python handler (the function\'s own runtime): dir/file.function, a package\'s __init__.py as its directory', async () => {
        const p = handlerPos('jobs/tick.run', 'jobs/tick.r'.length);
        const r = await at(P.CompletionRequest.type, p);
        const items = (Array.isArray(r) ? r : r.items).map(({ sortText, ...i }) => i);
        assert.deepEqual(items, [
            fnItem('jobs/pkg.main', 'main(event, context)', p, 13),
            fnItem('jobs/tick.later', 'later(event, context)', p, 13),
            fnItem('jobs/tick.run', 'run(event, context)', p, 13),
            {
                label: 'jobs/tick.RATE', kind: P.CompletionItemKind.Value, detail: 'module-level assignment',
                textEdit: { range: rng(p.line, 13, p.line, p.character), newText: 'jobs/tick.RATE' },
            },
        ]);
    });

    it('a finding inside a handler file (WS071) is published under that file\'s URI', async () => {
        const p = await ref.c.anyPublish(file('src/legacy.js'), undefined);
        assert.deepEqual(p.raw, [{
            range: rng(2, 21, 2, 28), severity: 2, code: 'WS071', source: 'slsws',
            message: ref.msg.WS071,
            relatedInformation: [{
                location: { uri, range: rng(handlerPos('src/legacy.notify').line, 13, handlerPos('src/legacy.notify').line, 30) },
                message: "function 'legacy' runs it on nodejs24.x",
            }],
            data: { code: 'WS071', name: 'sdk-v2-on-node18' },
        }]);
    });

    it('a finding in a handler file is not the service\'s: no hover or code action at the same offsets', async () => {
        /* WS071 lies at bytes 36-43 of legacy.js; in serverless.yml those are `  runtim` */
        const p = pos(3, 4);
        assert.equal(offsetOf(SVC, p), 40);
        const h = await at(P.HoverRequest.type, p);
        assert.ok(h.contents.value.startsWith('**provider.runtime**'), h.contents.value.slice(0, 300));
        const actions = await ref.c.request(P.CodeActionRequest.type,
            { textDocument: { uri }, range: rng(3, 0, 3, 9), context: { diagnostics: [] } });
        assert.deepEqual(actions, []);
    });

    it('the service itself: WS085 on the missing file, WS086 on the missing export', () => {
        const g = handlerPos('src/ghost.handler');
        const m = handlerPos('src/chat.missing');
        assert.deepEqual(ref.c.publishes.find((p) => p.uri === uri).raw, [
            { range: rng(g.line, 13, g.line, 22), severity: 2, code: 'WS085', source: 'slsws', message: ref.msg.WS085,
              data: { code: 'WS085', name: 'handler-file-missing' } },
            { range: rng(m.line, 22, m.line, 29), severity: 1, code: 'WS086', source: 'slsws', message: ref.msg.WS086,
              relatedInformation: [{ location: { uri: file('src/chat.js'), range: rng(4, 8, 4, 15) },
                  message: "'connect' is exported here" }],
              data: { code: 'WS086', name: 'handler-export-missing' } },
        ]);
    });

    it('a document with no file behind it (untitled:) reads no sources', async () => {
        const u = 'untitled:Untitled-1';
        const rel = path.relative(process.cwd(), path.join(dir, 'src/chat')) + '.connect';
        const text = lines('service: chat', 'provider:', '  name: aws', '  runtime: nodejs24.x', 'functions:',
            '  connect:', `    handler: ${rel}`, '  ghost:', '    handler: src/ghost.handler');
        await ref.c.open(u, text);
        const p = await ref.c.anyPublish(u, 1);
        assert.deepEqual(p.raw, []);
        assert.equal(await at(P.DefinitionRequest.type, pos(6, 14), u), null);
        const h = await at(P.HoverRequest.type, pos(6, 6), u);
        assert.ok(h === null || !h.contents.value.includes('exports'), JSON.stringify(h));
    });
});

describe('handler sources: freshness', () => {
    let dir;
    let other;
    let uri;
    const ref = {};
    before(async () => {
        dir = copyHandlers('slsws-fresh-');
        other = copyHandlers('slsws-other-');
        uri = `file://${dir}/serverless.yml`;
        ref.c = await Client.start();
        await ref.c.open(uri, SVC);
    });
    after(async () => {
        try {
            if (ref.c)
                await ref.c.stop();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
            fs.rmSync(other, { recursive: true, force: true });
        }
    });
    const file = (rel) => `file://${dir}/${rel}`;
    const at = (type, p) => ref.c.request(type, { textDocument: { uri }, position: p });
    const watched = (u, type = P.FileChangeType.Changed) =>
        ref.c.notify(P.DidChangeWatchedFilesNotification.type, { changes: [{ uri: u, type }] });
    const xcodes = (p) => p.raw.filter((d) => ['WS071', 'WS085', 'WS086'].includes(d.code)).map((d) => d.code);

    it('the service starts with WS085 and WS086', async () => {
        assert.deepEqual(xcodes(ref.c.publishes.find((p) => p.uri === uri)), ['WS085', 'WS086']);
    });

    it('a handler file created outside the service directory re-checks nothing', async () => {
        fs.writeFileSync(path.join(dir, 'src/ghost.js'), 'exports.handler = async (event) => event;\n');
        fs.writeFileSync(path.join(other, 'src/ghost.js'), 'exports.handler = async (event) => event;\n');
        watched(`file://${other}/src/ghost.js`, P.FileChangeType.Created);
        /* the analysis is still the old one: the file is still missing */
        const h = await at(P.HoverRequest.type, handlerKey('src/ghost.handler'));
        assert.ok(h.contents.value.startsWith('no source file for `src/ghost`'), h.contents.value);
    });

    it('the created handler file (workspace/didChangeWatchedFiles) re-publishes the service without WS085', async () => {
        watched(file('src/ghost.js'), P.FileChangeType.Created);
        const p = await ref.c.nextPublish(uri, 1, 're-publish after the handler file appeared');
        assert.deepEqual(xcodes(p), ['WS086']);
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/ghost.handler')),
            { uri: file('src/ghost.js'), range: rng(0, 8, 0, 15) });
    });

    it('a saved handler file (textDocument/didSave) that now has the export: no WS086', async () => {
        fs.appendFileSync(path.join(dir, 'src/chat.js'), '\nexports.missing = (event) => event;\n');
        ref.c.notify(P.DidSaveTextDocumentNotification.type, { textDocument: { uri: file('src/chat.js') } });
        const p = await ref.c.nextPublish(uri, 1, 're-publish after the handler file was saved');
        assert.deepEqual(xcodes(p), []);
        assert.deepEqual(await at(P.DefinitionRequest.type, handlerPos('src/chat.missing')),
            { uri: file('src/chat.js'), range: rng(14, 8, 14, 15) });
    });

    it('a changed package.json re-checks the service: WS071 in legacy.js is cleared', async () => {
        assert.deepEqual(codes(ref.c.publishes.filter((p) => p.uri === file('src/legacy.js')).at(-1).raw), ['WS071']);
        fs.writeFileSync(path.join(dir, 'package.json'),
            JSON.stringify({ name: 'handlers-service', private: true, dependencies: { 'aws-sdk': '^2.1692.0' } }));
        const n = ref.c.publishes.length;
        watched(file('package.json'));
        const p = await waitFor(ref.c.waiters, () => ref.c.publishes.slice(n).find((x) => x.uri === file('src/legacy.js')),
            TIMEOUT, 'legacy.js re-published');
        assert.deepEqual(p.raw, []);
        assert.equal(p.version, undefined);
    });
});
