// The host-failure policy on real processes: three "hosts" run locally (ansible_connection=local),
// each step a real `sh -c` child writing into a per-host directory; one host is made to fail by a
// fault file the test creates. continue-others keeps the healthy hosts working, stop-all stops all
// after the failing step, maxFailed stops the rest, and resume runs exactly the failed host's rest.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PriorStep } from '../../src/engine/run-plan.js';
import { overrideFromFlags } from '../../src/plan/host-failure.js';
import { compileInline, lines, localHosts, runEngine, tempDir, type JournalCall, type RunOutcome } from './helpers.js';

const HOSTS = ['m0', 'm1', 'm2'];

// Four steps on every host; `two` fails on a host whose fault file exists. Each step logs itself.
function backup(policy = '', stepTwoExtra = ''): string {
  return `
    ${policy}
    steps:
      - id: one
        on: masters
        run: mkdir -p {{ params.dir }}/{{ host }} && echo one >> {{ params.dir }}/{{ host }}/log
      - id: two
        on: masters
        ${stepTwoExtra}
        run: "test ! -e {{ params.dir }}/fault-{{ host }} && echo two >> {{ params.dir }}/{{ host }}/log"
      - id: three
        on: masters
        run: echo three >> {{ params.dir }}/{{ host }}/log
      - id: four
        on: masters
        run: echo four >> {{ params.dir }}/{{ host }}/log
  `;
}

const log = (dir: string, host: string) => lines(join(dir, host, 'log'));
const fault = (dir: string, ...hosts: string[]) => hosts.forEach((h) => writeFileSync(join(dir, `fault-${h}`), ''));
const ended = (r: RunOutcome, key: string) => r.of('step.end').filter((e) => e.key === key);

// The journal of an attempt as resume reads it: the last end of each key.
function priorOf(journal: JournalCall[]): Map<string, PriorStep> {
  const prior = new Map<string, PriorStep>();
  for (const j of journal) {
    if (j.call === 'start') prior.set(j.key, { state: 'unknown' });
    if (j.call === 'end') prior.set(j.key, { state: j.status === 'failed' ? 'failed' : j.status === 'skipped' ? 'skipped' : 'done' });
  }
  return prior;
}

