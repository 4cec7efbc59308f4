// The slsws extension for VS Code: starts `slsws lsp` (the binary named by
// the slsws.path setting) through vscode-languageclient for serverless.yml,
// serverless.yaml and serverless.json files only, whatever language mode
// they are in, so yaml-language-server keeps every other YAML file. The
// settings slsws.asOf, slsws.rules and slsws.noSources go to the server as
// initializationOptions and again, on every change, as the "slsws" section
// of workspace/didChangeConfiguration; changing slsws.path restarts the
// server. Plain JavaScript: nothing to compile.
'use strict';

const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const SERVICE_FILES = '**/serverless.{yml,yaml,json}';
// what a service reads besides itself: the config file, included YAML/JSON,
// handler sources and package.json (the server re-checks the services using them)
const WATCHED = '**/{.slsws.yml,*.yml,*.yaml,*.json,*.js,*.mjs,*.cjs,*.ts,*.mts,*.cts,*.py}';

let client;

// The server command: a bare name is looked up on PATH, a relative path
// with a directory part is taken from the first workspace folder.
function serverCommand() {
  const p = vscode.workspace.getConfiguration('slsws').get('path', 'slsws') || 'slsws';
  const folders = vscode.workspace.workspaceFolders;
  if (!path.isAbsolute(p) && p.includes('/') && folders && folders.length > 0) {
    return path.join(folders[0].uri.fsPath, p);
  }
  return p;
}

// The server's settings (LSP.md): only what the user set, so the server's
// own defaults (today, every rule's severity, sources read) apply otherwise.
function serverSettings() {
  const cfg = vscode.workspace.getConfiguration('slsws');
  const settings = {};
  const asOf = cfg.get('asOf', '');
  if (asOf) settings.asOf = asOf;
  const rules = cfg.get('rules', {});
  if (rules && Object.keys(rules).length > 0) settings.rules = rules;
  if (cfg.get('noSources', false)) settings.noSources = true;
  return settings;
}

function createClient(watcher) {
  const serverOptions = { command: serverCommand(), args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', pattern: SERVICE_FILES }],
    initializationOptions: serverSettings,
    synchronize: {
      configurationSection: 'slsws',
      fileEvents: watcher,
    },
  };
  return new LanguageClient('slsws', 'slsws', serverOptions, clientOptions);
}

function activate(context) {
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  client = createClient(watcher);
  context.subscriptions.push(
    watcher,
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('slsws.path')) return;
      const old = client;
      client = createClient(watcher);
      if (old) await old.dispose();
      await client.start();
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand, serverSettings };
