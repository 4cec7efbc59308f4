// Seeds and work directory for the fuzz targets (tests/fuzz/run.sh).
//
//   node tests/fuzz/seeds.js SEEDS-DIR WORK-DIR [HOSTILE-DIR]
//
// SEEDS-DIR/<target>/ is filled from the tests: every YAML/JSON service of
// tests/rules, tests/cli, tests/projects, the files tests/hostile generates
// (HOSTILE-DIR, when given) and ../shared/corpus/real (skipped with a notice
// when absent). ydoc, suppress and check take the files as they are; vars
// the values that hold `${` or `{$`; lsp a scripted session per file (the
// line format of fuzz_lsp.c); rpc those sessions framed, and framing
// mistakes. WORK-DIR gets the handler sources, package.json files and
// includable files of the tests, merged into one tree, so that fuzz_check
// and fuzz_lsp resolve handlers and ${file()} against real files.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const [seedsDir, workDir, hostileDir] = process.argv.slice(2);
if (!seedsDir || !workDir) {
  console.error('usage: node tests/fuzz/seeds.js SEEDS-DIR WORK-DIR [HOSTILE-DIR]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..', '..');
const MAX_SEED = 1 << 20;

function walk(dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const isService = (p) => /\.(ya?ml|json)$/.test(p) && !/package(-lock)?\.json$/.test(p);

// ---- the services ----
const files = [];
for (const d of ['tests/rules', 'tests/cli', 'tests/projects', 'tests/lsp/handlers-service',
                 'tests/nvim', 'examples'])
  files.push(...walk(path.join(root, d)).filter(isService));
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'real');
if (fs.existsSync(corpus)) files.push(...walk(corpus));
else console.log('notice: ../shared/corpus/real not found: its files are not seeds');
// tests/hostile makes thousands of variants of a few cases: a few of each
if (hostileDir) {
  const per = new Map();
  for (const f of walk(hostileDir).filter(isService)) {
    const d = path.dirname(f);
    per.set(d, (per.get(d) || 0) + 1);
    if (per.get(d) <= 3) files.push(f);
  }
}

const texts = [];
const seen = new Set();
for (const f of files) {
  let buf;
  try {
    if (fs.statSync(f).size > MAX_SEED) continue;
    buf = fs.readFileSync(f);
  } catch {
    continue; /* unreadable on purpose (a hostile case) */
  }
  const h = crypto.createHash('sha1').update(buf).digest('hex');
  if (seen.has(h)) continue;
  seen.add(h);
  texts.push({ file: f, buf });
}

function writeSeed(target, buf) {
  const dir = path.join(seedsDir, target);
  fs.mkdirSync(dir, { recursive: true });
  const h = crypto.createHash('sha1').update(buf).digest('hex');
  fs.writeFileSync(path.join(dir, h), buf);
}

fs.rmSync(seedsDir, { recursive: true, force: true });
for (const t of texts)
  for (const target of ['ydoc', 'suppress', 'check']) writeSeed(target, t.buf);

// ---- variables: the values that hold one ----
const values = new Set([
  '${self:custom.a, \'x\'}', '\\${self:x}', '${AWS::Region}', '${!Literal}', '{$self:x}',
  '${}', '${self:a:b}', '${opt:stage, self:provider.stage, "dev"}', '${file(./a.yml):b}',
  '${env:A, ${env:B, ${env:C, null}}}', '${self:x', '${unknown:x}', '${sls:stage}-${aws:region}',
  '${param(a, b):c}', '${self:a, 1}, ${self:b, true}', '${x::y}',
]);
for (const t of texts) {
  for (const line of t.buf.toString('utf8').split(/\r?\n|\r/)) {
    if (!line.includes('${') && !line.includes('{$')) continue;
    let v = line.replace(/^\s*(- )?/, '');
    const colon = v.indexOf(': ');
    if (colon >= 0 && colon < v.indexOf('$')) v = v.slice(colon + 2);
    v = v.trim();
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    values.add(v);
  }
}
for (const v of values) writeSeed('vars', Buffer.from(v));

// ---- language server sessions ----
const msg = (m) => JSON.stringify(Object.assign({ jsonrpc: '2.0' }, m));
function session(text, i) {
  const uri = 'file://@W@/serverless.yml';
  const utf8 = i % 2 === 1;
  const lines = text.split('\n');
  // positions on a few lines holding values, keys, variables and handlers
  const pos = [];
  lines.forEach((l, n) => {
    const c = l.indexOf(': ');
    if (l.includes('${') || l.includes('handler:') || (c > 0 && n % 7 === 0))
      pos.push({ line: n, character: l.includes('${') ? l.indexOf('${') + 3 : c + 3 });
  });
  const some = pos.slice(0, 6);
  let id = 1;
  const out = [
    msg({ id: id++, method: 'initialize', params: {
      processId: null, rootUri: 'file://@W@',
      capabilities: {
        general: { positionEncodings: utf8 ? ['utf-8', 'utf-16'] : ['utf-16'] },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: i % 3 === 0 } },
      },
      initializationOptions: i % 4 === 0 ? { asOf: '2026-11-23', rules: { WS001: 'off' } } : null,
    } }),
    msg({ method: 'initialized', params: {} }),
    '',
    msg({ method: 'textDocument/didOpen', params: { textDocument: {
      uri, languageId: 'yaml', version: 1, text } } }),
    '',
  ];
  for (const p of some) {
    out.push(msg({ id: id++, method: 'textDocument/hover', params: { textDocument: { uri }, position: p } }));
    out.push(msg({ id: id++, method: 'textDocument/definition', params: { textDocument: { uri }, position: p } }));
    out.push(msg({ id: id++, method: 'textDocument/completion', params: { textDocument: { uri }, position: p } }));
  }
  out.push(msg({ id: id++, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } }));
  out.push(msg({ id: id++, method: 'textDocument/codeAction', params: {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
    context: { diagnostics: [] } } }));
  out.push('');
  // an edit burst: typing, then a full replacement
  const p = some[0] || { line: 0, character: 0 };
  out.push(msg({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: p, end: p }, text: '${' }] } }));
  out.push(msg({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: p, end: { line: p.line, character: p.character + 2 } }, text: '' }] } }));
  out.push('');
  out.push(msg({ id: id++, method: 'textDocument/hover', params: { textDocument: { uri }, position: p } }));
  out.push(msg({ method: 'workspace/didChangeConfiguration', params: { settings: { slsws: {
    asOf: '2026-11-23', noSources: i % 5 === 0, rules: { WS099: 'info', nonsense: 'x' } } } } }));
  out.push(msg({ method: 'workspace/didChangeWatchedFiles', params: { changes: [
    { uri: 'file://@W@/src/chat.js', type: 2 }, { uri: 'file://@W@/.slsws.yml', type: 1 }] } }));
  out.push(msg({ method: 'textDocument/didSave', params: { textDocument: { uri } } }));
  out.push('');
  out.push(msg({ method: 'textDocument/didClose', params: { textDocument: { uri } } }));
  out.push(msg({ id: id++, method: 'shutdown' }));
  out.push(msg({ method: 'exit' }));
  return out.join('\n') + '\n';
}

