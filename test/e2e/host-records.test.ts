// Outcomes read back from the host (issue 13): opsctl killed at the start of a step or in its
// middle, then `resume` with no flags asks the host instead of guessing; `--mark` for what the
// operator checked by hand; the records are gone once the run has ended.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, journal, runIds, startCli, tempDir, waitFor } from './cli.js';
import { pgrep } from '../engine/helpers.js';

function runbook(dir: string, body: string): string {
  const file = join(dir, 'rb.yaml');
  writeFileSync(file, `apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: once\nparams:\n  dir: { type: string, required: true }\n${body}`);
  return file;
}
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
const recordsOf = (runId: string) => join(`/var/tmp/opsctl-${process.getuid!()}`, runId);

// Kills the process group of every process whose command line mentions `text` (a step, wrapper and all).
function killGroupsOf(text: string): void {
  for (const pid of pgrep(text)) {
    try {
      process.kill(-Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]), 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

const body = `steps:
  - id: first
    run: echo first >> {{ params.dir }}/effects
  - id: mint
    run: echo mint-start >> {{ params.dir }}/effects; touch {{ params.dir }}/mint-started; sleep 2; echo mint-end >> {{ params.dir }}/effects; echo id=4711
    capture: { id: { regex: 'id=([0-9]+)' } }
  - id: use
    run: echo "use {{ captures.id }}" >> {{ params.dir }}/effects
`;

describe('resume asks the host', () => {
  it('killed at the start of a step (journaled, not yet sent): the step never started, so resume runs it once', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['run', runbook(dir, body), '-p', `dir=${dir}`], { stateDir, env: { OPSCTL_REHEARSE_KILL: 'mint@local@start' } });
    expect(r.exitCode).not.toBe(0);
    const [id] = runIds(stateDir);
    const start = journal(stateDir, id).find((e) => e.type === 'step.start' && e.stepId === 'mint');
    expect(start).toMatchObject({ rec: expect.stringMatching(/^2-[0-9a-f]{8}$/) });
    expect(lines(join(dir, 'effects'))).toEqual(['first']);
    const resumed = await cli(['resume', id], { stateDir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/never started on local/);
    expect(lines(join(dir, 'effects'))).toEqual(['first', 'mint-start', 'mint-end', 'use 4711']);
    expect(existsSync(recordsOf(id))).toBe(false);
  });

  it('killed in the middle of a step: resume waits for it, records it as it was with its captures, and never runs it again', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const p = startCli(['run', runbook(dir, body), '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => existsSync(join(dir, 'mint-started')));
    p.kill('SIGKILL');
    await p;
    const [id] = runIds(stateDir);
    expect(existsSync(recordsOf(id))).toBe(true);
    const resumed = await cli(['resume', id], { stateDir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(lines(join(dir, 'effects'))).toEqual(['first', 'mint-start', 'mint-end', 'use 4711']);
    const end = journal(stateDir, id).find((e) => e.type === 'step.end' && e.stepId === 'mint');
    expect(end).toMatchObject({ status: 'changed', exitCode: 0, recovered: true, captures: { id: '4711' } });
    const shown = await cli(['runs', 'show', id], { stateDir });
    expect(shown.stdout).toMatch(/^done +mint +local .* 0 +read back from its host$/m);
    expect(shown.stdout).toMatch(/^ +mint@local +id=4711$/m);
    expect(existsSync(recordsOf(id))).toBe(false);
  });
});

describe('the records of a run that a resume finished', () => {
  it('are removed even when the resume ran no recorded step on that host (killed before a read-only last step)', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const file = runbook(dir, `steps:\n  - id: change\n    run: echo change >> {{ params.dir }}/effects\n  - id: look\n    readOnly: true\n    run: cat {{ params.dir }}/effects\n`);
    const r = await cli(['run', file, '-p', `dir=${dir}`], { stateDir, env: { OPSCTL_REHEARSE_KILL: 'look@local@start' } });
    expect(r.exitCode).not.toBe(0);
    const [id] = runIds(stateDir);
    expect(existsSync(recordsOf(id))).toBe(true);
    const resumed = await cli(['resume', id], { stateDir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(lines(join(dir, 'effects'))).toEqual(['change']);
    expect(existsSync(recordsOf(id))).toBe(false);
  });
});

describe('resume --mark', () => {
  it('records what the operator checked by hand, with the reason, and goes on', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const p = startCli(['run', runbook(dir, body), '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => existsSync(join(dir, 'mint-started')));
    p.kill('SIGKILL');
    await p;
    killGroupsOf(dir);
    const [id] = runIds(stateDir);
    const stopped = await cli(['resume', id], { stateDir });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stderr).toMatch(/--mark mint@local=done/);

    expect((await cli(['resume', id, '--mark', 'mint@local=done'], { stateDir })).exitCode).toBe(2);
    const unknownStep = await cli(['resume', id, '--mark', 'nope=done', '--reason', 'x'], { stateDir });
    expect(unknownStep.exitCode).toBe(2);
    expect(unknownStep.stderr).toMatch(/no step of this run/);

    // The capture is gone with the step; the operator skips the step that needs it as well.
    const marked = await cli(['resume', id, '--mark', 'mint=done', '--mark', 'use@local=skip', '--reason', 'mint-end is in effects; checked by hand'], { stateDir });
    expect(marked.exitCode, marked.stderr).toBe(0);
    expect(lines(join(dir, 'effects'))).toEqual(['first', 'mint-start']);
    const marks = journal(stateDir, id).filter((e) => e.type === 'step.mark');
    expect(marks).toEqual([
      expect.objectContaining({ key: 'mint@local', state: 'done', reason: 'mint-end is in effects; checked by hand', user: expect.any(String) }),
      expect.objectContaining({ key: 'use@local', state: 'skip' }),
    ]);
    const shown = await cli(['runs', 'show', id], { stateDir });
    expect(shown.stdout).toMatch(/^done +mint +local .*marked done by \S+: mint-end is in effects/m);
    expect(shown.stdout).toMatch(/^skipped +use +local .*marked skip/m);
  });
});

describe('signals and a closed output', () => {
  const sleeper = (seconds: number) => `steps:
  - id: mark
    run: touch {{ params.dir }}/started
  - id: sleep
    run: sleep ${seconds}
  - id: after
    run: echo after >> {{ params.dir }}/effects
`;

  it('SIGHUP: the step is cancelled, the run journaled interrupted, the lock released, exit 129', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const seconds = 30 + Math.floor(Math.random() * 1000) / 1000;
    const p = startCli(['run', runbook(dir, sleeper(seconds)), '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => pgrep(`sleep ${seconds}`).length > 0);
    p.kill('SIGHUP');
    const r = await p;
    expect(r.exitCode).toBe(129);
    const [id] = runIds(stateDir);
    expect(journal(stateDir, id).at(-1)).toMatchObject({ type: 'run.end', status: 'interrupted', exitCode: 129 });
    expect(readdirSync(join(stateDir, 'locks'))).toEqual([]);
    expect(pgrep(`sleep ${seconds}`)).toEqual([]);
  });

  it('a closed stdout (| head): the same, exit 141', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const seconds = 30 + Math.floor(Math.random() * 1000) / 1000;
    const p = startCli(['run', runbook(dir, sleeper(seconds)), '-p', `dir=${dir}`, '-o', 'json'], { stateDir });
    await waitFor(() => pgrep(`sleep ${seconds}`).length > 0);
    p.stdout!.destroy();
    const r = await p;
    expect(r.exitCode).toBe(141);
    const [id] = runIds(stateDir);
    expect(journal(stateDir, id).at(-1)).toMatchObject({ type: 'run.end', status: 'interrupted', exitCode: 141 });
    expect(readdirSync(join(stateDir, 'locks'))).toEqual([]);
    expect(pgrep(`sleep ${seconds}`)).toEqual([]);
  });

  it('--detach: the run goes on in the background; runs show -f follows it to its end', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const started = Date.now();
    const r = await cli(['run', runbook(dir, sleeper(2)), '-p', `dir=${dir}`, '--detach'], { stateDir });
    expect(r.exitCode, r.stderr).toBe(0);
    const id = /run (\S+) continues in the background/.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(lines(join(dir, 'effects'))).toEqual([]);
    const followed = await cli(['runs', 'show', '-f', id!], { stateDir });
    expect(followed.exitCode).toBe(0);
    expect(followed.stdout).toMatch(/\[start\] +local +sleep@local[\s\S]*\[changed\] +local +sleep@local[\s\S]*run succeeded \(exit 0\)$/m);
    expect(lines(join(dir, 'effects'))).toEqual(['after']);
    expect(readFileSync(join(stateDir, 'detached', `${id}.log`), 'utf8')).toMatch(/after/);
  });

  it('--detach with bad input fails at once, in the foreground', async () => {
    const dir = tempDir();
    const r = await cli(['run', runbook(dir, sleeper(1)), '--detach'], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
  });
});