describe('onHostFailure: continue-others', () => {
  it('skips the failed host for the rest of the run while the others finish; the run fails, exit 1', async () => {
    const c = compileInline(backup('onHostFailure: continue-others'), { inventory: localHosts(HOSTS) });
    fault(c.dir, 'm2');
    const r = await runEngine(c);
    expect(log(c.dir, 'm0')).toEqual(['one', 'two', 'three', 'four']);
    expect(log(c.dir, 'm1')).toEqual(['one', 'two', 'three', 'four']);
    expect(log(c.dir, 'm2')).toEqual(['one']);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'two@m2' });
    expect(r.result.hosts).toEqual([
      { host: 'm0', status: 'ok' },
      { host: 'm1', status: 'ok' },
      { host: 'm2', status: 'failed', stepId: 'two', key: 'two@m2', exitCode: 1 },
    ]);
    // Reported as skipped, with the reason in words, but never journaled: resume must run them.
    for (const key of ['three@m2', 'four@m2']) {
      expect(ended(r, key)).toEqual([expect.objectContaining({ status: 'skipped', reason: 'm2 failed at two' })]);
      expect(r.journal.filter((j) => j.key === key)).toEqual([]);
    }
  });

  it('resume runs exactly the failed host’s remaining steps', async () => {
    const c = compileInline(backup('onHostFailure: continue-others'), { inventory: localHosts(HOSTS) });
    fault(c.dir, 'm2');
    const first = await runEngine(c);
    rmSync(join(c.dir, 'fault-m2'));
    const again = await runEngine(c, { prior: priorOf(first.journal) });
    expect(again.result).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(again.journal.filter((j) => j.call === 'start').map((j) => j.key)).toEqual(['two@m2', 'three@m2', 'four@m2']);
    for (const h of HOSTS) expect(log(c.dir, h)).toEqual(['one', 'two', 'three', 'four']);
    expect(again.result.hosts.map((h) => h.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('tags every instance of a step on several hosts with its fan-out, skipped ones too', async () => {
    const c = compileInline(backup('onHostFailure: continue-others'), { inventory: localHosts(HOSTS) });
    fault(c.dir, 'm2');
    const r = await runEngine(c);
    const three = r.of('step.end').filter((e) => e.stepId === 'three');
    expect(three.map((e) => [e.host, e.status, e.fanOut])).toEqual(
      expect.arrayContaining(HOSTS.map((h) => [h, h === 'm2' ? 'skipped' : 'changed', { key: 'three', size: 3 }])),
    );
    expect(r.of('step.start').every((e) => e.fanOut?.size === 3)).toBe(true);
  });

  it('maxFailed: 1 with two failing hosts stops the rest', async () => {
    const c = compileInline(backup('onHostFailure: continue-others\n    maxFailed: 1'), { inventory: localHosts(HOSTS) });
    fault(c.dir, 'm1', 'm2');
    const r = await runEngine(c);
    // m0 finished the step it was running beside the failures, then stopped.
    expect(log(c.dir, 'm0')).toEqual(['one', 'two']);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(r.result.message).toMatch(/^2 failed \(m[12] at two, m[12] at two\), more than maxFailed 1 allows: the other hosts were stopped/);
    expect(r.result.hosts).toEqual([
      { host: 'm0', status: 'skipped', reason: 'after more than maxFailed 1 failed' },
      expect.objectContaining({ host: 'm1', status: 'failed', stepId: 'two' }),
      expect.objectContaining({ host: 'm2', status: 'failed', stepId: 'two' }),
    ]);
  });

  it('maxFailed: 1 with one failing host goes on; "50%" of three tolerates one, not two', async () => {
    const one = compileInline(backup('onHostFailure: continue-others\n    maxFailed: 1'), { inventory: localHosts(HOSTS) });
    fault(one.dir, 'm2');
    expect((await runEngine(one)).result.hosts.map((h) => h.status)).toEqual(['ok', 'ok', 'failed']);

    const half = compileInline(backup('maxFailed: "50%"'), { inventory: localHosts(HOSTS) });
    expect(half.plan.hostFailure).toEqual({ onHostFailure: 'continue-others', maxFailed: { percent: 50 }, from: 'runbook t' });
    fault(half.dir, 'm2');
    expect((await runEngine(half)).result.hosts.map((h) => h.status)).toEqual(['ok', 'ok', 'failed']);
    fault(half.dir, 'm1');
    rmSync(join(half.dir, 'm0'), { recursive: true });
    expect((await runEngine(half)).result.hosts.map((h) => h.status)).toEqual(['skipped', 'failed', 'failed']);
    expect(log(half.dir, 'm0')).toEqual(['one', 'two']);
  });

  it('a precondition that fails on one host while the others change things ends with exit 1, not 3', async () => {
    const c = compileInline(
      `
      onHostFailure: continue-others
      steps:
        - id: ready
          on: masters
          assert: test ! -e {{ params.dir }}/fault-{{ host }}
        - id: change
          on: masters
          run: touch {{ params.dir }}/changed-{{ host }}
    `,
      { inventory: localHosts(HOSTS) },
    );
    fault(c.dir, 'm1');
    const r = await runEngine(c);
    expect(existsSync(join(c.dir, 'changed-m0'))).toBe(true);
    expect(existsSync(join(c.dir, 'changed-m1'))).toBe(false);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'ready@m1' });
    // Every host unready: nothing changed anywhere, so it stays a precondition failure.
    fault(c.dir, 'm0', 'm2');
    expect((await runEngine(c)).result.exitCode).toBe(3);
  });

  it('undoes the failed host’s completed steps, not the others’', async () => {
    const c = compileInline(
      `
      onHostFailure: continue-others
      steps:
        - id: make
          on: masters
          run: touch {{ params.dir }}/made-{{ host }}
          undo: rm {{ params.dir }}/made-{{ host }}
        - id: check
          on: masters
          run: test ! -e {{ params.dir }}/fault-{{ host }}
    `,
      { inventory: localHosts(HOSTS) },
    );
    fault(c.dir, 'm1');
    const r = await runEngine(c);
    expect(r.of('step.undo').map((e) => [e.key, e.status])).toEqual([['make@m1', 'ok']]);
    expect(HOSTS.map((h) => existsSync(join(c.dir, `made-${h}`)))).toEqual([true, false, true]);
  });

  it('a failure on the operator’s machine outside any branch stops every host', async () => {
    const c = compileInline(
      `
      onHostFailure: continue-others
      steps:
        - id: gate
          run: "false"
        - id: after
          on: masters
          run: touch {{ params.dir }}/after-{{ host }}
    `,
      { inventory: localHosts(HOSTS) },
    );
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', failedStep: 'gate@local' });
    expect(HOSTS.some((h) => existsSync(join(c.dir, `after-${h}`)))).toBe(false);
    expect(r.result.hosts).toEqual([
      expect.objectContaining({ host: 'local', status: 'failed', stepId: 'gate' }),
      ...HOSTS.map((host) => ({ host, status: 'skipped', reason: 'after local failed at gate' })),
    ]);
  });

  it('a foreach branch that fails ends there; the other branches and the steps after go on', async () => {
    const c = compileInline(`
      onHostFailure: continue-others
      steps:
        - id: loop
          foreach:
            items: [a, b, c]
            as: item
            parallel: 3
            steps:
              - id: first
                run: "test {{ item }} != b && echo first {{ item }} >> {{ params.dir }}/log"
              - id: second
                run: echo second {{ item }} >> {{ params.dir }}/log
        - id: after
          run: echo after >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(lines(join(c.dir, 'log')).sort()).toEqual(['after', 'first a', 'first c', 'second a', 'second c']);
    expect(ended(r, 'loop[b]/second@local')).toEqual([expect.objectContaining({ status: 'skipped', reason: 'loop[b] failed at first' })]);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'loop[b]/first@local' });
  });
});

describe('onHostFailure: stop-all (the default) and overrides', () => {
  it('stops every host after the failing step', async () => {
    const c = compileInline(backup(), { inventory: localHosts(HOSTS) });
    expect(c.plan.hostFailure).toEqual({ onHostFailure: 'stop-all', from: 'default' });
    fault(c.dir, 'm2');
    const r = await runEngine(c);
    expect(log(c.dir, 'm0')).toEqual(['one', 'two']);
    expect(log(c.dir, 'm1')).toEqual(['one', 'two']);
    expect(log(c.dir, 'm2')).toEqual(['one']);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'two@m2' });
    expect(r.result.hosts).toEqual([
      { host: 'm0', status: 'skipped', reason: 'after m2 failed at two' },
      { host: 'm1', status: 'skipped', reason: 'after m2 failed at two' },
      expect.objectContaining({ host: 'm2', status: 'failed', stepId: 'two' }),
    ]);
  });

  it('a step may continue the others inside a stop-all runbook', async () => {
    const c = compileInline(backup('onHostFailure: stop-all', 'onHostFailure: continue-others'), { inventory: localHosts(HOSTS) });
    fault(c.dir, 'm2');
    await runEngine(c);
    expect(log(c.dir, 'm0')).toEqual(['one', 'two', 'three', 'four']);
    expect(log(c.dir, 'm2')).toEqual(['one']);
  });

  it('--keep-going continues a stop-all runbook; --max-failed 0 stops a continue-others one', async () => {
    const keep = compileInline(backup('onHostFailure: stop-all'), { inventory: localHosts(HOSTS), hostFailure: overrideFromFlags({ keepGoing: true }) });
    fault(keep.dir, 'm2');
    await runEngine(keep);
    expect(log(keep.dir, 'm0')).toEqual(['one', 'two', 'three', 'four']);

    const stop = compileInline(backup('onHostFailure: continue-others'), { inventory: localHosts(HOSTS), hostFailure: overrideFromFlags({ maxFailed: '0' }) });
    fault(stop.dir, 'm2');
    await runEngine(stop);
    expect(log(stop.dir, 'm0')).toEqual(['one', 'two']);
  });

  it('an included runbook follows the including one’s policy, not its own', async () => {
    const dir = join(tempDir(), 'inc');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'child.yaml'),
      ['apiVersion: opsctl/v1', 'kind: Runbook', 'metadata: { name: child }', 'params: { dir: { type: string } }', 'onHostFailure: continue-others', backup().replace(/^ {4}/gm, '')].join('\n'),
    );
    const c = compileInline(
      `
      steps:
        - id: inner
          include: { runbook: ./inc/child.yaml, params: { dir: "{{ params.dir }}" } }
    `,
      { inventory: localHosts(HOSTS), dir: join(dir, '..') },
    );
    fault(c.dir, 'm2');
    await runEngine(c);
    expect(log(c.dir, 'm0')).toEqual(['one', 'two']);
  });
});
