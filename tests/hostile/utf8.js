// Invalid UTF-8 in every position: writes into DIR, for every byte offset of
// a valid service (the end included) and every kind of invalid sequence
// below, that service with the sequence inserted there (u-OFFSET-KIND.yml),
// then the same for a sample of the offsets of a service of 48 KB (libyaml
// reads 16 KiB at a time: v-OFFSET-KIND.yml), and in DIR/expected the one
// WS090 finding slsws must print for each file, in the order of DIR/list. Where the finding goes is worked out here from
// Unicode's table of well-formed byte sequences (The Unicode Standard,
// table 3-7), not from slsws's decoder: the first byte that starts no
// well-formed sequence, its line, and its column in code points.
// Usage: node utf8.js DIR
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];

// Valid YAML touching every kind of text: comments, keys, plain, quoted and
// block scalars, flow collections, two-, three- and four-byte characters.
const service = Buffer.from(
    '# chat service: café ☕ 😀\n' +
    'service: chat\n' +
    "frameworkVersion: '3'\n" +
    'provider:\n' +
    '  name: aws\n' +
    '  runtime: nodejs20.x\n' +
    '  stage: dév\n' +
    '  environment:\n' +
    '    GREETING: "héllo wörld €"\n' +
    "    TAGS: 'a, b'\n" +
    '    EMOJI: 😀x\n' +
    '    ÜBER: ok  # ✓ done\n' +
    'functions:\n' +
    '  connect:\n' +
    '    handler: h.connect\n' +
    '    description: |\n' +
    '      Connects ünd greets.\n' +
    '    events:\n' +
    '      - websocket:\n' +
    '          route: $connect\n' +
    '  send: {handler: h.send, events: [{websocket: {route: sendMessage}}]}\n',
    'utf8');

const kinds = {
    ff: [0xff],                        // never valid
    cont: [0x80],                      // a continuation byte with no lead
    trunc: [0xe2, 0x82],               // the first two bytes of '€'
    overlong2: [0xc0, 0xaf],           // '/' in two bytes
    overlong3: [0xe0, 0x80, 0xaf],     // '/' in three bytes
    surrogate: [0xed, 0xa0, 0x80],     // U+D800
    toobig: [0xf4, 0x90, 0x80, 0x80],  // U+110000
};

// Length of the well-formed sequence at b[i], or 0 (table 3-7).
function wellFormed(b, i) {
    const c = b[i];
    const inr = (k, lo, hi) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
    if (c <= 0x7f) return 1;
    if (c >= 0xc2 && c <= 0xdf) return inr(1, 0x80, 0xbf) ? 2 : 0;
    const three = (lo, hi) => inr(1, lo, hi) && inr(2, 0x80, 0xbf) ? 3 : 0;
    if (c === 0xe0) return three(0xa0, 0xbf);
    if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return three(0x80, 0xbf);
    if (c === 0xed) return three(0x80, 0x9f);
    const four = (lo, hi) => inr(1, lo, hi) && inr(2, 0x80, 0xbf) && inr(3, 0x80, 0xbf) ? 4 : 0;
    if (c === 0xf0) return four(0x90, 0xbf);
    if (c >= 0xf1 && c <= 0xf3) return four(0x80, 0xbf);
    if (c === 0xf4) return four(0x80, 0x8f);
    return 0;
}

function firstInvalid(b) {
    for (let i = 0; i < b.length;) {
        const k = wellFormed(b, i);
        if (!k) return i;
        i += k;
    }
    return -1;
}

// The small service, then 2,000 more lines of it (a sample of offsets, a
// prime apart, each kind in turn).
const lines = [];
for (let i = 1; i <= 2000; i++) lines.push(`    KEY${i}: "välue ${i}"\n`);
const big = Buffer.concat([service.subarray(0, service.indexOf('functions:')),
                           Buffer.from(lines.join(''), 'utf8'),
                           service.subarray(service.indexOf('functions:'))]);
const cases = [];
for (let off = 0; off <= service.length; off++)
    for (const kind of Object.keys(kinds)) cases.push(['u', service, off, kind]);
for (let off = 0, k = 0; off <= big.length; off += 97, k++)
    cases.push(['v', big, off, Object.keys(kinds)[k % 7]]);
cases.push(['v', big, big.length, 'trunc']);

fs.mkdirSync(dir, { recursive: true });
const list = [];
const expected = [];
for (const [prefix, service, off, kind] of cases) {
    const bytes = kinds[kind];
    {
        const b = Buffer.concat([service.subarray(0, off), Buffer.from(bytes), service.subarray(off)]);
        const bad = firstInvalid(b);
        if (bad < 0) throw new Error(`u-${off}-${kind} is valid UTF-8`);
        const lineStart = bad === 0 ? 0 : b.lastIndexOf(0x0a, bad - 1) + 1;
        const line = b.subarray(0, bad).toString('latin1').split('\n').length;
        const col = [...b.subarray(lineStart, bad).toString('utf8')].length + 1;
        const name = `${prefix}-${String(off).padStart(5, '0')}-${kind}.yml`;
        fs.writeFileSync(path.join(dir, name), b);
        list.push(name);
        const hex = b[bad].toString(16).toUpperCase().padStart(2, '0');
        expected.push(`${name}:${line}:${col}: error: invalid UTF-8 byte 0x${hex}; ` +
                      'save the file as UTF-8 [WS090]');
    }
}
fs.writeFileSync(path.join(dir, 'h.js'),
                 'exports.connect = async () => ({});\nexports.send = async () => ({});\n');
fs.writeFileSync(path.join(dir, 'list'), list.join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'expected'), expected.join('\n') + '\n');
