// Phases: a failure undoes the phase's completed steps newest first, then `finally:` runs; Ctrl-C
// stops at once with neither.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, gone, killAll, lines, runEngine, sleepMarker, tempDir } from './helpers.js';

const log = (dir: string) => lines(join(dir, 'log'));

describe('undo', () => {
  it('undoes completed steps newest first after a failure, then runs finally', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: echo a >> {{ params.dir }}/log
          undo: echo undo-a >> {{ params.dir }}/log
        - id: no-undo
          run: echo no-undo >> {{ params.dir }}/log
        - id: b
          run: echo b >> {{ params.dir }}/log
          undo: echo undo-b >> {{ params.dir }}/log
        - id: c
          run: echo c >> {{ params.dir }}/log; exit 7
          undo: echo undo-c >> {{ params.dir }}/log
        - id: d
          run: echo d >> {{ params.dir }}/log
      finally:
        - id: fin
          run: echo finally >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'c@local' });
    expect(log(c.dir)).toEqual(['a', 'no-undo', 'b', 'c', 'undo-b', 'undo-a', 'finally']);
    expect(r.of('step.undo').map((e) => [e.stepId, e.status, e.exitCode, e.command])).toEqual([
      ['b', 'ok', 0, `echo undo-b >> ${c.dir}/log`],
      ['a', 'ok', 0, `echo undo-a >> ${c.dir}/log`],
    ]);
    expect(r.journal.filter((j) => j.call === 'undo').map((j) => j.key)).toEqual(['b@local', 'a@local']);
    // The undos come before finally in the event stream too.
    const order = r.events.flatMap((e) => (e.type === 'step.undo' || (e.type === 'step.start' && e.stepId === 'fin') ? [e.stepId] : []));
    expect(order).toEqual(['b', 'a', 'fin']);
  });

  it('an undo that fails is reported and the others still run', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: "true"
          undo: echo undo-a >> {{ params.dir }}/log
        - id: b
          run: "true"
          undo: exit 5
        - id: c
          run: "false"
    `);
    const r = await runEngine(c);
    expect(r.of('step.undo').map((e) => [e.stepId, e.status, e.exitCode])).toEqual([
      ['b', 'failed', 5],
      ['a', 'ok', 0],
    ]);
    expect(log(c.dir)).toEqual(['undo-a']);
  });

  it('an included phase undoes its own steps first, then the including phase undoes its', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'inner.yaml'),
      [
        'apiVersion: opsctl/v1',
        'kind: Runbook',
        'metadata: { name: inner }',
        'params: { dir: { type: string, required: true } }',
        'steps:',
        '  - id: inner',
        '    run: echo inner >> {{ params.dir }}/log',
        '    undo: echo undo-inner >> {{ params.dir }}/log',
        '  - id: boom',
        '    run: "false"',
        'finally:',
        '  - id: inner-fin',
        '    run: echo inner-finally >> {{ params.dir }}/log',
      ].join('\n'),
    );
    const c = compileInline(
      `
      steps:
        - id: outer
          run: echo outer >> {{ params.dir }}/log
          undo: echo undo-outer >> {{ params.dir }}/log
        - id: phase
          include: { runbook: inner, params: { dir: "{{ params.dir }}" } }
        - id: never
          run: echo never >> {{ params.dir }}/log
      finally:
        - id: outer-fin
          run: echo outer-finally >> {{ params.dir }}/log
    `,
      { dir },
    );
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'phase/boom@local' });
    expect(log(dir)).toEqual(['outer', 'inner', 'undo-inner', 'inner-finally', 'undo-outer', 'outer-finally']);
  });
});

describe('finally', () => {
  it('runs after success too, and every finally step runs even if one fails', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: echo a >> {{ params.dir }}/log
      finally:
        - id: f1
          run: echo f1 >> {{ params.dir }}/log; exit 1
        - id: f2
          run: echo f2 >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(log(c.dir)).toEqual(['a', 'f1', 'f2']);
    expect(r.result).toMatchObject({ status: 'failed', failedStep: 'f1@local' });
  });

  it('runs after success and leaves the run succeeded', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: echo a >> {{ params.dir }}/log
      finally:
        - id: f
          run: echo finally >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(r.result).toEqual({ status: 'succeeded', exitCode: 0, hosts: [] });
    expect(log(c.dir)).toEqual(['a', 'finally']);
  });
});

describe('interrupt', () => {
  it('aborting during a step kills it: interrupted, exit 130, no undo and no finally', async () => {
    const marker = sleepMarker();
    try {
      const c = compileInline(`
        steps:
          - id: a
            run: echo a >> {{ params.dir }}/log
            undo: echo undo-a >> {{ params.dir }}/log
          - id: slow
            run: touch {{ params.dir }}/slow-started; sleep ${marker}
          - id: after
            run: echo after >> {{ params.dir }}/log
        finally:
          - id: fin
            run: echo finally >> {{ params.dir }}/log
      `);
      const ac = new AbortController();
      const started = Date.now();
      const running = runEngine(c, { signal: ac.signal });
      while (!existsSync(join(c.dir, 'slow-started'))) {
        if (Date.now() - started > 4000) throw new Error('slow step never started');
        await new Promise((res) => setTimeout(res, 20));
      }
      ac.abort();
      const r = await running;
      expect(r.result).toMatchObject({ status: 'interrupted', exitCode: 130 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.ends.get('slow')).toMatchObject({ status: 'failed', reason: 'interrupted' });
      expect(log(c.dir)).toEqual(['a']);
      expect(r.of('step.undo')).toEqual([]);
      expect(r.of('step.start').map((e) => e.stepId)).toEqual(['a', 'slow']);
      // The interrupted step's end is journaled: resume knows it did not finish.
      expect(r.journal.find((j) => j.call === 'end' && j.key === 'slow@local')).toMatchObject({ status: 'failed' });
      expect(await gone(marker)).toBe(true);
    } finally {
      killAll(marker);
    }
  });

  it('aborting during a retry delay stops without another attempt', async () => {
    const c = compileInline(`
      steps:
        - id: flaky
          run: echo x >> {{ params.dir }}/tries; exit 1
          retries: 5
          retryDelay: 2s
    `);
    const ac = new AbortController();
    const running = runEngine(c, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const r = await running;
    expect(r.result).toMatchObject({ status: 'interrupted', exitCode: 130 });
    expect(lines(join(c.dir, 'tries'))).toHaveLength(1);
    expect(r.durationMs).toBeLessThan(1500);
  });
});

describe('finally steps on resume', () => {
  const body = `
      steps:
        - id: main
          run: echo main >> {{ params.dir }}/log
      finally:
        - id: cleanup
          run: echo cleanup >> {{ params.dir }}/log
  `;
  it('are skipped when done and the body did not run again', async () => {
    const c = compileInline(body);
    const prior = new Map([
      ['main@local', { state: 'done' as const }],
      ['cleanup@local', { state: 'done' as const }],
    ]);
    const r = await runEngine(c, { prior });
    expect(r.result.status).toBe('succeeded');
    expect(lines(join(c.dir, 'log'))).toEqual([]);
  });
  it('run afresh when the body ran again in this attempt', async () => {
    const c = compileInline(body);
    const prior = new Map([
      ['main@local', { state: 'failed' as const }],
      ['cleanup@local', { state: 'done' as const }],
    ]);
    const r = await runEngine(c, { prior });
    expect(r.result.status).toBe('succeeded');
    expect(lines(join(c.dir, 'log'))).toEqual(['main', 'cleanup']);
  });
  it('an unknown one is not run again blindly when it is not safe to repeat', async () => {
    const c = compileInline(body);
    const prior = new Map([
      ['main@local', { state: 'done' as const }],
      ['cleanup@local', { state: 'unknown' as const }],
    ]);
    const r = await runEngine(c, { prior });
    expect(r.result).toMatchObject({ status: 'failed', failedStep: 'cleanup@local' });
    expect(r.result.message).toMatch(/whether it took effect is unknown/);
    expect(lines(join(c.dir, 'log'))).toEqual([]);
  });
});
