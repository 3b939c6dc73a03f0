// Text for logs, pipes, CI and NO_COLOR terminals: a start line and one line per finished step (one
// per step that ran on several hosts at once, with each host's result), no cursor movement, so
// `grep`, `tee` and a 3 a.m. scrollback all work.
import { assertNever, type Reporter, type RunEvent } from '../engine/events.js';
import { escapeTerminal as esc } from './escape.js';
import { formatDuration, formatValue, hostSummary, indentLines, stepEndDetail, stepLabel, summarizeRunEnd, type StepEndEvent } from './format.js';
import { describeFanOut, FanOutLines, type FanOutLine } from './fan-out.js';
import { RunMemo } from './memo.js';
import type { ReporterOptions } from './options.js';
import { OutputLines, type OutputLine } from './output-lines.js';
import { renderPlan } from './plan-text.js';

const STATUS_WIDTH = '[changed]'.length;

export class PlainReporter implements Reporter {
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;
  readonly #verbose: boolean;
  readonly #showCommands: boolean;
  readonly #memo = new RunMemo();
  readonly #output = new OutputLines();
  readonly #color: boolean;
  readonly #heartbeatMs: number;
  /** Steps running now, for the heartbeat a CI log or `tee` shows during a long step. */
  readonly #running = new Map<string, { host: string; label: string; startedAt: number; said: number }>();
  #timer: NodeJS.Timeout | undefined;
  readonly #fanOut = new FanOutLines();
  /** Fan-out groups whose start line was printed (one `[start]` for all their hosts). */
  readonly #fanOutStarted = new Set<string>();

