import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseRunbook } from '../../src/runbook/load.js';

// A valid head (lines 1-4); each case adds steps from line 5. Every case holds exactly one mistake,
// so it must give exactly one diagnostic.
const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nsteps:\n';
const ok = (steps: string) => HEAD + steps;

interface Case {
  name: string;
  text: string;
  at: string; // line:col
  message: string;
  path?: string;
  hint?: string;
}

const cases: Case[] = [
  { name: 'unclosed flow sequence', text: ok('  - id: a\n    run: [x\n  - id: b\n    run: y\n'), at: '7:3', message: 'Flow sequence' },
  { name: 'tab indentation', text: ok('  - id: a\n\t run: x\n'), at: '6:1', message: 'Tabs are not allowed', hint: 'spaces' },
  { name: 'duplicate key', text: 'apiVersion: opsctl/v1\nkind: Runbook\nkind: Runbook\nmetadata: { name: t }\nsteps: [{ id: a, run: x }]\n', at: '3:1', message: 'Map keys must be unique', hint: 'first set at line 2' },
  { name: 'two documents', text: ok('  - { id: a, run: x }\n---\nfoo: 1\n'), at: '6:1', message: 'multiple documents', hint: 'extra "---"' },
  { name: 'empty file', text: '# nothing here\n', at: '1:1', message: 'the file is empty' },
  { name: 'unknown top-level key', text: ok('  - { id: a, run: x }\nparam: {}\n'), at: '6:1', message: 'unknown field "param"', path: 'param', hint: 'did you mean "params"?' },
  { name: 'unknown step key with suggestion', text: ok('  - id: a\n    run: x\n    timeuot: 5m\n'), at: '7:5', message: 'unknown field "timeuot"', path: 'steps[0].timeuot', hint: 'did you mean "timeout"?' },
  { name: 'missing step id', text: ok('  - run: x\n'), at: '5:5', message: 'missing required field "id"', path: 'steps[0].id' },
  { name: 'bad id characters', text: ok('  - id: "back up"\n    run: x\n'), at: '5:9', message: 'expected an id of letters', path: 'steps[0].id' },
  { name: 'step with no kind', text: ok('  - id: a\n    sudo: true\n'), at: '5:5', message: 'a step needs exactly one of: run, copy', path: 'steps[0]' },
  { name: 'no kind, kind key misspelt', text: ok('  - id: a\n    rn: hostname\n'), at: '5:5', message: 'a step needs exactly one of', hint: 'did you mean "run" instead of "rn"?' },
  { name: 'step with two kinds', text: ok('  - id: a\n    run: x\n    assert: y\n'), at: '5:5', message: 'a step carries several kinds (run, assert); keep one' },
  { name: 'step is a string', text: ok('  - hostname\n'), at: '5:5', message: 'expected a step (a mapping', path: 'steps[0]' },
  { name: 'command is a number', text: ok('  - id: a\n    run: 42\n'), at: '6:10', message: 'expected string, found number 42', hint: 'quote the value' },
  { name: 'unquoted template', text: ok('  - id: a\n    run: {{ params.host }}\n'), at: '6:5', message: 'expected string, found mapping', hint: 'must be quoted' },
  { name: 'retries is a string', text: ok('  - id: a\n    run: x\n    retries: many\n'), at: '7:14', message: 'expected number, found string "many"', path: 'steps[0].retries' },
  { name: 'retries not an integer', text: ok('  - id: a\n    run: x\n    retries: 1.5\n'), at: '7:14', message: 'expected integer, found number 1.5' },
  { name: 'yes for a boolean', text: ok('  - id: a\n    run: x\n    sudo: yes\n'), at: '7:11', message: 'expected boolean, found string "yes"', hint: 'write true or false' },
  { name: 'bad duration', text: ok('  - id: a\n    run: x\n    timeout: 5 minutes\n'), at: '7:14', message: 'expected a duration like 30s', path: 'steps[0].timeout' },
  { name: 'bad wait interval', text: ok('  - id: w\n    wait: { run: x, interval: soon }\n'), at: '6:31', message: 'found "soon"', path: 'steps[0].wait.interval' },
  { name: 'unknown wait field lists the valid ones', text: ok('  - id: w\n    wait: { run: x, every: 5s }\n'), at: '6:21', message: 'unknown field "every"', hint: 'expected one of: run, until, interval, timeout, message' },
  { name: 'bad copy mode', text: ok('  - id: c\n    copy: { src: a, dest: b, mode: rwx }\n'), at: '6:36', message: 'expected an octal mode like "0644", found string "rwx"', path: 'steps[0].copy.mode' },
  { name: 'foreach with serial and parallel', text: ok('  - id: f\n    foreach:\n      items: [a, b]\n      as: m\n      serial: 1\n      parallel: 2\n      steps: [{ id: g, run: x }]\n'), at: '6:5', message: 'use serial or parallel, not both', path: 'steps[0].foreach' },
  { name: 'error inside a foreach body', text: ok('  - id: f\n    foreach:\n      items: [a]\n      as: m\n      steps:\n        - id: g\n          run: true\n'), at: '11:16', message: 'expected string, found boolean true', path: 'steps[0].foreach.steps[0].run' },
  { name: 'empty steps', text: 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nsteps: []\n', at: '4:1', message: 'a runbook needs at least one step', path: 'steps' },
  { name: 'wrong apiVersion', text: ok('  - { id: a, run: x }\n').replace('opsctl/v1', 'opsctl/v2'), at: '1:13', message: 'expected apiVersion: opsctl/v1, found string "opsctl/v2"' },
  { name: 'missing apiVersion', text: ok('  - { id: a, run: x }\n').replace('apiVersion: opsctl/v1\n', ''), at: '1:1', message: 'missing required field "apiVersion"', hint: 'expected apiVersion: opsctl/v1' },
  { name: 'misspelt kind', text: ok('  - { id: a, run: x }\n').replace('kind: Runbook', 'kind: Runbok'), at: '2:7', message: 'expected kind: Runbook', hint: 'did you mean "Runbook"?' },
  { name: 'bad metadata.name', text: ok('  - { id: a, run: x }\n').replace('name: t', 'name: Master Backup'), at: '3:19', message: 'expected a kebab-case name', path: 'metadata.name' },
  { name: 'misspelt required key is one mistake', text: ok('  - { id: a, run: x }\n').replace('{ name: t }', '{ nmae: t }'), at: '3:13', message: 'unknown field "nmae"', path: 'metadata.nmae', hint: 'did you mean "name"?' },
  { name: 'misspelt confirm message', text: ok('  - id: c\n    confirm: { mesage: go? }\n'), at: '6:16', message: 'unknown field "mesage"', hint: 'did you mean "message"?' },
  { name: 'a param named kind is not a step kind', text: HEAD.replace('steps:\n', 'params:\n  kind: 5\nsteps: [{ id: a, run: x }]\n'), at: '5:9', message: 'expected mapping, found number 5', path: 'params.kind' },
  { name: 'missing metadata', text: 'apiVersion: opsctl/v1\nkind: Runbook\nsteps: [{ id: a, run: x }]\n', at: '1:1', message: 'missing required field "metadata"' },
  { name: 'duplicate step ids', text: ok('  - id: a\n    run: x\n  - id: a\n    run: y\n'), at: '7:9', message: 'duplicate step id "a"', hint: 'first used at line 5' },
  { name: 'duplicate id inside a foreach', text: ok('  - id: a\n    run: x\n  - id: f\n    foreach: { items: [1], as: i, steps: [{ id: a, run: y }] }\n'), at: '8:49', message: 'duplicate step id "a"', path: 'steps[1].foreach.steps[0].id' },
  { name: 'duplicate id in finally', text: ok('  - { id: a, run: x }\nfinally:\n  - { id: a, run: y }\n'), at: '7:11', message: 'duplicate step id "a"', path: 'finally[0].id' },
  { name: 'bad capture spec', text: ok('  - id: a\n    run: x\n    capture: { h: stdot }\n'), at: '7:19', message: 'expected one of "stdout", "stderr", "exitCode", found string "stdot"', hint: 'did you mean "stdout"?' },
  { name: 'bad capture regex type', text: ok('  - id: a\n    run: x\n    capture: { h: { regex: 1 } }\n'), at: '7:28', message: 'expected string, found number 1', path: 'steps[0].capture.h.regex' },
  { name: 'bad capture name', text: ok('  - id: a\n    run: x\n    capture: { my-hash: stdout }\n'), at: '7:16', message: 'expected a capture name like snapshotHash, found "my-hash"' },
  { name: 'capture name reused', text: ok('  - id: a\n    run: x\n    capture: { h: stdout }\n  - id: b\n    run: y\n    capture: { h: stderr }\n'), at: '10:16', message: 'capture "h" is already set by step "a" at line 7' },
  { name: 'retryDelay without retries', text: ok('  - id: a\n    run: x\n    retryDelay: 5s\n'), at: '7:5', message: 'retryDelay has no effect without retries' },
  { name: 'bad param type', text: HEAD.replace('steps:\n', 'params:\n  host: { type: int }\nsteps: [{ id: a, run: x }]\n'), at: '5:17', message: 'expected one of "string", "number", "boolean", "list", found string "int"', path: 'params.host.type' },
  { name: 'unknown param field', text: HEAD.replace('steps:\n', 'params:\n  host: { type: string, requried: true }\nsteps: [{ id: a, run: x }]\n'), at: '5:25', message: 'unknown field "requried"', hint: 'did you mean "required"?' },
  { name: 'include without runbook', text: ok('  - id: i\n    include: { params: { host: x } }\n'), at: '6:5', message: 'missing required field "runbook"', path: 'steps[0].include.runbook' },
  { name: 'edit with no operation', text: ok('  - id: e\n    edit:\n      path: /etc/x.conf\n'), at: '6:5', message: 'an edit needs at least one of removeLines', path: 'steps[0].edit' },
  { name: 'assert of the wrong type', text: ok('  - id: c\n    assert: 5\n'), at: '6:13', message: 'expected string or mapping, found number 5' },
  { name: 'error in finally', text: ok('  - { id: a, run: x }\nfinally:\n  - id: z\n    run: x\n    okExitCodes: [0, 300]\n'), at: '9:22', message: 'expected a number <= 255, found number 300', path: 'finally[0].okExitCodes[1]' },
];

describe('parseRunbook diagnostics', () => {
  it.each(cases)('$name', (c) => {
    const { runbook, diagnostics } = parseRunbook(c.text, 'rb.yaml');
    const shown = diagnostics.map(formatDiagnostic).join('\n');
    expect(runbook, shown).toBeUndefined();
    expect(diagnostics, shown).toHaveLength(1);
    const d = diagnostics.find((x) => x.message.includes(c.message));
    expect(d, `no diagnostic containing ${JSON.stringify(c.message)} in:\n${shown}`).toBeDefined();
    expect(`${d!.line}:${d!.col}`, shown).toBe(c.at);
    expect(d!.file).toBe('rb.yaml');
    if (c.path) expect(d!.path).toBe(c.path);
    if (c.hint) expect(d!.hint ?? '').toContain(c.hint);
  });

  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));
});
