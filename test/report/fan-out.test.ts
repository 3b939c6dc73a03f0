// Golden tests of the grouped run output (TTY and plain): a step that ran on several hosts at once
// is one line with each host's result and time, skipped steps say why in words, and the run ends
// with one line per host. The events are what the engine emits for `backup master --group masters`
// where master-2's rpm database is broken and the runbook continues the others.
import { describe, expect, it } from 'vitest';
import type { FanOut, RunEvent, StepStatus } from '../../src/engine/events.js';
import { PlainReporter } from '../../src/report/plain.js';
import { TtyReporter } from '../../src/report/tty.js';
import { JsonReporter } from '../../src/report/json.js';
import { sink } from './helpers.js';

const HOSTS = ['master-0', 'master-1', 'master-2'];
const fan = (key: string): FanOut => ({ key, size: 3 });

function start(stepId: string, host: string, name?: string): RunEvent {
  return { type: 'step.start', stepId, key: `${stepId}@${host}`, host, attempt: 1, kind: 'run', ...(name ? { name } : {}), fanOut: fan(stepId) };
}
function end(stepId: string, host: string, status: StepStatus, durationMs: number, extra: Partial<Extract<RunEvent, { type: 'step.end' }>> = {}): RunEvent {
  return { type: 'step.end', stepId, key: `${stepId}@${host}`, host, status, exitCode: status === 'skipped' ? null : 0, durationMs, attempt: status === 'skipped' ? 0 : 1, fanOut: fan(stepId), ...extra };
}

const rpmError = 'step packages failed (exit 1)\nerror: cannot open Packages database in /var/lib/rpm';

// Ends arrive in the order the hosts finish, not in host order.
const keepGoing: RunEvent[] = [
  { type: 'run.start', runId: 'r-7', runbook: 'master-backup', params: { host: 'master-0,master-1,master-2' }, mode: 'run', hostFailure: 'continue-others (runbook master-backup)' },
  ...HOSTS.map((h) => start('preflight', h, 'preconditions and backup name')),
  end('preflight', 'master-1', 'ok', 1130),
  end('preflight', 'master-0', 'ok', 1210),
  end('preflight', 'master-2', 'ok', 1305),
  ...HOSTS.map((h) => start('copy-files', h)),
  end('copy-files', 'master-0', 'changed', 172),
  end('copy-files', 'master-1', 'changed', 312),
  end('copy-files', 'master-2', 'changed', 406),
  ...HOSTS.map((h) => start('packages', h)),
  end('packages', 'master-2', 'failed', 95, { exitCode: 1, message: rpmError }),
  end('packages', 'master-0', 'changed', 160),
  end('packages', 'master-1', 'changed', 171),
  start('verify-files', 'master-0'),
  start('verify-files', 'master-1'),
  end('verify-files', 'master-2', 'skipped', 0, { reason: 'master-2 failed at packages' }),
  end('verify-files', 'master-1', 'ok', 42),
  end('verify-files', 'master-0', 'ok', 40),
  ...HOSTS.map((h) => end('fetch-archive', h, 'skipped', 0, { reason: 'no --fetch-to' })),
  {
    type: 'run.end',
    runId: 'r-7',
    status: 'failed',
    durationMs: 4100,
    exitCode: 1,
    failedStep: 'packages@master-2',
    message: rpmError,
    hosts: [
      { host: 'master-0', status: 'ok' },
      { host: 'master-1', status: 'ok' },
      { host: 'master-2', status: 'failed', stepId: 'packages', key: 'packages@master-2', exitCode: 1 },
    ],
  },
];

function plain(events: RunEvent[]): string {
  const out = sink();
  const reporter = new PlainReporter({ out: out.stream, err: sink().stream, verbose: false });
  for (const e of events) reporter.emit(e);
  reporter.close();
  return out.text();
}

function tty(events: RunEvent[], color = false): string {
  const out = sink();
  const reporter = new TtyReporter({ out: out.stream, err: sink().stream, verbose: false, color });
  for (const e of events) reporter.emit(e);
  reporter.close();
  return out.text();
}

