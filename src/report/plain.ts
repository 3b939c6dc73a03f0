// Text for logs, pipes, CI and NO_COLOR terminals: one line per finished step (one per step that ran
// on several hosts at once, with each host's result), no colour, no cursor movement, so `grep` and
// a 3 a.m. scrollback both work.
import { assertNever, type Reporter, type RunEvent } from '../engine/events.js';
import { escapeTerminal as esc } from './escape.js';
import { formatDuration, formatValue, hostSummary, indentLines, stepEndDetail, stepLabel, summarizeRunEnd, type StepEndEvent } from './format.js';
import { describeFanOut, FanOutLines, type FanOutLine } from './fan-out.js';
import { RunMemo } from './memo.js';
import type { ReporterOptions } from './options.js';
import { OutputLines, type OutputLine } from './output-lines.js';
import { renderPlanText } from './plan-text.js';

const STATUS_WIDTH = '[changed]'.length;

export class PlainReporter implements Reporter {
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;
  readonly #verbose: boolean;
  readonly #memo = new RunMemo();
  readonly #output = new OutputLines();
  readonly #fanOut = new FanOutLines();

  constructor(options: ReporterOptions) {
    this.#out = options.out;
    this.#err = options.err;
    this.#verbose = options.verbose;
  }

  emit(e: RunEvent): void {
    this.#memo.remember(e);
    switch (e.type) {
      case 'run.start':
        this.#print(`run ${esc(e.runId)}: ${esc(e.runbook)}${e.mode === 'run' ? '' : ` (${e.mode})`}`);
        if (this.#verbose && e.stateDir) this.#print(`state: ${esc(e.stateDir)}`);
        return;
      case 'plan.step':
        return; // buffered in the memo, rendered as a whole at run.end
      case 'step.start':
        this.#printFanOut(this.#fanOut.started(e));
        if (!this.#verbose && e.attempt <= 1) return;
        this.#print(`... running ${esc(stepLabel(e.stepId, e.name))} on ${esc(e.host)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
        if (this.#verbose && e.command) this.#print(...indentLines(esc(e.command), '    $ '));
        return;
      case 'step.output':
        if (this.#verbose) this.#printOutput(this.#output.push(e));
        return;
      case 'step.end': {
        this.#printOutput(this.#output.flush(e.key));
        const { lines, alone } = this.#fanOut.ended(e);
        this.#printFanOut(lines);
        if (!alone) return;
        const status = `[${e.status}]`.padEnd(STATUS_WIDTH);
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
        this.#printOutput(this.#output.flush());
        this.#printFanOut(this.#fanOut.flushIdle(undefined, true));
        const plan = this.#memo.takePlan();
        if (plan.length > 0) this.#out.write(renderPlanText(plan, this.#memo.header));
        for (const h of hostSummary(e.hosts)) this.#print(`  ${esc(h.host)}  ${esc(h.text)}`);
        this.#print(esc(summarizeRunEnd(e, this.#memo.failedExitOf(e.failedStep))));
        if (e.message) this.#print(...indentLines(esc(e.message), '  '));
        return;
      }
      default:
        assertNever(e);
    }
  }

  close(): void {
    this.#printOutput(this.#output.flush());
  }

  // `[changed] copy-files  master-0 172ms · master-1 312ms · master-2 failed 95ms (exit 1)`
  #printFanOut(lines: FanOutLine[]): void {
    for (const line of lines) {
      const { status, parts, shared, ends } = describeFanOut(line.ends);
      const stepId = line.stepId;
      const hosts = parts.map((p) => [esc(p.host), p.differs ? p.status : '', p.took ?? '', p.detail ? `(${esc(p.detail)})` : ''].filter(Boolean).join(' '));
      const label = stepLabel(stepId, this.#memo.nameOfAny(ends.map((e) => e.key)));
      this.#print(`${`[${status}]`.padEnd(STATUS_WIDTH)} ${esc(label)}  ${hosts.join(' · ')}${shared ? `  (${esc(shared)})` : ''}`);
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

  #print(...lines: string[]): void {
    if (lines.length > 0) this.#out.write(lines.join('\n') + '\n');
  }

  #printOutput(lines: OutputLine[]): void {
    for (const { host, stream, line } of lines) {
      this.#print(`  [${esc(host)}${stream === 'stderr' ? ' stderr' : ''}] ${esc(line)}`);
    }
  }
}
