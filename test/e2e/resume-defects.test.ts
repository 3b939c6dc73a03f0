// Issue 13's defects, each reproduced against the built CLI: a masked capture restored on resume,
// a capture failure that makes resume repeat a side effect, a `finally` step run twice, and resume
// reading the journal before holding the lock or trusting an edited plan.json.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, journal, runIds, startCli, tempDir, waitFor } from './cli.js';

function runbook(dir: string, name: string, body: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: ${name}\nparams:\n  dir: { type: string, required: true }\n${body}`);
  return file;
}
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('resume restores what the steps really captured', () => {
  it('a token-shaped capture is restored as its real value, never as the mask', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'token-capture', `steps:
  - id: mint
    run: t=abcdef.$(printf '%016d' $$); echo "$t" > {{ params.dir }}/minted; echo "$t"
    capture: { token: stdout }
  - id: gate
    run: test -e {{ params.dir }}/flag
  - id: use
    run: echo "{{ captures.token }}" > {{ params.dir }}/used
`);
    expect((await cli(['run', rb, '-p', `dir=${dir}`], { stateDir })).exitCode).toBe(1);
    const [id] = runIds(stateDir);
    // The journal keeps the mask: the value looks like a kubeadm token.
    const end = journal(stateDir, id).find((e) => e.type === 'step.end' && e.stepId === 'mint') as { captures: Record<string, string> };
    expect(end.captures.token).toBe('***');
    writeFileSync(join(dir, 'flag'), '');
    const r = await cli(['resume', id], { stateDir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'used'), 'utf8')).toBe(readFileSync(join(dir, 'minted'), 'utf8'));
  });
});

describe('a capture that fails after the command succeeded', () => {
  const body = (regex: string) => `steps:
  - id: make
    run: echo made >> {{ params.dir }}/effects; echo no id here
    capture: { id: { regex: '${regex}' } }
  - id: use
    run: echo {{ captures.id }} >> {{ params.dir }}/used
`;

  it('is recorded apart from the command, and resume does not repeat the command', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'capture-fails', body('id=([0-9]+)'));
    const first = await cli(['run', rb, '-p', `dir=${dir}`], { stateDir });
    expect(first.exitCode).toBe(1);
    const [id] = runIds(stateDir);
    const end = journal(stateDir, id).find((e) => e.type === 'step.end' && e.stepId === 'make');
    expect(end).toMatchObject({ exitCode: 0, reason: 'capture failed' });
    const r = await cli(['resume', id], { stateDir });
    expect(lines(join(dir, 'effects'))).toEqual(['made']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/make@local.*(completed|exit 0)/);
    expect(r.stderr).toMatch(/--mark/);
  });

  it('a regex that does not compile is bad input before anything runs', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'bad-regex', body('id=([0-9]+'));
    const r = await cli(['run', rb, '-p', `dir=${dir}`], { stateDir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad-regex\.yaml:\d+:\d+.*regex/);
    expect(existsSync(join(dir, 'effects'))).toBe(false);
  });
});

describe('finally steps and the journal', () => {
  it('a finally step that was running when opsctl was killed is not run twice by resume', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'final-kill', `steps:
  - id: main
    run: echo main >> {{ params.dir }}/effects
finally:
  - id: cleanup
    run: echo cleanup-start >> {{ params.dir }}/effects; touch {{ params.dir }}/cleanup-started; sleep 2; echo cleanup-end >> {{ params.dir }}/effects
`);
    const p = startCli(['run', rb, '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => existsSync(join(dir, 'cleanup-started')));
    p.kill('SIGKILL');
    await p;
    const [id] = runIds(stateDir);
    const r = await cli(['resume', id], { stateDir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(lines(join(dir, 'effects'))).toEqual(['main', 'cleanup-start', 'cleanup-end']);
  });
});

describe('resume takes the lock first and trusts only an intact plan', () => {
  const slow = `steps:
  - id: one
    run: echo one >> {{ params.dir }}/effects
  - id: gate
    run: test -e {{ params.dir }}/flag
  - id: two
    run: echo two >> {{ params.dir }}/effects
`;

  it('holds the run lock before it reads the journal', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'lock-first', slow);
    expect((await cli(['run', rb, '-p', `dir=${dir}`], { stateDir })).exitCode).toBe(1);
    const [id] = runIds(stateDir);
    const file = join(stateDir, 'runs', id, 'journal.jsonl');
    // A FIFO in place of the journal: reading it blocks until the test writes, which shows
    // whether the lock was already held when resume began to read.
    renameSync(file, `${file}.saved`);
    execFileSync('mkfifo', [file]);
    writeFileSync(join(dir, 'flag'), '');
    const p = startCli(['resume', id], { stateDir });
    const locks = join(stateDir, 'locks');
    let held = false;
    const end = Date.now() + 5000;
    while (Date.now() < end && !held) {
      held = existsSync(locks) && readdirSync(locks).some((f) => f.endsWith('.lock'));
      await new Promise((r) => setTimeout(r, 50));
    }
    // Blocked on the FIFO either way: only the order of lock and read is in question.
    p.kill('SIGKILL');
    await p;
    rmSync(file);
    renameSync(`${file}.saved`, file);
    expect(held).toBe(true);
  });

  it('refuses a plan.json edited after the run started', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir, 'edited-plan', slow);
    expect((await cli(['run', rb, '-p', `dir=${dir}`], { stateDir })).exitCode).toBe(1);
    const [id] = runIds(stateDir);
    const planFile = join(stateDir, 'runs', id, 'plan.json');
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(planFile, text.replace('echo two >>', 'echo INJECTED >>'));
    writeFileSync(join(dir, 'flag'), '');
    const r = await cli(['resume', id], { stateDir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/plan\.json/);
    expect(lines(join(dir, 'effects'))).toEqual(['one']);
  });
});

describe('the state directory is private', () => {
  it('is created 0700', async () => {
    const dir = tempDir();
    const stateDir = join(tempDir(), 'state');
    const rb = runbook(dir, 'private', `steps:\n  - id: one\n    run: 'true'\n`);
    expect((await cli(['run', rb, '-p', `dir=${dir}`], { stateDir })).exitCode).toBe(0);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  });
});
