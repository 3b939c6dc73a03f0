import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { TtyReporter } from '../../src/report/tty.js';
import { planSteps, runEnd, runEvents, runStart, sink, type Sink } from './helpers.js';

function feed(events: RunEvent[], options: { color: boolean; verbose?: boolean; out?: Sink; showCommands?: boolean }) {
  const out = options.out ?? sink();
  const err = sink();
  const reporter = new TtyReporter({ out: out.stream, err: err.stream, verbose: options.verbose ?? false, color: options.color, showCommands: options.showCommands ?? true });
  for (const e of events) reporter.emit(e);
  reporter.close();
  return { out: out.text(), err: err.text(), reporter };
}

// Enough of a tty.WriteStream for ora to draw; cursor moves are recorded as text.
function fakeTerminal(): Sink {
  const s = sink();
  const write = (text: string) => s.stream.write(text);
  Object.assign(s.stream, {
    isTTY: true,
    columns: 100,
    rows: 24,
    cursorTo: () => write('<cursorTo>'),
    moveCursor: () => write('<moveCursor>'),
    clearLine: () => write('<clearLine>'),
  });
  return s;
}

describe('TtyReporter on a stream that is not a terminal', () => {
  it('prints a line per finished step with its symbol and no spinner text', () => {
    const { out, err } = feed(runEvents, { color: false });
    expect(out).toContain('✔ master-0  hostname  1.2s\n');
    expect(out).toContain('✎ master-1  copy-origin (Copy /etc/origin)  attempt 2  1m01s\n');
    expect(out).toContain('↷ master-0  compress  creates /backup/etc.tgz exists\n');
    expect(out).toContain('✖ master-0  snapshot  exit 1  3.2s\n    Error: context deadline exceeded\\x1b[2J\n');
    expect(out).toContain('↺ undo copy-origin on master-0\n  $ rm -rf /backup/etc\n');
    expect(out).toContain('✖ failed at step snapshot (exit 1) — resume with: opsctl resume r-42\n');
    expect(out).not.toContain('running');
    expect(out + err).not.toContain('\x1b');
    expect(err).toBe('⚠ warning: etcd is slow\n  hint: check disk latency\n✖ error: snapshot failed\n');
  });

  it('colours symbols and plan diffs when colour is on', () => {
    const { out } = feed([...runEvents.slice(0, 5), ...planSteps, runEnd('planned')], { color: true });
    expect(out).toContain('\x1b[32m✔\x1b[39m master-0');
    expect(out).toContain('\x1b[31m-  server master-2 10.0.0.3:6443\x1b[39m');
    expect(out).toContain('⚠ CONFIRM: Remove member master-2');
    expect(out).not.toContain('\x1b]0;'); // the OSC in the remote output never reaches the terminal
  });

  it('shows escaped remote output in verbose mode', () => {
    const { out } = feed(runEvents.slice(0, 5), { color: false, verbose: true });
    expect(out).toContain('  [master-0] \\x1b[31mred\\x1b]0;pwned\\x07\n');
  });
});

describe('TtyReporter on a terminal', () => {
  const saved = { CI: process.env.CI, TERM: process.env.TERM };
  beforeEach(() => {
    delete process.env.CI;
    process.env.TERM = 'xterm-256color';
  });
  afterEach(() => {
    if (saved.CI === undefined) delete process.env.CI;
    else process.env.CI = saved.CI;
    process.env.TERM = saved.TERM;
  });

  it('names the running steps in the spinner, pauses for a gate and stops at run.end', async () => {
    const term = fakeTerminal();
    const err = sink();
    const reporter = new TtyReporter({ out: term.stream, err: err.stream, verbose: false, color: false });
    const start = (key: string, host: string, kind: 'run' | 'confirm' = 'run'): RunEvent => ({ type: 'step.start', stepId: 'copy-origin', key, host, attempt: 1, kind });
    reporter.emit(runStart);
    reporter.emit(start('a', 'master-0'));
    reporter.emit(start('b', 'master-1'));
    expect(term.text()).toContain('2 running: copy-origin @ master-0, copy-origin @ master-1');
    reporter.emit({ type: 'step.end', stepId: 'copy-origin', key: 'a', host: 'master-0', status: 'ok', exitCode: 0, durationMs: 5, attempt: 1 });
    expect(term.text()).toMatch(/<clearLine>(<cursorTo>)?✔ master-0  copy-origin  5ms\n[^\n]* copy-origin @ master-1 \d+ms/);
    reporter.emit({ type: 'step.end', stepId: 'copy-origin', key: 'b', host: 'master-1', status: 'ok', exitCode: 0, durationMs: 5, attempt: 1 });

    reporter.emit(start('gate', 'local', 'confirm'));
    const beforePrompt = term.text().length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(term.text().length).toBe(beforePrompt); // nothing drawn over the confirm prompt

    reporter.emit(runEnd('succeeded'));
    reporter.close();
    const atEnd = term.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(term.text()).toBe(atEnd);
    expect(atEnd).toContain('\x1b[?25h'); // cursor shown again
    expect(atEnd.replaceAll('<cursorTo>', '').replaceAll('\x1b[?25h', '')).toMatch(/\n✔ succeeded in 3\.2s\n$/);
  });
});
