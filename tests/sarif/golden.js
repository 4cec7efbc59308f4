// Prints a SARIF log from `slsws check --format sarif` (stdin) for a golden
// test (tests/cli/sarif-*): exact, except that driver.rules, which lists every
// registered rule with its whole page, keeps only the rules the results use.
// What it leaves out is checked here instead, and a broken check prints a
// line starting "GOLDEN:" that fails the test:
//   - driver.rules holds every rule of `$SLSWS rules --format json`, in order;
//   - help.text and help.markdown of a kept rule are its rules/CODE.md page
//     (printed as "<rules/CODE.md>");
//   - each result's ruleIndex points at the rule of its ruleId (printed as
//     "<index of CODE>", so a new rule elsewhere in the registry changes
//     nothing here).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const log = JSON.parse(fs.readFileSync(0, 'utf8'));
const problems = [];
const registered = JSON.parse(execFileSync(process.env.SLSWS, ['rules', '--format', 'json'],
                                           { encoding: 'utf8' }));
const driver = log.runs[0].tool.driver;
const ids = driver.rules.map((r) => r.id);
const want = registered.map((r) => r.code);
if (JSON.stringify(ids) !== JSON.stringify(want))
    problems.push(`driver.rules lists ${ids.join(',')}; the registry has ${want.join(',')}`);
const used = new Set();
for (const r of log.runs[0].results) {
    if (driver.rules[r.ruleIndex] && driver.rules[r.ruleIndex].id === r.ruleId)
        r.ruleIndex = `<index of ${r.ruleId}>`;
    else
        problems.push(`result ${r.ruleId} has ruleIndex ${r.ruleIndex}`);
    used.add(r.ruleId);
}
driver.rules = driver.rules.filter((r) => used.has(r.id));
for (const r of driver.rules) {
    const page = fs.readFileSync(path.join(ROOT, 'rules', `${r.id}.md`), 'utf8');
    for (const k of ['text', 'markdown']) {
        if (r.help && r.help[k] === page)
            r.help[k] = `<rules/${r.id}.md>`;
        else
            problems.push(`help.${k} of ${r.id} is not rules/${r.id}.md`);
    }
}
for (const p of problems)
    console.log(`GOLDEN: ${p}`);
console.log(JSON.stringify(log, null, 2));
