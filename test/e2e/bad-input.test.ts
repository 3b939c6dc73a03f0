// Every malformed input gets exit 2 and a one-line cause with its position — never a stack trace,
// and nothing is run or written to the run store.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, runIds, tempDir } from './cli.js';

const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\n';
const OK_STEPS = 'steps:\n  - id: a\n    run: "true"\n';

interface Case {
  name: string;
  runbook?: string;
  inventory?: string;
  inventoryName?: string;
  args?: string[];
  /** Regex the first error line must match; `FILE`/`INV` stand for the paths. */
  expect: string;
}

const cases: Case[] = [
  { name: 'yaml syntax: unclosed flow map', runbook: HEAD + 'steps:\n  - { id: a, run: x\n', expect: 'FILE:[56]:\\d+' },
  { name: 'yaml: tab indentation', runbook: HEAD + 'steps:\n\t- id: a\n', expect: 'FILE:[56]:\\d+' },
  { name: 'yaml: duplicate key', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n    run: y\n', expect: 'FILE:7:5' },
  { name: 'wrong apiVersion', runbook: 'apiVersion: opsctl/v2\nkind: Runbook\nmetadata: { name: t }\n' + OK_STEPS, expect: 'FILE:1:\\d+.*opsctl/v1' },
  { name: 'wrong kind', runbook: 'apiVersion: opsctl/v1\nkind: Playbook\nmetadata: { name: t }\n' + OK_STEPS, expect: 'FILE:2:\\d+.*Runbook' },
  { name: 'bad metadata.name', runbook: 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: Bad_Name }\n' + OK_STEPS, expect: 'FILE:3:\\d+.*kebab' },
  { name: 'unknown top-level key', runbook: HEAD + 'stpes: []\n' + OK_STEPS, expect: 'FILE:4:1.*stpes' },
  { name: 'unknown step key with suggestion', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n    timeuot: 5s\n', expect: 'FILE:7:5.*timeout' },
  { name: 'missing step id', runbook: HEAD + 'steps:\n  - run: x\n', expect: 'FILE:5:\\d+.*id' },
  { name: 'bad step id', runbook: HEAD + 'steps:\n  - id: "a b"\n    run: x\n', expect: 'FILE:5:\\d+.*id' },
  { name: 'step without a kind', runbook: HEAD + 'steps:\n  - id: a\n    sudo: true\n', expect: 'FILE:5:\\d+.*exactly one of' },
  { name: 'step with two kinds', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n    assert: y\n', expect: 'FILE:5:\\d+.*(several|one of)' },
  { name: 'run is not a string', runbook: HEAD + 'steps:\n  - id: a\n    run: [1, 2]\n', expect: 'FILE:6:\\d+.*string' },
  { name: 'bad duration', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n    timeout: soon\n', expect: 'FILE:7:\\d+.*duration' },
  { name: 'negative retries', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n    retries: -1\n', expect: 'FILE:7:\\d+' },
  { name: 'bad copy mode', runbook: HEAD + 'steps:\n  - id: a\n    copy: { src: a, dest: /b, mode: rw }\n', expect: 'FILE:6:\\d+.*mode' },
  { name: 'edit without an operation', runbook: HEAD + 'steps:\n  - id: a\n    edit: { path: /etc/x }\n', expect: 'FILE:6:\\d+.*at least one' },
  { name: 'foreach serial and parallel', runbook: HEAD + 'steps:\n  - id: a\n    foreach: { items: [x], as: i, serial: 1, parallel: 2, steps: [{ id: b, run: x }] }\n', expect: 'FILE:6:\\d+.*serial or parallel' },
  { name: 'nested foreach step error', runbook: HEAD + 'steps:\n  - id: a\n    foreach:\n      items: [x]\n      as: i\n      steps:\n        - id: b\n          run: 3\n', expect: 'FILE:11:\\d+' },
  { name: 'duplicate step ids', runbook: HEAD + 'steps:\n  - id: a\n    run: x\n  - id: a\n    run: y\n', expect: 'FILE:7:\\d+.*a' },
  { name: 'include without runbook', runbook: HEAD + 'steps:\n  - id: a\n    include: { params: {} }\n', expect: 'FILE:6:\\d+.*runbook' },
  { name: 'bad param type', runbook: HEAD + 'params:\n  x: { type: integer }\n' + OK_STEPS, expect: 'FILE:[56]:\\d+' },
  { name: 'empty steps', runbook: HEAD + 'steps: []\n', expect: 'FILE:4:\\d+.*at least one step' },
  { name: 'template: undefined param', runbook: HEAD + 'steps:\n  - id: a\n    run: echo {{ params.nope }}\n', expect: 'FILE(:\\d+:\\d+)?.*params\\.nope' },
  { name: 'template: unclosed braces', runbook: HEAD + 'steps:\n  - id: a\n    run: echo {{ params.x\n', expect: 'FILE(:\\d+:\\d+)?.*' },
  { name: 'template: unknown filter', runbook: HEAD + 'params:\n  x: { default: a }\nsteps:\n  - id: a\n    run: echo {{ params.x | shout }}\n', expect: 'FILE(:\\d+:\\d+)?.*shout' },
  { name: 'on: unknown target', runbook: HEAD + 'steps:\n  - id: a\n    on: mastrs\n    run: x\n', expect: 'FILE(:\\d+:\\d+)?.*mastrs' },
  { name: 'missing required param', runbook: HEAD + 'params:\n  host: { type: string, required: true }\n' + OK_STEPS, expect: 'FILE.*host.*required|required.*host' },
  { name: 'unknown param', runbook: HEAD + 'params:\n  host: { type: string }\n' + OK_STEPS, args: ['-p', 'hots=x'], expect: 'hots.*host' },
  { name: 'param not a number', runbook: HEAD + 'params:\n  n: { type: number }\n' + OK_STEPS, args: ['-p', 'n=abc'], expect: 'n.*number' },
  { name: 'param flag without =', runbook: HEAD + OK_STEPS, args: ['-p', 'novalue'], expect: 'novalue' },
  { name: 'param not in enum', runbook: HEAD + 'params:\n  mode: { enum: [host, pod] }\n' + OK_STEPS, args: ['-p', 'mode=kube'], expect: 'mode.*(host|pod)' },
  { name: 'runbook file missing', args: [], runbook: undefined, expect: 'nope\\.yaml' },
  { name: 'inventory: unclosed section', runbook: HEAD + OK_STEPS, inventory: '[masters\nmaster-0\n', expect: 'INV:1:\\d+' },
  { name: 'inventory: bad host range', runbook: HEAD + OK_STEPS, inventory: '[masters]\nmaster-[0:x]\n', expect: 'INV:2:\\d+' },
  { name: 'inventory: malformed var', runbook: HEAD + OK_STEPS, inventory: '[masters]\nmaster-0 ansible_port\n', expect: 'INV:2:\\d+' },
  { name: 'inventory: opsctl yaml unknown key', runbook: HEAD + OK_STEPS, inventoryName: 'inv.yaml', inventory: 'apiVersion: opsctl/v1\nkind: Inventory\nhosts:\n  m0: { adress: 10.0.0.1 }\n', expect: 'INV:4:\\d+.*adress' },
  { name: 'inventory file missing', runbook: HEAD + OK_STEPS, inventoryName: 'missing.ini', expect: 'INV' },
];

describe('bad input → exit 2 with a positioned one-line cause', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('$name', async (c) => {
    const dir = tempDir();
    const stateDir = tempDir();
    const file = join(dir, c.runbook === undefined ? 'nope.yaml' : 'rb.yaml');
    if (c.runbook !== undefined) writeFileSync(file, c.runbook);
    const inv = join(dir, c.inventoryName ?? 'hosts.ini');
    if (c.inventory !== undefined) writeFileSync(inv, c.inventory);
    const args = ['run', file, ...(c.args ?? []), ...(c.inventory !== undefined || c.inventoryName ? ['-i', inv] : [])];
    const r = await cli(args, { stateDir });
    expect(r.exitCode, r.stderr).toBe(2);
    const first = r.stderr.split('\n')[0];
    const re = new RegExp(c.expect.replaceAll('FILE', escape(file)).replaceAll('INV', escape(inv)));
    expect(first, r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(runIds(stateDir)).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
