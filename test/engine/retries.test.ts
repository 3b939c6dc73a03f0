// Retries and accepted exit codes, against a real script whose side effects count the attempts.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compileInline, lines, read, runEngine } from './helpers.js';

// Fails until it has been run `n` times (the count lives in a file), then succeeds.
const failUntil = (n: number) => `"c={{ params.dir }}/count; i=$(cat $c 2>/dev/null || echo 0); i=$((i+1)); echo $i > $c; echo attempt $i; [ $i -ge ${n} ]"`;

describe('retries', () => {
  it('runs a failing step again until it succeeds, each attempt a step.start', async () => {
    const c = compileInline(`
      steps:
        - id: flaky
          run: ${failUntil(3)}
          retries: 3
          retryDelay: 100ms
        - id: after
          run: touch {{ params.dir }}/after
    `);
    const r = await runEngine(c);
    expect(r.result).toEqual({ status: 'succeeded', exitCode: 0, hosts: [] });
    expect(read(join(c.dir, 'count')).trim()).toBe('3');
    expect(r.of('step.start').filter((e) => e.stepId === 'flaky').map((e) => e.attempt)).toEqual([1, 2, 3]);
    const ends = r.of('step.end').filter((e) => e.stepId === 'flaky');
    expect(ends.map((e) => e.status)).toEqual(['failed', 'failed', 'changed']);
    expect(ends[0].reason).toMatch(/retrying in 100ms$/);
    expect(ends[0].message).toMatch(/\(exit 1\)\nattempt 1$/);
    // Every attempt is journaled, start and end.
    expect(r.journal.filter((j) => j.key === 'flaky@local').map((j) => `${j.call}${'attempt' in j ? j.attempt : ''}`)).toEqual(['start1', 'end1', 'start2', 'end2', 'start3', 'end3']);
    expect(lines(join(c.dir, 'after'))).toEqual([]);
    expect(r.ends.get('after')?.status).toBe('changed');
  });

  it('fails the step once the retries are used up, and nothing after it runs', async () => {
    const c = compileInline(`
      steps:
        - id: flaky
          run: ${failUntil(5)}
          retries: 2
          retryDelay: 100ms
        - id: after
          run: touch {{ params.dir }}/after
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'flaky@local' });
    expect(r.result.message).toMatch(/step flaky failed \(exit 1\)\nattempt 3/);
    expect(read(join(c.dir, 'count')).trim()).toBe('3');
    expect(r.of('step.start').filter((e) => e.stepId === 'flaky')).toHaveLength(3);
    expect(r.ends.has('after')).toBe(false);
  });

  it('waits retryDelay between attempts', async () => {
    const c = compileInline(`
      steps:
        - id: flaky
          run: ${failUntil(2)}
          retries: 1
          retryDelay: 600ms
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(r.durationMs).toBeGreaterThanOrEqual(600);
  });
});

describe('okExitCodes', () => {
  it('accepts the listed exit codes and reports the real one', async () => {
    const c = compileInline(`
      steps:
        - id: three
          run: exit 3
          okExitCodes: [0, 3]
        - id: zero
          run: "true"
          okExitCodes: [0, 3]
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(r.ends.get('three')).toMatchObject({ status: 'changed', exitCode: 3 });
    expect(r.ends.get('zero')).toMatchObject({ status: 'changed', exitCode: 0 });
  });

  it('still fails on an exit code outside the list (0 included only when listed)', async () => {
    const c = compileInline(`
      steps:
        - id: four
          run: exit 4
          okExitCodes: [0, 3]
        - id: only-three
          run: "true"
          okExitCodes: [3]
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'four@local' });
    expect(r.ends.get('four')).toMatchObject({ status: 'failed', exitCode: 4, message: 'step four failed (exit 4)' });

    const c2 = compileInline(`
      steps:
        - id: only-three
          run: "true"
          okExitCodes: [3]
    `);
    const r2 = await runEngine(c2);
    expect(r2.ends.get('only-three')).toMatchObject({ status: 'failed', exitCode: 0 });
  });
});