const sessions = [];
texts.forEach((t, i) => {
  const s = t.buf.toString('utf8');
  if (s.length > 32768) return;
  sessions.push(session(s, i));
});
for (const s of sessions) writeSeed('lsp', Buffer.from(s));
// misbehaving clients
writeSeed('lsp', Buffer.from([
  msg({ id: 1, method: 'textDocument/hover', params: {} }),
  msg({ id: 2, method: 'initialize', params: {} }),
  msg({ id: 3, method: 'initialize', params: {} }),
  '[1, 2]', '{"jsonrpc": "2.0"}', '{"id": 4}', 'not json', '!Content-Length: x', '!',
  msg({ id: 5, method: 'textDocument/hover', params: 7 }),
  msg({ id: 6, method: 'no/such/method', params: {} }),
  msg({ method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///nowhere' } } }),
  msg({ id: 7, result: null }), msg({ method: 'exit' }),
].join('\n') + '\n'));

// ---- framing: sessions as the server reads them, and broken headers ----
const frame = (body) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
sessions.slice(0, 40).forEach((s) => {
  writeSeed('rpc', Buffer.from(s.split('\n').filter((l) => l).map(frame).join('')));
});
const body = msg({ id: 1, method: 'initialize', params: { a: [1, 2.5, 'é', null, true] } });
for (const raw of [
  frame(body) + frame(body),
  `content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`,
  `Content-Length: ${body.length}\n\n${body}`,
  `\r\n\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  `Content-Length: -1\r\n\r\n${body}`, `Content-Length: 99999999999\r\n\r\n${body}`,
  `Content-Length: 5x\r\n\r\n${body}`, `Content-Type: x\r\n\r\n${body}`,
  `Content-Length: ${body.length + 10}\r\n\r\n${body}`, `Content-Length: 3\r\n\r\n{}x`,
  `Content-Length: 67108865\r\n\r\n`, 'Content-Length: 2\r\n\r\n[]', 'x'.repeat(3000) + '\r\n\r\n',
]) writeSeed('rpc', Buffer.from(raw));

// ---- the work directory ----
fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
const merge = [...walk(path.join(root, 'tests/rules')).map((f) => [f, path.join(root, 'tests/rules')]),
  ...walk(path.join(root, 'tests/projects')).map((f) => [f, path.join(root, 'tests/projects')]),
  ...walk(path.join(root, 'tests/lsp/handlers-service')).map((f) => [f, path.join(root, 'tests/lsp')])];
for (const [f, base] of merge) {
  if (/\.(out|fixed)$|(^|\/)expected$|(^|\/)select$/.test(f)) continue;
  // drop the fixture directory: tests/rules/WS061/src/chat.js -> src/chat.js
  const rel = path.relative(base, f).split(path.sep).slice(1).join(path.sep);
  if (!rel) continue;
  const dest = path.join(workDir, rel);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(f, dest);
}
const count = (t) => {
  try { return fs.readdirSync(path.join(seedsDir, t)).length; } catch { return 0; }
};
console.log(`seeds: ${['ydoc', 'vars', 'suppress', 'rpc', 'lsp', 'check']
  .map((t) => `${t} ${count(t)}`).join(', ')}`);
