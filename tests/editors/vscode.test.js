// The VS Code extension as packaged: VSIX (built by `make -C editors/vscode`)
// is listed and unpacked; its manifest must carry the contract's fields, its
// node_modules exactly the production dependencies of package-lock.json,
// and its extension.js, loaded in node with a stub `vscode` module over the
// vscode-languageclient bundled in the package, must create one client
// starting `slsws lsp` for serverless files with the user's settings.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'editors/vscode');
const VSIX = process.env.VSIX;
assert.ok(VSIX && fs.existsSync(VSIX), 'set VSIX to the .vsix built by make -C editors/vscode');

const listing = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n').filter(Boolean);
const UNPACKED = fs.mkdtempSync(path.join(os.tmpdir(), 'slsws-vsix-'));
execFileSync('unzip', ['-q', VSIX, '-d', UNPACKED]);
process.on('exit', () => fs.rmSync(UNPACKED, { recursive: true, force: true }));
const EXT = path.join(UNPACKED, 'extension');
const lock = JSON.parse(fs.readFileSync(path.join(SRC, 'package-lock.json'), 'utf8'));

const WATCHED = '**/{.slsws.yml,*.yml,*.yaml,*.json,*.js,*.mjs,*.cjs,*.ts,*.mts,*.cts,*.py}';

test('the .vsix holds the manifest, extension.js and only the production node_modules', () => {
  for (const f of ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json',
    'extension/extension.js', 'extension/readme.md',
    'extension/node_modules/vscode-languageclient/package.json',
    'extension/node_modules/vscode-languageclient/lib/node/main.js']) {
    assert.ok(listing.includes(f), `${f} is in the .vsix`);
  }
  const top = listing.filter((f) => f.startsWith('extension/') && !f.startsWith('extension/node_modules/'));
  assert.deepEqual(top.sort(), ['extension/extension.js', 'extension/package.json', 'extension/readme.md']);
  assert.equal(listing.filter((f) => /\.d\.ts$|\.map$/.test(f)).length, 0);
  // node_modules/<pkg> (or @scope/pkg) holding a package.json: the packages shipped
  const shipped = listing
    .map((f) => f.match(/^extension\/(node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/))
    .filter(Boolean).map((m) => m[1]).sort();
  const production = Object.entries(lock.packages)
    .filter(([k, v]) => k.startsWith('node_modules/') && !v.dev).map(([k]) => k).sort();
  assert.deepEqual(shipped, production);
  assert.ok(production.includes('node_modules/vscode-languageclient'));
  assert.ok(!production.includes('node_modules/@vscode/vsce'));
  const bundled = JSON.parse(fs.readFileSync(path.join(EXT, 'node_modules/vscode-languageclient/package.json')));
  assert.equal(bundled.version, lock.packages['node_modules/vscode-languageclient'].version);
  assert.equal(bundled.version, '11.0.0');
  assert.equal(fs.readFileSync(path.join(EXT, 'extension.js'), 'utf8'),
    fs.readFileSync(path.join(SRC, 'extension.js'), 'utf8'));
});

test('extension/package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(EXT, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'slsws');
  assert.equal(pkg.publisher, 'slsws');
  assert.equal(pkg.version, '0.1.0');
  assert.equal(pkg.main, './extension.js');
  assert.deepEqual(pkg.engines, { vscode: '^1.91.0' });
  assert.deepEqual(pkg.activationEvents,
    ['workspaceContains:**/serverless.{yml,yaml,json}', 'onLanguage:yaml', 'onLanguage:json']);
  assert.deepEqual(pkg.dependencies, { 'vscode-languageclient': '11.0.0' });
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props),
    ['slsws.path', 'slsws.asOf', 'slsws.rules', 'slsws.noSources', 'slsws.trace.server']);
  assert.deepEqual([props['slsws.path'].type, props['slsws.path'].default], ['string', 'slsws']);
  assert.deepEqual([props['slsws.asOf'].type, props['slsws.asOf'].default], ['string', '']);
  assert.equal(new RegExp(props['slsws.asOf'].pattern).test('2026-11-23'), true);
  assert.equal(new RegExp(props['slsws.asOf'].pattern).test('23.11.2026'), false);
  assert.deepEqual([props['slsws.rules'].type, props['slsws.rules'].default], ['object', {}]);
  assert.deepEqual(props['slsws.rules'].additionalProperties,
    { type: 'string', enum: ['off', 'info', 'warning', 'error'] });
  assert.deepEqual([props['slsws.noSources'].type, props['slsws.noSources'].default], ['boolean', false]);
  assert.deepEqual(props['slsws.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(props['slsws.trace.server'].default, 'off');
  const manifest = fs.readFileSync(path.join(UNPACKED, 'extension.vsixmanifest'), 'utf8');
  assert.match(manifest, /<Identity Language="en-US" Id="slsws" Version="0.1.0" Publisher="slsws"/);
  assert.match(manifest, /<Property Id="Microsoft.VisualStudio.Code.Engine" Value="\^1.91.0" \/>/);
});

// ---- extension.js against a stub `vscode` ----