  constructor(options: ReporterOptions) {
    this.#out = options.out;
    this.#err = options.err;
    this.#verbose = options.verbose;
    this.#showCommands = Boolean(options.showCommands);
    this.#color = Boolean(options.color);
    this.#heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  emit(e: RunEvent): void {
    this.#memo.remember(e);
    switch (e.type) {
      case 'run.start':
        this.#print(`run ${esc(e.runId)}: ${esc(e.runbook)}${e.mode === 'run' ? '' : ` (${e.mode})`}`);
        if (this.#verbose && e.stateDir) this.#print(`state: ${esc(e.stateDir)}`);
        return;
      case 'plan.step':
      case 'plan.note':
        return; // buffered in the memo, rendered as a whole at run.end
      case 'step.start':
        this.#running.set(e.key, { host: e.host, label: stepLabel(e.stepId, e.name), startedAt: Date.now(), said: Date.now() });
        this.#startHeartbeat();
        this.#printFanOut(this.#fanOut.started(e));
        // One start line for a step starting on several hosts at once (their ends become one line).
        const pending = e.fanOut ? this.#fanOut.pending(e.fanOut.key, e.fanOut.size) : 1;
        if (e.fanOut && e.attempt <= 1 && pending > 1) {
          if (!this.#fanOutStarted.has(e.fanOut.key)) this.#print(`${'[start]'.padEnd(STATUS_WIDTH)} ${esc(stepLabel(e.stepId, e.name))}  on ${pending} hosts`);
          this.#fanOutStarted.add(e.fanOut.key);
        } else {
          this.#print(`${'[start]'.padEnd(STATUS_WIDTH)} ${esc(e.host)}  ${esc(stepLabel(e.stepId, e.name))}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
        }
        if (this.#verbose && e.command) this.#print(...indentLines(esc(e.command), '    $ '));
        return;
      case 'step.output':
        if (this.#verbose) this.#printOutput(this.#output.push(e));
        return;
      case 'step.end': {
        this.#running.delete(e.key);
        this.#printOutput(this.#output.flush(e.key));
        const { lines, alone } = this.#fanOut.ended(e);
        this.#printFanOut(lines);
        if (!alone) return;
        const status = this.#paint(e.status, `[${e.status}]`.padEnd(STATUS_WIDTH));
        const detail = stepEndDetail(e);
        const took = e.status === 'skipped' ? '' : `  (${formatDuration(e.durationMs)})`;
        const label = stepLabel(e.stepId, this.#memo.nameOf(e.key));
        this.#print(`${status} ${esc(e.host)}  ${esc(label)}${detail ? `  ${esc(detail)}` : ''}${took}`);
        this.#printBelow(e, '');
        return;
      }
      case 'step.undo': {
        this.#printFanOut(this.#fanOut.flushIdle());
        const exit = e.status === 'failed' && e.exitCode !== null ? ` (exit ${e.exitCode})` : '';
        this.#print(`[undo ${e.status}] ${esc(e.host)}  ${esc(e.stepId)}${exit}`, ...indentLines(esc(e.command), '    $ '));
        return;
      }
      case 'message': {
        const prefix = e.level === 'info' ? '' : `${e.level === 'warn' ? 'warning' : 'error'}: `;
        this.#err.write(`${prefix}${esc(e.text)}\n`);
        if (e.hint) this.#err.write(`hint: ${esc(e.hint)}\n`);
        return;
      }
      case 'run.end': {
        this.#stopHeartbeat();
        this.#printOutput(this.#output.flush());
        this.#printFanOut(this.#fanOut.flushIdle(undefined, true));
        const plan = this.#memo.takePlan();
        if (plan.length > 0) this.#out.write(renderPlan(plan, this.#memo.takeNotes(), this.#memo.header, {}, this.#showCommands));
        for (const h of hostSummary(e.hosts)) this.#print(`  ${esc(h.host)}  ${this.#paint(h.status, esc(h.text))}`);
        this.#print(esc(summarizeRunEnd(e, this.#memo.failedExitOf(e.failedStep))));
        if (e.message) this.#print(...indentLines(esc(e.message), '  '));
        return;
      }
      default:
        assertNever(e);
    }
  }

  close(): void {
    this.#stopHeartbeat();
    this.#printOutput(this.#output.flush());
  }

  // One timer for all running steps; each says "still running" once per interval.
  #startHeartbeat(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      const now = Date.now();
      for (const r of this.#running.values()) {
        if (now - r.said < this.#heartbeatMs) continue;
        r.said = now;
        this.#print(`${'[running]'.padEnd(STATUS_WIDTH)} ${esc(r.host)}  ${esc(r.label)}  (${formatDuration(now - r.startedAt)} so far)`);
      }
      if (this.#running.size === 0) this.#stopHeartbeat();
    }, Math.min(this.#heartbeatMs, 1000));
    this.#timer.unref();
  }

  #stopHeartbeat(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  // `[changed] copy-files  master-0 172ms · master-1 312ms · master-2 failed 95ms (exit 1)`
  #printFanOut(lines: FanOutLine[]): void {
    for (const line of lines) {
      const { status, parts, shared, ends } = describeFanOut(line.ends);
      const hosts = parts.map((p) => [esc(p.host), p.differs ? this.#paint(p.status, p.status) : '', p.took ?? '', p.detail ? `(${esc(p.detail)})` : ''].filter(Boolean).join(' '));
      const label = stepLabel(line.stepId, this.#memo.nameOfAny(ends.map((e) => e.key)));
      this.#print(`${this.#paint(status, `[${status}]`.padEnd(STATUS_WIDTH))} ${esc(label)}  ${hosts.join(' · ')}${shared ? `  (${esc(shared)})` : ''}`);
      for (const e of ends) this.#printBelow(e, e.host);
    }
  }

  // A step's message, diff and (with -v) captures; under a fan-out line, each host's own.
  #printBelow(e: StepEndEvent, host: string): void {
    const who = host ? `${esc(host)}: ` : '';
    if (e.message) this.#print(...indentLines(esc(e.message), '    ').map((l, i) => (i === 0 ? `    ${who}${l.slice(4)}` : who ? `  ${l}` : l)));
    if (e.diff) this.#print(...indentLines(esc(e.diff), '    '));
    if (this.#verbose) {
      for (const [k, v] of Object.entries(e.captures ?? {})) this.#print(`    ${who}captured ${esc(k)}=${esc(formatValue(v))}`);
    }
  }

  #paint(status: string, text: string): string {
    if (!this.#color) return text;
    const code = { ok: 32, changed: 33, failed: 31, skipped: 2 }[status] ?? 0;
    return `\x1b[${code}m${text}\x1b[${code === 2 ? 22 : 39}m`;
  }

  #print(...lines: string[]): void {
    if (lines.length > 0) this.#out.write(lines.join('\n') + '\n');
  }

  #printOutput(lines: OutputLine[]): void {
    for (const { host, stream, line } of lines) {
      this.#print(`  [${esc(host)}${stream === 'stderr' ? ' stderr' : ''}] ${esc(line)}`);
    }
  }
}
