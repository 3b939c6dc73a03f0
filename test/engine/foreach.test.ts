// foreach branches on real processes: serial runs one branch after another, parallel overlaps
// them, rolling batches stop after the batch that failed.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compileInline, lines, runEngine } from './helpers.js';

// Each branch logs "<start|end> <item> <epoch ms>" around a sleep.
const timedBranch = (seconds: number) => `
            - id: work
              run: "echo start {{ item }} $(date +%s%3N) >> {{ params.dir }}/log; sleep ${seconds}; echo end {{ item }} $(date +%s%3N) >> {{ params.dir }}/log"`;

interface Span {
  start: number;
  end: number;
}

function spans(dir: string): Map<string, Span> {
  const out = new Map<string, Span>();
  for (const line of lines(join(dir, 'log'))) {
    const [what, item, ms] = line.split(' ');
    const s = out.get(item) ?? { start: NaN, end: NaN };
    s[what as 'start' | 'end'] = Number(ms);
    out.set(item, s);
  }
  return out;
}

describe('foreach', () => {
  it('serial: 1 runs branches one after another, in order', async () => {
    const c = compileInline(`
      steps:
        - id: loop
          foreach:
            items: [a, b, c]
            as: item
            serial: 1
            steps:${timedBranch(0.2)}
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(lines(join(c.dir, 'log')).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    const s = spans(c.dir);
    expect(s.get('b')!.start).toBeGreaterThanOrEqual(s.get('a')!.end);
    expect(s.get('c')!.start).toBeGreaterThanOrEqual(s.get('b')!.end);
    expect(r.of('step.end').map((e) => e.key)).toEqual(['loop[a]/work@local', 'loop[b]/work@local', 'loop[c]/work@local']);
  });

  it('parallel: 3 over 3 items overlaps them', async () => {
    const c = compileInline(`
      steps:
        - id: loop
          foreach:
            items: [a, b, c]
            as: item
            parallel: 3
            steps:${timedBranch(1)}
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(r.durationMs).toBeLessThan(2500);
    const s = [...spans(c.dir).values()];
    expect(s).toHaveLength(3);
    // Every branch started before any ended.
    expect(Math.max(...s.map((x) => x.start))).toBeLessThan(Math.min(...s.map((x) => x.end)));
  });

  it('parallel: 2 never runs more than 2 branches at once', async () => {
    const c = compileInline(`
      steps:
        - id: loop
          foreach:
            items: [a, b, c, d]
            as: item
            parallel: 2
            steps:${timedBranch(0.4)}
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    const s = [...spans(c.dir).values()];
    for (const x of s) {
      const atOnce = s.filter((y) => y.start <= x.start && y.end > x.start).length;
      expect(atOnce).toBeLessThanOrEqual(2);
    }
    expect(r.durationMs).toBeLessThan(1600);
  });

  it('rolling serial: 2 stops after the batch containing a failure', async () => {
    const c = compileInline(`
      steps:
        - id: roll
          foreach:
            items: [a, b, c, d]
            as: item
            serial: 2
            steps:
              - id: upgrade
                run: "echo {{ item }} >> {{ params.dir }}/log; sleep 0.2; [ {{ item }} != b ]"
        - id: after
          run: echo after >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'roll[b]/upgrade@local' });
    expect(lines(join(c.dir, 'log')).sort()).toEqual(['a', 'b']);
    expect(r.ends.get('after')).toBeUndefined();
  });

  it('rolling batches wait for the whole batch before the next starts', async () => {
    const c = compileInline(`
      steps:
        - id: roll
          foreach:
            items: [a, b, c, d]
            as: item
            serial: 2
            steps:${timedBranch(0.3)}
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    const s = spans(c.dir);
    const firstBatchEnd = Math.max(s.get('a')!.end, s.get('b')!.end);
    expect(Math.min(s.get('c')!.start, s.get('d')!.start)).toBeGreaterThanOrEqual(firstBatchEnd);
    // Within a batch the branches overlap.
    expect(Math.max(s.get('a')!.start, s.get('b')!.start)).toBeLessThan(Math.min(s.get('a')!.end, s.get('b')!.end));
  });

  it('a failure in one parallel branch starts no new branch', async () => {
    const c = compileInline(`
      steps:
        - id: fan
          foreach:
            items: [a, b, c, d]
            as: item
            parallel: 2
            steps:
              - id: one
                run: "echo {{ item }} >> {{ params.dir }}/log; if [ {{ item }} = a ]; then exit 1; fi; sleep 0.3"
              - id: two
                run: "echo {{ item }}-two >> {{ params.dir }}/log"
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('failed');
    // b was already running when a failed: it stops at its next step boundary; c and d never start.
    expect(lines(join(c.dir, 'log')).sort()).toEqual(['a', 'b']);
  });
});
