import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Plan } from '../../src/plan/types.js';
import { JournalWriter } from '../../src/state/journal.js';
import { createRunDir, findRun, listRuns, readPlan, RunIdTakenError, writePlan } from '../../src/state/runs.js';
import { makeRedactor } from '../../src/state/redact.js';
import { openStepLog, stepLogPath } from '../../src/state/step-log.js';
import { deadPid, tempDir } from './helpers.js';

function plan(runId: string): Plan {
  return {
    version: 1,
    runbook: { name: 'master-backup', digest: 'sha256:rb' },
    digest: 'sha256:plan',
    runId,
    createdAt: '2026-03-01T03:00:00.000Z',
    params: { host: 'master-0' },
    secretParams: [],
    hosts: {},
    locks: ['master-0'],
    nodes: [],
    final: [],
    warnings: [],
  };
}

// A run as the engine would leave it, written through the real journal writer.
function makeRun(stateDir: string, runId: string, pid: number, end?: 'succeeded' | 'failed' | 'interrupted'): void {
  const dir = createRunDir(stateDir, runId);
  const w = JournalWriter.open(dir);
  w.append({ type: 'run.start', runId, runbook: 'master-backup', runbookDigest: 'd', planDigest: 'p', params: {}, mode: 'run', pid, hostname: hostname() });
  w.append({ type: 'step.start', key: 'k', stepId: 'copy', host: 'm0', attempt: 1 });
  if (end) w.append({ type: 'run.end', status: end, exitCode: end === 'failed' ? 1 : end === 'interrupted' ? 130 : 0, failedStep: end === 'failed' ? 'copy' : undefined });
  w.close();
}

describe('run directories and plans', () => {
  it('creates a private run dir with steps/ and round-trips the plan atomically', () => {
    const state = tempDir();
    const dir = createRunDir(state, 'r1');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dir, 'steps'))).toBe(true);
    writePlan(dir, plan('r1'));
    expect(readPlan(dir)).toEqual(plan('r1'));
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toContain('\n  "version": 1,');
    expect(readdirSync(dir).sort()).toEqual(['plan.json', 'steps']);
  });

  it('refuses to create a run dir that exists (one saved plan applied twice at once), exit 3', () => {
    const state = tempDir();
    createRunDir(state, 'r1');
    expect(() => createRunDir(state, 'r1')).toThrow(RunIdTakenError);
    expect(() => createRunDir(state, 'r1')).toThrow(/run r1 was already started/);
  });

  it('rejects a plan of another version or missing fields', () => {
    const dir = createRunDir(tempDir(), 'r1');
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...plan('r1'), version: 2 }));
    expect(() => readPlan(dir)).toThrow(InputError);
    const { nodes: _n, ...noNodes } = plan('r1');
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(noNodes));
    expect(() => readPlan(dir)).toThrow(/nodes/);
    writeFileSync(join(dir, 'plan.json'), '{not json');
    expect(() => readPlan(dir)).toThrow(InputError);
  });
});

describe('listRuns', () => {
  it('lists newest first, with crashed, interrupted, running, planned and corrupt runs', () => {
    const state = tempDir();
    expect(listRuns(state)).toEqual([]);
    makeRun(state, '20260301-030001-master-backup-aaaa', deadPid(), 'interrupted');
    makeRun(state, '20260301-030002-master-backup-bbbb', deadPid());
    makeRun(state, '20260301-030003-master-backup-cccc', process.pid);
    makeRun(state, '20260301-030004-master-backup-dddd', deadPid(), 'failed');
    writePlan(createRunDir(state, '20260301-030005-master-backup-eeee'), plan('e'));
    createRunDir(state, '20260301-030006-master-backup-ffff');
    const runs = listRuns(state);
    const byId = Object.fromEntries(runs.map((r) => [r.id.slice(-4), r]));
    expect(byId.aaaa.status).toBe('interrupted');
    expect(byId.bbbb.status).toBe('crashed');
    expect(byId.cccc).toMatchObject({ status: 'running', pid: process.pid });
    expect(byId.dddd).toMatchObject({ status: 'failed', failedStep: 'copy' });
    expect(byId.dddd.ended).toBeDefined();
    expect(byId.eeee).toMatchObject({ status: 'planned', runbook: 'master-backup' });
    expect(byId.ffff.status).toBe('corrupt');
    const real = runs.filter((r) => r.status !== 'planned' && r.status !== 'corrupt').map((r) => r.id.slice(-4));
    expect(real).toEqual(['dddd', 'cccc', 'bbbb', 'aaaa']);
  });

  it('cannot judge a run whose process lives on another host', () => {
    const state = tempDir();
    const dir = createRunDir(state, 'r-other');
    const w = JournalWriter.open(dir);
    w.append({ type: 'run.start', runId: 'r-other', runbook: 'rb', runbookDigest: 'd', planDigest: 'p', params: {}, mode: 'run', pid: deadPid(), hostname: 'not-' + hostname() });
    w.close();
    expect(listRuns(state)[0].status).toBe('running');
  });
});

describe('findRun', () => {
  it('finds by full id or unique prefix, and explains unknown or ambiguous ones', () => {
    const state = tempDir();
    createRunDir(state, '20260301-030001-x-aaaa');
    createRunDir(state, '20260301-030001-x-aabb');
    createRunDir(state, '20260302-000000-y-cccc');
    expect(findRun(state, '20260302').runId).toBe('20260302-000000-y-cccc');
    expect(findRun(state, '20260301-030001-x-aaaa').runDir).toBe(join(state, 'runs', '20260301-030001-x-aaaa'));
    expect(() => findRun(state, 'nope')).toThrow(expect.objectContaining({ hint: expect.stringContaining('opsctl runs') }));
    expect(() => findRun(state, '20260301-030001-x-aa')).toThrow(/matches 2 runs:\n {2}20260301-030001-x-aabb\n {2}20260301-030001-x-aaaa/);
    expect(() => findRun(state, '')).toThrow(InputError);
  });
});

describe('step logs', () => {
  it('names logs by index and step id', () => {
    expect(stepLogPath('/r', 7, 'copy-origin')).toBe('/r/steps/007-copy-origin.log');
    expect(stepLogPath('/r', 12, '../x')).toBe('/r/steps/012-__x.log');
  });

  it('appends redacted, line-tagged output, even when a secret is split across chunks', () => {
    const dir = createRunDir(tempDir(), 'r1');
    const path = stepLogPath(dir, 1, 'etcd');
    const log = openStepLog(path, makeRedactor(['s3cretvalue']));
    log.write('info', '$ etcdctl member list');
    log.write('stdout', 'member 8e9e05c52164694d s3cr');
    log.write('stdout', 'etvalue\nsecond');
    log.write('stderr', 'warn: one\nwarn: two\n');
    log.write('stdout', ' line\n-----BEGIN PRIVATE KEY-----\nMIIE');
    log.write('stdout', 'abc\n-----END PRIVATE KEY-----\ntail');
    log.close();
    log.close();
    log.write('stdout', 'ignored after close');
    expect(readFileSync(path, 'utf8')).toBe(
      [
        '[info] $ etcdctl member list',
        'member 8e9e05c52164694d ***',
        '[stderr] warn: one',
        '[stderr] warn: two',
        'second line',
        '-----BEGIN PRIVATE KEY-----',
        '***',
        '-----END PRIVATE KEY-----',
        'tail',
        '',
      ].join('\n'),
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