describe('a step on several hosts at once is one line', () => {
  it('plain', () => {
    expect(plain(keepGoing)).toBe(
      [
        'run r-7: master-backup',
        '[start]   preflight (preconditions and backup name)  on 3 hosts',
        '[ok]      preflight (preconditions and backup name)  master-0 1.2s · master-1 1.1s · master-2 1.3s',
        '[start]   copy-files  on 3 hosts',
        '[changed] copy-files  master-0 172ms · master-1 312ms · master-2 406ms',
        '[start]   packages  on 3 hosts',
        '[failed]  packages  master-0 changed 160ms · master-1 changed 171ms · master-2 95ms (exit 1)',
        '    master-2: step packages failed (exit 1)',
        '      error: cannot open Packages database in /var/lib/rpm',
        '[start]   verify-files  on 3 hosts',
        '[ok]      verify-files  master-0 40ms · master-1 42ms · master-2 skipped (master-2 failed at packages)',
        '[skipped] fetch-archive  master-0 · master-1 · master-2  (no --fetch-to)',
        '  master-0  ok',
        '  master-1  ok',
        '  master-2  failed at packages (exit 1)',
        'failed at step packages@master-2 (exit 1) — resume with: opsctl resume r-7',
        '  step packages failed (exit 1)',
        '  error: cannot open Packages database in /var/lib/rpm',
        '',
      ].join('\n'),
    );
  });

  it('TTY', () => {
    expect(tty(keepGoing)).toBe(
      [
        'run r-7: master-backup',
        '✔ preflight (preconditions and backup name)  master-0 1.2s · master-1 1.1s · master-2 1.3s',
        '✎ copy-files  master-0 172ms · master-1 312ms · master-2 406ms',
        '✖ packages  master-0 ✎ 160ms · master-1 ✎ 171ms · master-2 95ms (exit 1)',
        '    master-2: step packages failed (exit 1)',
        '      error: cannot open Packages database in /var/lib/rpm',
        '✔ verify-files  master-0 40ms · master-1 42ms · master-2 ↷ (master-2 failed at packages)',
        '↷ fetch-archive  master-0 · master-1 · master-2  (no --fetch-to)',
        '  master-0  ok',
        '  master-1  ok',
        '  master-2  failed at packages (exit 1)',
        '✖ failed at step packages@master-2 (exit 1) — resume with: opsctl resume r-7',
        '  step packages failed (exit 1)',
        '  error: cannot open Packages database in /var/lib/rpm',
        '',
      ].join('\n'),
    );
  });

  it('TTY in colour paints each host by its own result', () => {
    const out = tty(keepGoing, true);
    expect(out).toContain('\x1b[31m✖\x1b[39m \x1b[1mpackages\x1b[22m  master-0 \x1b[33m✎\x1b[39m \x1b[2m160ms\x1b[22m');
    expect(out).toContain('master-2 \x1b[2m95ms\x1b[22m \x1b[31m(exit 1)\x1b[39m');
    expect(out).toContain('  master-2  \x1b[31mfailed at packages (exit 1)\x1b[39m');
  });

  it('JSON keeps one step.end per host, as before', () => {
    const out = sink();
    const reporter = new JsonReporter({ out: out.stream, err: sink().stream, verbose: false });
    for (const e of keepGoing) reporter.emit(e);
    const ends = out.lines().map((l) => JSON.parse(l)).filter((e) => e.type === 'step.end');
    expect(ends).toHaveLength(keepGoing.filter((e) => e.type === 'step.end').length);
    expect(ends.find((e) => e.key === 'packages@master-2')).toMatchObject({ status: 'failed', exitCode: 1, host: 'master-2' });
  });

  it('a group cut short by a stop prints as far as it got, before what runs next', () => {
    const events: RunEvent[] = [
      { type: 'run.start', runId: 'r-8', runbook: 'master-backup', params: {}, mode: 'run' },
      start('packages', 'master-0'),
      start('packages', 'master-1'),
      end('packages', 'master-1', 'failed', 80, { exitCode: 1 }),
      end('packages', 'master-0', 'changed', 150),
      // master-2 never started (concurrency 2): the run stopped; a finally step on this machine runs.
      { type: 'step.start', stepId: 'cleanup', key: 'cleanup@local', host: 'local', attempt: 1, kind: 'run' },
      { type: 'step.end', stepId: 'cleanup', key: 'cleanup@local', host: 'local', status: 'changed', exitCode: 0, durationMs: 12, attempt: 1 },
      {
        type: 'run.end',
        runId: 'r-8',
        status: 'failed',
        durationMs: 300,
        exitCode: 1,
        failedStep: 'packages@master-1',
        hosts: [
          { host: 'master-0', status: 'skipped', reason: 'after master-1 failed at packages' },
          { host: 'master-1', status: 'failed', stepId: 'packages', key: 'packages@master-1', exitCode: 1 },
          { host: 'master-2', status: 'skipped', reason: 'after master-1 failed at packages' },
        ],
      },
    ];
    expect(plain(events)).toBe(
      [
        'run r-8: master-backup',
        '[start]   packages  on 3 hosts',
        '[failed]  packages  master-0 changed 150ms · master-1 80ms (exit 1)',
        '[start]   local  cleanup',
        '[changed] local  cleanup  (12ms)',
        '  master-0  skipped after master-1 failed at packages',
        '  master-1  failed at packages (exit 1)',
        '  master-2  skipped after master-1 failed at packages',
        'failed at step packages@master-1 (exit 1) — resume with: opsctl resume r-8',
        '',
      ].join('\n'),
    );
  });

  it('on resume, the hosts done earlier are named together', () => {
    const earlier = { reason: 'completed in an earlier attempt' };
    const events: RunEvent[] = [
      end('archive', 'master-1', 'skipped', 0, earlier),
      end('archive', 'master-0', 'skipped', 0, earlier),
      start('archive', 'master-2'),
      end('archive', 'master-2', 'changed', 736),
    ];
    expect(plain(events)).toBe('[start]   master-2  archive\n[changed] archive  master-0, master-1 skipped (completed in an earlier attempt) · master-2 736ms\n');
    expect(tty(events)).toBe('✎ archive  master-0, master-1 ↷ (completed in an earlier attempt) · master-2 736ms\n');
  });

  it('a retried attempt is its own line; the host counts once, when it really ends', () => {
    const events: RunEvent[] = [
      start('copy-files', 'master-0'),
      start('copy-files', 'master-1'),
      end('copy-files', 'master-0', 'changed', 100),
      end('copy-files', 'master-1', 'failed', 50, { exitCode: 1, reason: 'exit 1; retrying in 1000ms', retrying: true }),
      { ...start('copy-files', 'master-1'), attempt: 2 } as RunEvent,
      end('copy-files', 'master-2', 'changed', 90),
      end('copy-files', 'master-1', 'changed', 70, { attempt: 2 }),
    ];
    expect(plain(events).split('\n')).toEqual([
      '[start]   copy-files  on 3 hosts',
      '[failed]  master-1  copy-files  exit 1, exit 1; retrying in 1000ms  (50ms)',
      '[start]   master-1  copy-files (attempt 2)',
      '[changed] copy-files  master-0 100ms · master-1 70ms (attempt 2) · master-2 90ms',
      '',
    ]);
  });
});
