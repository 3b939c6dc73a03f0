// Timeouts kill real processes: the shell, what it runs, and what it forked into the background.
import { afterEach, describe, expect, it } from 'vitest';
import { compileInline, gone, killAll, pgrep, runEngine, sleepMarker } from './helpers.js';

const markers: string[] = [];
afterEach(() => {
  // Only our own uniquely marked sleeps, should an assertion have failed before they died.
  for (const m of markers.splice(0)) killAll(m);
});

describe('step timeout', () => {
  it('kills a step that outlives its timeout and reports it as a timeout', async () => {
    const marker = sleepMarker();
    markers.push(marker);
    const c = compileInline(`
      steps:
        - id: slow
          run: sleep ${marker}
          timeout: 1s
        - id: after
          run: touch {{ params.dir }}/after
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'slow@local' });
    expect(r.ends.get('slow')).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(r.ends.get('slow')!.message).toMatch(/timed out/);
    expect(r.ends.has('after')).toBe(false);
    expect(r.durationMs).toBeLessThan(5000);
    expect(await gone(marker)).toBe(true);
  });

  it('kills the whole process group, including a background grandchild that would outlive the shell', async () => {
    const bg = sleepMarker();
    const fg = sleepMarker();
    markers.push(bg, fg);
    // The grandchild is detached from the shell's stdout so nothing but the group kill can end it.
    const c = compileInline(`
      steps:
        - id: forks
          run: "(sleep ${bg} >/dev/null 2>&1 &) ; sleep ${fg}"
          timeout: 1s
    `);
    const r = await runEngine(c);
    expect(r.ends.get('forks')).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(r.durationMs).toBeLessThan(5000);
    expect(await gone(fg)).toBe(true);
    expect(await gone(bg)).toBe(true);
  });

  it('a grandchild that ignores SIGTERM is still killed (SIGKILL after the grace period)', async () => {
    const marker = sleepMarker();
    markers.push(marker);
    const c = compileInline(`
      steps:
        - id: stubborn
          run: "trap '' TERM; sleep ${marker}"
          timeout: 500ms
    `);
    const r = await runEngine(c);
    expect(r.ends.get('stubborn')).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(r.durationMs).toBeLessThan(5000);
    expect(await gone(marker, 3000)).toBe(true);
    expect(pgrep(marker)).toEqual([]);
  });
});