const settings = {};
const created = [];
const watchers = [];
const configListeners = [];
// any name the bundled vscode-languageclient touches while loading is a
// callable, constructible stub; the names extension.js uses are real
const any = new Proxy(function () {}, {
  get: (t, k) => (k === '__esModule' ? true : k === 'then' ? undefined : any),
  apply: () => any,
  construct: () => any,
});
const workspace = {
  workspaceFolders: [{ uri: { fsPath: '/ws' } }],
  getConfiguration(section) {
    assert.equal(section, 'slsws');
    return { get: (key, dflt) => (settings[key] === undefined ? dflt : settings[key]) };
  },
  createFileSystemWatcher(glob) {
    const w = { glob, disposed: false, dispose() { this.disposed = true; } };
    watchers.push(w);
    return w;
  },
  onDidChangeConfiguration(fn) {
    configListeners.push(fn);
    return { dispose() {} };
  },
};
const vscodeStub = new Proxy({ workspace }, {
  get: (t, k) => (k in t ? t[k] : k === '__esModule' ? true : any),
});
const load = Module._load;
Module._load = function (request) {
  return request === 'vscode' ? vscodeStub : load.apply(this, arguments);
};
// the real vscode-languageclient of the package, with its client class
// replaced by one that records what the extension asks for
const extRequire = Module.createRequire(path.join(EXT, 'extension.js'));
const lc = extRequire('vscode-languageclient/node');
const realTransport = lc.TransportKind;
class RecordingClient {
  constructor(...args) {
    this.args = args;
    this.calls = [];
    created.push(this);
  }
  start() { this.calls.push('start'); return Promise.resolve(); }
  stop() { this.calls.push('stop'); return Promise.resolve(); }
  dispose() { this.calls.push('dispose'); return Promise.resolve(); }
}

test('the bundled vscode-languageclient/node loads and exports what extension.js uses', () => {
  assert.equal(typeof lc.LanguageClient, 'function');
  assert.equal(lc.LanguageClient.name, 'LanguageClient');
  assert.equal(realTransport.stdio, 0);
});

test('activate starts one client: slsws lsp over stdio, serverless files only, settings', async () => {
  lc.LanguageClient = RecordingClient;
  const ext = extRequire('./extension.js');
  const context = { subscriptions: [] };
  await ext.activate(context);
  assert.equal(created.length, 1);
  const [id, name, serverOptions, clientOptions] = created[0].args;
  assert.equal(created[0].args.length, 4);
  assert.equal(id, 'slsws');
  assert.equal(name, 'slsws');
  assert.deepEqual(serverOptions, { command: 'slsws', args: ['lsp'], transport: realTransport.stdio });
  assert.deepEqual(clientOptions.documentSelector,
    [{ scheme: 'file', pattern: '**/serverless.{yml,yaml,json}' }]);
  assert.deepEqual(Object.keys(clientOptions).sort(),
    ['documentSelector', 'initializationOptions', 'synchronize']);
  assert.equal(clientOptions.synchronize.configurationSection, 'slsws');
  assert.equal(watchers.length, 1);
  assert.equal(watchers[0].glob, WATCHED);
  assert.equal(clientOptions.synchronize.fileEvents, watchers[0]);
  assert.deepEqual(created[0].calls, ['start']);
  assert.equal(context.subscriptions.length, 2);
  assert.equal(context.subscriptions[0], watchers[0]);
  assert.equal(configListeners.length, 1);

  // initializationOptions is read when the client (re)starts: only what is set
  assert.equal(typeof clientOptions.initializationOptions, 'function');
  assert.deepEqual(clientOptions.initializationOptions(), {});
  Object.assign(settings, { asOf: '2026-11-23', rules: { WS070: 'off', WS035: 'error' }, noSources: true });
  assert.deepEqual(clientOptions.initializationOptions(),
    { asOf: '2026-11-23', rules: { WS070: 'off', WS035: 'error' }, noSources: true });
  Object.assign(settings, { asOf: '', rules: {}, noSources: false });
  assert.deepEqual(clientOptions.initializationOptions(), {});

  // other settings leave the server alone; slsws.path restarts it
  await configListeners[0]({ affectsConfiguration: (s) => s === 'slsws.rules' });
  assert.equal(created.length, 1);
  settings.path = 'build/slsws';
  await configListeners[0]({ affectsConfiguration: (s) => s === 'slsws.path' || s === 'slsws' });
  assert.equal(created.length, 2);
  assert.deepEqual(created[0].calls, ['start', 'dispose']);
  assert.deepEqual(created[1].calls, ['start']);
  assert.deepEqual(created[1].args[2], { command: '/ws/build/slsws', args: ['lsp'], transport: 0 });
  assert.equal(created[1].args[3].synchronize.fileEvents, watchers[0]);
  settings.path = '/opt/slsws/bin/slsws';
  assert.equal(ext.serverCommand(), '/opt/slsws/bin/slsws');
  settings.path = '';
  assert.equal(ext.serverCommand(), 'slsws');

  await ext.deactivate();
  assert.deepEqual(created[1].calls, ['start', 'stop']);
});
