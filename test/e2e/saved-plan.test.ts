// `opsctl plan --out` then `opsctl apply`: the saved plan runs exactly, once; a changed runbook,
// inventory, param or (for --check plans) fact found on the host makes apply refuse with exit 3
// and say what changed, with nothing run.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './cli.js';

const RUNBOOK = `apiVersion: opsctl/v1
kind: Runbook
metadata: { name: saved-plan-demo }
params:
  dir: { type: string, required: true }
  label: { type: string, default: one }
steps:
  - id: read-fact
    on: local
    readOnly: true
    run: cat {{ params.dir }}/fact
    capture: { fact: stdout }
  - id: write
    on: local
    run: echo {{ params.label }} >> {{ params.dir }}/effects
`;

function setup() {
  const dir = tempDir();
  const stateDir = tempDir();
  writeFileSync(join(dir, 'runbook.yaml'), RUNBOOK);
  writeFileSync(join(dir, 'fact'), 'A\n');
  writeFileSync(join(dir, 'hosts.ini'), '[masters]\nmaster-0 ansible_host=10.0.0.10\n');
  const plan = join(dir, 'plan.json');
  const args = ['plan', join(dir, 'runbook.yaml'), '-p', `dir=${dir}`, '-i', join(dir, 'hosts.ini'), '--out', plan];
  return { dir, stateDir, plan, args };
}
const effects = (dir: string) => (existsSync(join(dir, 'effects')) ? readFileSync(join(dir, 'effects'), 'utf8') : '');

describe('plan --out / apply', () => {
  it('applies exactly the saved plan, once', async () => {
    const { dir, stateDir, plan, args } = setup();
    const made = await cli(args, { stateDir });
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stdout).toContain(`opsctl apply ${plan}`);
    expect(effects(dir)).toBe('');
    const applied = await cli(['apply', plan], { stateDir });
    expect(applied.exitCode, applied.stderr + applied.stdout).toBe(0);
    expect(effects(dir)).toBe('one\n');
    const saved = JSON.parse(readFileSync(plan, 'utf8'));
    expect(existsSync(join(stateDir, 'runs', saved.plan.runId, 'journal.jsonl'))).toBe(true);
    const again = await cli(['apply', plan], { stateDir });
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain('already applied');
    expect(effects(dir)).toBe('one\n');
  });

  it('refuses (exit 3, nothing run) when the runbook, the inventory or a param changed', async () => {
    const { dir, stateDir, plan, args } = setup();
    expect((await cli(args, { stateDir })).exitCode).toBe(0);
    writeFileSync(join(dir, 'hosts.ini'), '[masters]\nmaster-0 ansible_host=10.0.0.99\nmaster-1\n');
    const inv = await cli(['apply', plan], { stateDir });
    expect(inv.exitCode).toBe(3);
    expect(inv.stderr).toContain('stale');
    expect(inv.stderr).toContain('host master-0 changed');
    expect(inv.stderr).toContain('host master-1 was added');
    writeFileSync(join(dir, 'hosts.ini'), '[masters]\nmaster-0 ansible_host=10.0.0.10\n');
    const param = await cli(['apply', plan, '-p', 'label=two'], { stateDir });
    expect(param.exitCode).toBe(3);
    expect(param.stderr).toContain('param label: the plan has "one", given "two"');
    writeFileSync(join(dir, 'runbook.yaml'), RUNBOOK.replace('>> {{ params.dir }}/effects', '>> {{ params.dir }}/effects; true'));
    const rb = await cli(['apply', plan], { stateDir });
    expect(rb.exitCode).toBe(3);
    expect(rb.stderr).toMatch(/runbook \S+runbook\.yaml changed/);
    expect(effects(dir)).toBe('');
  });

  it('a plan made with --check is refused when the hosts no longer show the same facts', async () => {
    const { dir, stateDir, plan, args } = setup();
    const checked = await cli([...args, '--check'], { stateDir });
    expect(checked.exitCode, checked.stderr + checked.stdout).toBe(0);
    expect(JSON.parse(readFileSync(plan, 'utf8')).madeWith).toBe('check');
    writeFileSync(join(dir, 'fact'), 'B\n');
    const stale = await cli(['apply', plan], { stateDir });
    expect(stale.exitCode).toBe(3);
    expect(stale.stderr).toMatch(/step read-fact@local on local found something else/);
    expect(effects(dir)).toBe('');
    writeFileSync(join(dir, 'fact'), 'A\n');
    const ok = await cli(['apply', plan], { stateDir });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(effects(dir)).toBe('one\n');
  });

  it('a file that is no saved plan is bad input (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    const r = await cli(['apply', join(dir, 'x.json')], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('opsctl plan');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
