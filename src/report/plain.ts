// Text for logs, pipes, CI and NO_COLOR terminals: one line per finished step, no colour, no
// cursor movement, so `grep` and a 3 a.m. scrollback both work.
import { assertNever, type Reporter, type RunEvent } from '../engine/events.js';
import { escapeTerminal as esc } from './escape.js';
import { formatDuration, formatValue, indentLines, stepEndDetail, stepLabel, summarizeRunEnd } from './format.js';
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

  constructor(options: ReporterOptions) {
    this.#out = options.out;
    this.#err = options.err;
    this.#verbose = options.verbose;
    this.#showCommands = Boolean(options.showCommands);
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
        if (!this.#verbose && e.attempt <= 1) return;
        this.#print(`... running ${esc(stepLabel(e.stepId, e.name))} on ${esc(e.host)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
        if (this.#verbose && e.command) this.#print(...indentLines(esc(e.command), '    $ '));
        return;
      case 'step.output':
        if (this.#verbose) this.#printOutput(this.#output.push(e));
        return;
      case 'step.end': {
        this.#printOutput(this.#output.flush(e.key));
        const status = `[${e.status}]`.padEnd(STATUS_WIDTH);
        const detail = stepEndDetail(e);
        const took = e.status === 'skipped' ? '' : `  (${formatDuration(e.durationMs)})`;
        const label = stepLabel(e.stepId, this.#memo.nameOf(e.key));
        this.#print(`${status} ${esc(e.host)}  ${esc(label)}${detail ? `  ${esc(detail)}` : ''}${took}`);
        if (e.message) this.#print(...indentLines(esc(e.message), '    '));
        if (e.diff) this.#print(...indentLines(esc(e.diff), '    '));
        if (this.#verbose) {
          for (const [k, v] of Object.entries(e.captures ?? {})) this.#print(`    captured ${esc(k)}=${esc(formatValue(v))}`);
        }
        return;
      }
      case 'step.undo': {
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
        const plan = this.#memo.takePlan();
        if (plan.length > 0) this.#out.write(renderPlan(plan, this.#memo.takeNotes(), this.#memo.header, {}, this.#showCommands));
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

  #print(...lines: string[]): void {
    if (lines.length > 0) this.#out.write(lines.join('\n') + '\n');
  }

  #printOutput(lines: OutputLine[]): void {
    for (const { host, stream, line } of lines) {
      this.#print(`  [${esc(host)}${stream === 'stderr' ? ' stderr' : ''}] ${esc(line)}`);
    }
  }
}
