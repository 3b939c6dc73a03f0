import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { PlainReporter } from '../../src/report/plain.js';
import { planSteps, runEnd, runEvents, runStart, sink } from './helpers.js';

function feed(events: RunEvent[], verbose = false, showCommands = false) {
  const out = sink();
  const err = sink();
  const reporter = new PlainReporter({ out: out.stream, err: err.stream, verbose, showCommands });
  for (const e of events) reporter.emit(e);
  reporter.close();
  return { out: out.text(), err: err.text() };
}

describe('PlainReporter', () => {
  it('prints one line per finished step, the summary and the resume command', () => {
    const { out, err } = feed(runEvents);
    expect(out).toBe(
      [
        'run r-42: master-backup',
        '[start]   master-0  hostname',
        '[ok]      master-0  hostname  (1.2s)',
        '[start]   master-0  copy-origin (Copy /etc/origin)',
        '[start]   master-1  copy-origin (Copy /etc/origin) (attempt 2)',
        '[changed] master-1  copy-origin (Copy /etc/origin)  attempt 2  (1m01s)',
        '[changed] master-0  copy-origin (Copy /etc/origin)  (850ms)',
        '[skipped] master-0  compress  creates /backup/etc.tgz exists',
        '[start]   master-0  snapshot',
        '[failed]  master-0  snapshot  exit 1  (3.2s)',
        '    Error: context deadline exceeded\\x1b[2J',
        '[undo ok] master-0  copy-origin',
        '    $ rm -rf /backup/etc',
        'failed at step snapshot (exit 1) — resume with: opsctl resume r-42',
        '',
      ].join('\n'),
    );
    expect(err).toBe('warning: etcd is slow\nhint: check disk latency\nerror: snapshot failed\n');
  });

  it('in verbose mode prints starts, commands, escaped output per host, and captures', () => {
    const { out } = feed(runEvents, true);
    expect(out).toContain('[start]   master-0  hostname\n    $ hostname\n');
    expect(out).toContain('  [master-0] master-0\n  [master-0] \\x1b[31mred\\x1b]0;pwned\\x07\n[ok]      master-0  hostname');
    expect(out).toContain('  [master-1 stderr] cp: warning\n');
    expect(out).toContain('    captured hostname=master-0\n');
    expect(out).not.toMatch(/[\u001b\u0007\r]/);
  });

  it('says how each run ended', () => {
    const end = (e: RunEvent) => feed([runStart, e]).out.split('\n').slice(1).join('\n');
    expect(end(runEnd('succeeded'))).toBe('succeeded in 3.2s\n');
    expect(end(runEnd('interrupted', { exitCode: 130, message: 'SIGINT' }))).toBe(
      'interrupted — state saved; resume with: opsctl resume r-42\n  SIGINT\n',
    );
    expect(end(runEnd('failed', { exitCode: 3, failedStep: 'health' }))).toBe(
      'precondition failed at step health — resume with: opsctl resume r-42\n',
    );
    expect(end(runEnd('failed', { exitCode: 4, message: 'locked by run r-41' }))).toBe('failed (exit 4)\n  locked by run r-41\n');
    expect(end(runEnd('checked'))).toBe('check finished in 3.2s — mutating steps were not run\n');
    expect(end(runEnd('planned'))).toBe('dry run — nothing was executed\n');
  });

  it('renders a dry-run plan at run.end: one line per step and host, what each does and its effect', () => {
    const { out } = feed([{ ...runStart }, ...planSteps, { type: 'plan.note', label: 'quorum', text: 'etcd 3 → 2 is even', verdict: 'refused', stepId: 'member-remove', fix: 'pass --even-plan TEXT' }, runEnd('planned')]);
    expect(out).toContain('Plan: master-backup  (run r-42)\n');
    expect(out).toContain('  1  read-only    master-0  health          assert: etcdctl endpoint health\n');
    expect(out).toContain('  2  GATE         local     confirm-remove  Remove member master-2 from the etcd cluster?\n');
    expect(out).toContain('  6  destructive  master-0  member-remove   etcdctl member remove <captures.memberId>  (gate 2, conditional)\n');
    expect(out).toContain('7 steps on 5 hosts: 1 read-only, 0 mutating, 5 destructive, 1 gate; 1 skipped at plan time\n');
    expect(out).toContain('  ✖ will be refused at step 6 (member-remove): quorum: etcd 3 → 2 is even\n      pass --even-plan TEXT\n');
    expect(out).not.toContain('server master-2 10.0.0.3'); // diffs and full commands only with --show-commands
    expect(out).not.toContain('\x1b');
  });

  it('renders every command with --show-commands', () => {
    const { out } = feed([{ ...runStart }, ...planSteps, runEnd('planned')], false, true);
    expect(out).toContain('Plan: master-backup  (run r-42)\n');
    expect(out).toContain('    ⚠ CONFIRM: Remove member master-2 from the etcd cluster?\n');
    expect(out).toMatch(/7 steps on 5 hosts, 5 mutating, 1 gate, 1 skipped\ndry run — nothing was executed\n$/);
    expect(out).not.toContain('\x1b');
  });

  it('says a long step is still running (a heartbeat for CI logs and tee), until it ends', async () => {
    const out = sink();
    const reporter = new PlainReporter({ out: out.stream, err: sink().stream, verbose: false, heartbeatMs: 100 });
    reporter.emit({ ...runStart });
    reporter.emit({ type: 'step.start', stepId: 'slow', key: 'k/slow', host: 'master-0', attempt: 1, kind: 'run' });
    await new Promise((r) => setTimeout(r, 1500));
    reporter.emit({ type: 'step.end', stepId: 'slow', key: 'k/slow', host: 'master-0', status: 'ok', exitCode: 0, durationMs: 1500, attempt: 1 });
    const beats = out.text().match(/^\[running\] master-0  slow  \(\S+ so far\)$/gm) ?? [];
    expect(beats.length).toBeGreaterThanOrEqual(1);
    expect(out.text().match(/\[running\]/g)?.length).toBe(beats.length);
    await new Promise((r) => setTimeout(r, 1200));
    expect(out.text().match(/\[running\]/g)?.length).toBe(beats.length);
    reporter.close();
  });

  it('colours the status with FORCE_COLOR (a CI log viewer that renders ANSI)', () => {
    const out = sink();
    const reporter = new PlainReporter({ out: out.stream, err: sink().stream, verbose: false, color: true });
    for (const e of runEvents) reporter.emit(e);
    reporter.close();
    expect(out.text()).toContain('\x1b[32m[ok]     \x1b[39m master-0');
    expect(out.text()).toContain('\x1b[31m[failed] \x1b[39m master-0');
  });
});
