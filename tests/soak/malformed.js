'use strict';
/*
 * The malformed messages of the LSP soak test (soak.js), each with what the
 * server must answer: the codes of its error replies without an id (errors;
 * null: not checked, for random bytes) and a check of the replies to the
 * requests it sends. After each one, soak.js also asserts that a valid
 * request gets its usual answer and that the edited document is unchanged.
 * Bodies that must never be run are requests with a "junk-" id: an answer
 * to one of them fails the test, as nobody waits for it.
 */
function malformed({ DOC, STABLE, rnd, int }) {
    let junk = 0;
    const pos = (line, character) => ({ line, character });
    const hover = (doc, id, position = pos(0, 0)) =>
        ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: doc.uri }, position } });
    const junkBody = () => Buffer.from(JSON.stringify(hover(STABLE, `junk-${junk++}`)));
    const frame = (body, len) => {
        body = Buffer.isBuffer(body) ? body : Buffer.from(body);
        return Buffer.concat([Buffer.from(`Content-Length: ${len === undefined ? body.length : len}\r\n\r\n`), body]);
    };
    const bytes = (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v));
    const raw = (...parts) => async (io) => io.sendRaw(Buffer.concat(parts.map((p) => bytes(typeof p === 'function' ? p() : p))));
    /* every reply has a result (no error) */
    const results = (what) => (replies, check, show) => {
        for (const r of replies)
            check('result' in r && !r.error, `${what}: answered with a result`, show(r));
    };
    const errorCodes = (codes, what) => (replies, check, show) =>
        check(JSON.stringify(replies.map((r) => r.error && r.error.code)) === JSON.stringify(codes), what, show(replies));
    const td = { uri: DOC.uri };

    return [
        { name: 'a body that is not JSON', errors: [-32700], send: raw(() => frame('{"jsonrpc":"2.0","id":')) },
        { name: 'JSON with trailing bytes', errors: [-32700], send: raw(() => frame(Buffer.concat([junkBody(), Buffer.from(' }x')]))) },
        { name: 'a JSON scalar', errors: [-32700], send: raw(() => frame('42')) },
        { name: 'an empty body', errors: [-32700], send: raw(() => frame('')) },
        { name: 'a body with invalid UTF-8', errors: [-32700],
          send: raw(() => frame(Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":"junk-u","method":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))) },
        { name: 'a batch', errors: [-32600], send: raw(() => frame(`[${junkBody()}]`)) },
        { name: 'an empty batch', errors: [-32600], send: raw(() => frame('[]')) },
        { name: 'Content-Length that is not a number', errors: [-32700], send: raw('Content-Length: abc\r\n\r\n', junkBody) },
        { name: 'a negative Content-Length', errors: [-32700], send: raw('Content-Length: -5\r\n\r\n', junkBody) },
        { name: 'a Content-Length beyond 64 bits', errors: [-32700], send: raw('Content-Length: 99999999999999999999\r\n\r\n', junkBody) },
        { name: 'a Content-Length too short', errors: [-32700], send: raw(() => { const b = junkBody(); return frame(b, b.length - 9); }) },
        /* the server reads 12 bytes of the next message's header: that one
           (a notification nobody misses) is lost too, and nothing more */
        { name: 'a Content-Length too long', errors: [-32700, -32700],
          send: raw(() => { const b = junkBody(); return frame(b, b.length + 12); },
              () => frame(JSON.stringify({ jsonrpc: '2.0', method: '$/sacrifice', params: {} }))) },
        { name: 'no Content-Length header', errors: [-32700], send: raw('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', junkBody) },
        { name: 'a truncated header', errors: [-32700], send: raw('Content-Len\r\n\r\n') },
        { name: 'a header without its blank line', errors: [], send: raw(() => `Content-Length: ${junkBody().length}\r\n`, junkBody) },
        { name: 'stray blank lines', errors: [], send: raw('\r\n\r\n\n') },
        { name: 'a 10 KB header line', errors: [],
          send: async (io) => {
              const p = io.response('long-header');
              await io.sendRaw(Buffer.concat([Buffer.from(`X-Junk: ${'j'.repeat(10000)}\r\n`), frame(JSON.stringify(hover(STABLE, 'long-header')))]));
              return [await p];
          },
          check: results('a request after a 10 KB header line') },
        { name: 'random bytes', errors: null,
          send: raw(() => Buffer.from(Array.from({ length: 2048 + int(4096) }, () => int(256)))) },
        { name: 'params of the wrong type', errors: [],
          send: (io) => Promise.all([
              io.call('textDocument/hover', []),
              io.call('textDocument/hover'),
              io.call('textDocument/documentSymbol', null),
              io.call('textDocument/hover', { textDocument: 5, position: 'x' }),
              io.call('textDocument/completion', { textDocument: td, position: { line: '1', character: null } }),
              io.call('textDocument/definition', { textDocument: td, position: pos(-1, -1) }),
              io.call('textDocument/documentSymbol', { textDocument: { uri: 42 } }),
              io.call('textDocument/codeAction', { textDocument: td, range: 5, context: [] }),
              io.call('textDocument/codeAction', { textDocument: td, range: { start: pos(0, 0), end: pos(0, 1) }, context: { diagnostics: [5, { range: 'x' }] } }),
          ]),
          check: (replies, check, show) => {
              errorCodes([-32602, -32602, -32602], 'requests without params object get -32602')(replies.slice(0, 3), check, show);
              results('requests with params of the wrong type')(replies.slice(3), check, show);
          } },
        { name: 'notifications with contents of the wrong type', errors: [],
          send: async (io) => {
              await io.notify('textDocument/didChange', { textDocument: td, contentChanges: 'x' });
              await io.notify('textDocument/didChange', { textDocument: { uri: DOC.uri, version: 'v' }, contentChanges: [5, null, { text: 5 },
                  { range: 'x', text: 'zz' }, { range: { start: pos('0', 0), end: pos(0, 0) }, text: 'zz' },
                  { range: { start: pos(-1, 0), end: pos(0, 0) }, text: 'zz' }, { range: { start: pos(0, 0) }, text: 'zz' }] });
              await io.notify('textDocument/didChange', { textDocument: 5, contentChanges: [{ text: '' }] });
              await io.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere/serverless.yml' }, contentChanges: [{ text: '' }] });
              await io.notify('textDocument/didChange', []);
              await io.notify('textDocument/didOpen', { textDocument: { uri: DOC.uri, text: 5 } });
              await io.notify('textDocument/didOpen', { textDocument: 'x' });
              await io.notify('textDocument/didClose', { textDocument: 7 });
              await io.notify('textDocument/didSave', { textDocument: { uri: 9 } });
              await io.notify('workspace/didChangeWatchedFiles', { changes: [5, { uri: null }, { uri: 'http://x/y' }] });
              await io.notify('workspace/didChangeConfiguration', { settings: [] });
              return [];
          } },
        /* valid JSON an editor sends for a NUL character: inserted, then
           deleted again in the same message */
        { name: 'a change with NUL characters', errors: [],
          send: (io) => io.notify('textDocument/didChange', { textDocument: { uri: DOC.uri, version: DOC.version }, contentChanges: [
              { range: { start: pos(0, 0), end: pos(0, 0) }, text: 'a\u0000\u0000b' },
              { range: { start: pos(0, 0), end: pos(0, 4) }, text: '' }] }) },
        { name: 'unknown methods',  errors: [],
          send: async (io) => {
              await io.notify('slsws/nothing', {});
              return Promise.all([io.call('slsws/nothing', {}), io.call('$/nothing', {}), io.call('', {})]);
          },
          check: errorCodes([-32601, -32601, -32601], 'unknown requests get -32601') },
        { name: 'a method that is not a string', errors: [],
          send: async (io) => {
              const p = io.response('mt');
              await io.sendMsg({ jsonrpc: '2.0', id: 'mt', method: 5 });
              return [await p];
          },
          check: errorCodes([-32600], 'a method that is not a string gets -32600') },
        { name: 'huge and odd ids', errors: [-32700],
          send: async (io) => {
              const replies = await Promise.all([9007199254740991, -7, 0, 1e300, 'i'.repeat(100000), '', '\u00e9\ud83d\ude00']
                  .map((id) => io.call('textDocument/hover', hover(STABLE, 0).params, id)));
              /* 2^63 does not fit an integer: refused as JSON */
              await io.sendRaw(frame(`{"jsonrpc":"2.0","id":9223372036854775808,"method":"textDocument/hover","params":${JSON.stringify(hover(STABLE, 0).params)}}`));
              return replies;
          },
          check: results('requests with huge or odd ids') },
        { name: 'notifications sent with ids', errors: [],
          send: (io) => Promise.all([
              io.call('initialized', {}),
              io.call('textDocument/didChange', { textDocument: { uri: DOC.uri, version: 1e9 }, contentChanges: [{ text: 'service: changed\n' }] }),
              io.call('textDocument/didClose', { textDocument: td }),
              io.call('$/cancelRequest', { id: 1 }),
          ]),
          check: errorCodes([-32601, -32601, -32601, -32601], 'notifications sent as requests get -32601 and do nothing') },
        { name: 'initialize again', errors: [],
          send: (io) => Promise.all([io.call('initialize', { capabilities: {} })]),
          check: errorCodes([-32600], 'a second initialize gets -32600') },
        { name: 'positions out of range', errors: [],
          send: (io) => {
              const far = [pos(1e6, 0), pos(0, 1e6), pos(2 ** 40, 2 ** 40), pos(2 ** 31 - 1, 2 ** 31 - 1), pos(2 ** 53, 0), pos(0.5, 1.5)];
              return Promise.all(far.flatMap((p) => [
                  io.call('textDocument/hover', { textDocument: td, position: p }),
                  io.call('textDocument/completion', { textDocument: td, position: p }),
                  io.call('textDocument/definition', { textDocument: td, position: p }),
                  io.call('textDocument/codeAction', { textDocument: td, range: { start: pos(0, 0), end: p }, context: { diagnostics: [] } }),
                  io.call('textDocument/codeAction', { textDocument: td, range: { start: p, end: p }, context: { diagnostics: [] } }),
              ]));
          },
          check: results('requests at positions out of range') },
        { name: 'responses nobody asked for', errors: [],
          send: async (io) => {
              const p = io.response('no-method');
              await io.sendMsg({ jsonrpc: '2.0', id: 999999, result: null });
              await io.sendMsg({ jsonrpc: '2.0', id: 'x', error: { code: 1, message: 'm' } });
              await io.sendMsg({ jsonrpc: '2.0', id: 'no-method' });
              return [await p];
          },
          check: errorCodes([-32600], 'a message with an id and neither method nor result gets -32600') },
        { name: 'a request cancelled at once', errors: [],
          send: async (io) => {
              const p = io.call('textDocument/documentSymbol', { textDocument: td }, 'cancelled');
              await io.notify('$/cancelRequest', { id: 'cancelled' });
              return [await p];
          },
          check: (replies, check, show) => check('result' in replies[0] || (replies[0].error && replies[0].error.code === -32800),
              'a cancelled request gets its result or -32800', show(replies)) },
    ];
}

module.exports = { malformed };
