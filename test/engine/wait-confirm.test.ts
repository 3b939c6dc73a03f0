// `wait` polls a real condition until it holds or gives up with the last output; `confirm` gates
// need --yes or an answer.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, runEngine } from './helpers.js';

describe('wait', () => {
  it('polls until a file created by a background process appears', async () => {
    const c = compileInline(`
      steps:
        - id: start-bg
          run: "(sleep 1; touch {{ params.dir }}/ready) >/dev/null 2>&1 &"
        - id: ready
          wait:
            run: test -e {{ params.dir }}/ready
            interval: 200ms
            timeout: 4s
        - id: after
          run: touch {{ params.dir }}/after
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    const end = r.ends.get('ready')!;
    expect(end.status).toBe('ok');
    const polls = Number(/held after (\d+) poll/.exec(end.message ?? '')?.[1]);
    expect(polls).toBeGreaterThan(1);
    expect(end.durationMs).toBeGreaterThanOrEqual(500);
    expect(existsSync(join(c.dir, 'after'))).toBe(true);
    // The background starter returned at once; the wait did the waiting.
    expect(r.ends.get('start-bg')!.durationMs).toBeLessThan(800);
  });

  it('checks stdout conditions, not only the exit code', async () => {
    const c = compileInline(`
      steps:
        - id: counter
          wait:
            run: "echo x >> {{ params.dir }}/n; wc -l < {{ params.dir }}/n"
            until: stdout >= 3
            interval: 100ms
            timeout: 3s
    `);
    const r = await runEngine(c);
    expect(r.ends.get('counter')).toMatchObject({ status: 'ok', message: 'held after 3 poll(s)' });
  });

  it('gives up after its timeout with a clear message and the last output', async () => {
    const c = compileInline(`
      steps:
        - id: never
          wait:
            run: "echo still-not-ready; exit 1"
            interval: 200ms
            timeout: 1s
            message: the API never came back
        - id: after
          run: touch {{ params.dir }}/after
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'never@local' });
    expect(r.ends.get('never')).toMatchObject({ status: 'failed', reason: 'wait timed out', exitCode: 1 });
    expect(r.result.message).toMatch(/^the API never came back: "exitCode == 0" did not hold within 1s \(\d+ polls, last exit 1\)\nstill-not-ready$/);
    expect(r.durationMs).toBeLessThan(3000);
    expect(existsSync(join(c.dir, 'after'))).toBe(false);
  });
});

describe('confirm', () => {
  const body = `
    steps:
      - id: gate
        confirm: "Remove member {{ params.dir }}?"
      - id: after
        run: touch {{ params.dir }}/after
  `;

  it('without --yes and without a terminal: bad input (exit 2), nothing after it runs', async () => {
    const c = compileInline(body);
    const r = await runEngine(c, { yes: false });
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 2, failedStep: 'gate@local' });
    expect(r.result.message).toMatch(/^confirmation needed: Remove member .*\?/);
    expect(existsSync(join(c.dir, 'after'))).toBe(false);
  });

  it('answered no: the step fails "not confirmed" and nothing after it runs', async () => {
    const c = compileInline(body);
    const asked: string[] = [];
    const r = await runEngine(c, { yes: false, prompt: async (q) => (asked.push(q), false) });
    expect(asked).toEqual([`Remove member ${c.dir}? [y/N] `]);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'gate@local' });
    expect(r.result.message).toMatch(/^not confirmed: Remove member/);
    expect(existsSync(join(c.dir, 'after'))).toBe(false);
  });

  it('answered yes, or --yes: the run goes on', async () => {
    const c = compileInline(body);
    const r = await runEngine(c, { yes: false, prompt: async () => true });
    expect(r.result.status).toBe('succeeded');
    expect(existsSync(join(c.dir, 'after'))).toBe(true);
    const c2 = compileInline(body);
    const r2 = await runEngine(c2, { yes: true, prompt: async () => false });
    expect(r2.result.status).toBe('succeeded');
    expect(r2.ends.get('gate')).toMatchObject({ status: 'ok', reason: 'confirmed by --yes' });
  });
});
