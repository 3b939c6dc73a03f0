import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, jsonLines, runIds, tempDir } from './cli.js';

describe('JSON events', () => {
  it('a run emits run.start, step.start, step.end, run.end with the DESIGN fields, on stdout only', async () => {
    const dir = tempDir();
    const r = await cli(['run', fixture('fail-then-fix.yaml'), '-p', `dir=${dir}`, '--output', 'json'], { stateDir: tempDir() });
    expect(r.exitCode).toBe(1);
    const events = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({ type: 'run.start', runbook: 'fail-then-fix', params: { dir } });
    expect(typeof events[0].runId).toBe('string');
    const starts = events.filter((e) => e.type === 'step.start');
    const ends = events.filter((e) => e.type === 'step.end');
    for (const e of starts) expect(e).toMatchObject({ stepId: expect.any(String), host: 'local', attempt: 1 });
    for (const e of ends) {
      expect(['ok', 'changed', 'failed', 'skipped']).toContain(e.status);
      expect(e).toHaveProperty('exitCode');
      expect(typeof e.durationMs).toBe('number');
    }
    expect(ends.map((e) => [e.stepId, e.status])).toEqual([['one', 'changed'], ['needs-flag', 'failed']]);
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'failed', runId: events[0].runId, failedStep: 'needs-flag@local' });
  });

  it('a dry-run emits plan.step lines then run.end planned, and writes nothing but the plan', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['plan', fixture('counter.yaml'), '-p', `dir=${dir}`, '--output', 'json'], { stateDir });
    expect(r.exitCode).toBe(0);
    const events = jsonLines(r.stdout);
    const steps = events.filter((e) => e.type === 'plan.step');
    expect(steps.map((s) => s.stepId)).toEqual(['first', 'capture-token', 'slow', 'last']);
    expect(steps[0]).toMatchObject({ host: 'local', kind: 'run', command: `echo first >> ${dir}/effects` });
    expect(steps[3].command).toContain('<captures.token>');
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'planned' });
    expect(readdirSync(dir)).toEqual([]);
    expect(runIds(stateDir)).toEqual([]);
    expect(readdirSync(join(stateDir, 'plans'))).toHaveLength(1);
  });
});

describe('safety', () => {
  it('a parameter such as `x; touch FILE` is data, never a second command', async () => {
    const dir = tempDir();
    const pwned = join(dir, 'pwned');
    for (const value of [`x; touch ${pwned}`, `$(touch ${pwned})`, `\`touch ${pwned}\``, `a' ; touch ${pwned} ; '`, `x\ntouch ${pwned}`]) {
      const r = await cli(['run', fixture('echo-param.yaml'), '-p', `value=${value}`, '-p', `dir=${dir}`], { stateDir: tempDir() });
      expect(r.exitCode).toBe(0);
      expect(existsSync(pwned)).toBe(false);
      expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(value);
    }
  });

  it('secret params never reach the journal, the plan, the logs or the output', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const secret = 'S3cr3t-Value-42';
    const r = await cli(['run', fixture('secret.yaml'), '-p', `token=${secret}`, '-p', `dir=${dir}`, '-v'], { stateDir });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'token'), 'utf8')).toBe(secret);
    expect(r.stdout + r.stderr).not.toContain(secret);
    const [id] = runIds(stateDir);
    const runDir = join(stateDir, 'runs', id);
    const files = [join(runDir, 'journal.jsonl'), join(runDir, 'plan.json'), ...readdirSync(join(runDir, 'steps')).map((f) => join(runDir, 'steps', f))];
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(secret);
    expect(readFileSync(join(runDir, 'steps', readdirSync(join(runDir, 'steps'))[0]), 'utf8')).toContain('the token is ***');
  });
});

describe('--check', () => {
  it('runs read-only steps and asserts for real, reports mutating steps, changes and journals nothing', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'healthy'), '');
    const r = await cli(['run', fixture('precondition.yaml'), '-p', `dir=${dir}`, '--check', '--output', 'json'], { stateDir });
    expect(r.exitCode).toBe(0);
    const ends = jsonLines(r.stdout).filter((e) => e.type === 'step.end');
    expect(ends.map((e) => [e.stepId, e.status])).toEqual([['probe', 'ok'], ['healthy', 'ok'], ['change', 'skipped']]);
    expect(ends[2].reason).toMatch(/check/);
    expect(existsSync(join(dir, 'effects'))).toBe(false);
    expect(runIds(stateDir)).toEqual([]);
    const failing = await cli(['run', fixture('precondition.yaml'), '-p', `dir=${tempDir()}`, '--check'], { stateDir });
    expect(failing.exitCode).toBe(3);
  });
});
