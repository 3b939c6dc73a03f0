// An interactive terminal: one spinner naming the steps running now (several when branches run
// in parallel) and, above it, one coloured line per finished step — one per step that ran on
// several hosts at once, with each host's result and time.
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import { assertNever, type Reporter, type RunEvent, type StepStatus } from '../engine/events.js';
import { escapeTerminal as esc, truncateLine } from './escape.js';
import { formatDuration, formatValue, hostSummary, indentLines, stepEndDetail, stepLabel, summarizeRunEnd, type StepEndEvent } from './format.js';
import { describeFanOut, FanOutLines, type FanOutLine } from './fan-out.js';
import { RunMemo } from './memo.js';
import type { ReporterOptions } from './options.js';
import { OutputLines, type OutputLine } from './output-lines.js';
import { paintDiffLine, renderPlan, type PlanPaint } from './plan-text.js';

const SYMBOL: Record<StepStatus, string> = { ok: '✔', changed: '✎', failed: '✖', skipped: '↷' };

export class TtyReporter implements Reporter {
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;
  readonly #verbose: boolean;
  readonly #showCommands: boolean;
  readonly #c: ChalkInstance;
  readonly #spinner: Ora;
  readonly #memo = new RunMemo();
  readonly #output = new OutputLines();
  readonly #fanOut = new FanOutLines();
  readonly #running = new Map<string, { stepId: string; host: string; group?: string; startedAt: number }>();
  /** The confirm step waiting for the operator: the spinner must not draw over its prompt. */
  #gate: string | undefined;

  constructor(options: ReporterOptions) {
    this.#out = options.out;
    this.#err = options.err;
    this.#verbose = options.verbose;
    this.#showCommands = Boolean(options.showCommands);
    const color = options.color ?? true;
    this.#c = new Chalk({ level: color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
    // discardStdin would put stdin in raw mode: confirm prompts and Ctrl-C must keep working.
    this.#spinner = ora({
      stream: options.out,
      discardStdin: false,
      color: color ? 'cyan' : false,
      suffixText: () => this.#elapsed(),
    });
  }

  emit(e: RunEvent): void {
    this.#memo.remember(e);
    const c = this.#c;
    switch (e.type) {
      case 'run.start':
        this.#write(this.#out, c.bold(`run ${esc(e.runId)}: ${esc(e.runbook)}${e.mode === 'run' ? '' : ` (${e.mode})`}`));
        if (this.#verbose && e.stateDir) this.#write(this.#out, c.dim(`state: ${esc(e.stateDir)}`));
        return;
      case 'plan.step':
      case 'plan.note':
        return; // buffered in the memo, rendered as a whole at run.end
      case 'step.start':
        this.#writeFanOut(this.#fanOut.started(e));
        this.#running.set(e.key, { stepId: e.stepId, host: e.host, group: e.fanOut?.key, startedAt: Date.now() });
        if (e.kind === 'confirm') this.#gate = e.key;
        if (e.attempt > 1) this.#write(this.#out, c.yellow(`↻ retrying ${esc(e.stepId)} on ${esc(e.host)} (attempt ${e.attempt})`));
        if (this.#verbose && e.command) this.#write(this.#out, c.dim(indentLines(esc(e.command), '  $ ').join('\n')));
        this.#refreshSpinner();
        return;
      case 'step.output':
        if (this.#verbose) this.#writeOutput(this.#output.push(e));
        return;
      case 'step.end':
        this.#running.delete(e.key);
        if (this.#gate === e.key) this.#gate = undefined;
        this.#refreshSpinner();
        this.#writeOutput(this.#output.flush(e.key));
        this.#writeStepEnd(e);
        return;
      case 'step.undo': {
        this.#writeFanOut(this.#fanOut.flushIdle());
        const exit = e.status === 'failed' && e.exitCode !== null ? ` (exit ${e.exitCode})` : '';
        const line = `↺ undo ${esc(e.stepId)} on ${esc(e.host)}${exit}`;
        const command = c.dim(indentLines(esc(e.command), '  $ ').join('\n'));
        this.#write(this.#out, `${e.status === 'ok' ? c.green(line) : c.red(line)}\n${command}`);
        return;
      }
      case 'message': {
        const prefix = e.level === 'info' ? '' : e.level === 'warn' ? c.yellow('⚠ warning: ') : c.red('✖ error: ');
        this.#write(this.#err, prefix + esc(e.text) + (e.hint ? '\n' + c.dim(`  hint: ${esc(e.hint)}`) : ''));
        return;
      }
      case 'run.end': {
        this.#running.clear();
        this.#spinner.stop();
        this.#writeOutput(this.#output.flush());
        this.#writeFanOut(this.#fanOut.flushIdle(undefined, true));
        const plan = this.#memo.takePlan();
        if (plan.length > 0) this.#out.write(renderPlan(plan, this.#memo.takeNotes(), this.#memo.header, this.#planPaint(), this.#showCommands, (this.#out as Partial<NodeJS.WriteStream>).columns));
        const summary = hostSummary(e.hosts);
        if (summary.length > 0) {
          const paint = { ok: c.green, failed: c.red, skipped: c.yellow };
          this.#write(this.#out, summary.map((h) => `  ${esc(h.host)}  ${paint[h.status](esc(h.text))}`).join('\n'));
        }
        const last = esc(summarizeRunEnd(e, this.#memo.failedExitOf(e.failedStep)));
        const painted = {
          succeeded: c.green(`✔ ${last}`),
          failed: c.red.bold(`✖ ${last}`),
          interrupted: c.yellow(`⚠ ${last}`),
          planned: c.dim(last),
          checked: c.bold(last),
        }[e.status];
        this.#write(this.#out, painted + (e.message ? '\n' + indentLines(esc(e.message), '  ').join('\n') : ''));
        return;
      }
      default:
        assertNever(e);
    }
  }

  close(): void {
    this.#running.clear();
    this.#spinner.stop();
    this.#writeOutput(this.#output.flush());
    this.#writeFanOut(this.#fanOut.flushIdle(undefined, true));
  }

  #writeStepEnd(e: StepEndEvent): void {
    const { lines: fanOut, alone } = this.#fanOut.ended(e);
    this.#writeFanOut(fanOut);
    if (!alone) return;
    const c = this.#c;
    const paint = this.#paint(e.status);
    const detail = stepEndDetail(e);
    const label = stepLabel(e.stepId, this.#memo.nameOf(e.key));
    const took = e.status === 'skipped' ? '' : `  ${c.dim(formatDuration(e.durationMs))}`;
    const lines = [`${paint(SYMBOL[e.status])} ${esc(e.host)}  ${c.bold(esc(label))}${detail ? `  ${paint(esc(detail))}` : ''}${took}`];
    this.#write(this.#out, [...lines, ...this.#below(e, '')].join('\n'));
  }

  // `✎ copy-files  master-0 172ms · master-1 312ms · master-2 ✖ 95ms (exit 1)`
  #writeFanOut(lines: FanOutLine[]): void {
    const c = this.#c;
    for (const group of lines) {
      const { status, parts, shared, ends } = describeFanOut(group.ends);
      const stepId = group.stepId;
      const paint = this.#paint(status);
      const hosts = parts.map((p) => {
        const own = this.#paint(p.status);
        const bits = [esc(p.host), p.differs ? own(SYMBOL[p.status]) : '', p.took ? c.dim(p.took) : '', p.detail ? own(`(${esc(p.detail)})`) : ''];
        return bits.filter(Boolean).join(' ');
      });
      const label = stepLabel(stepId, this.#memo.nameOfAny(ends.map((e) => e.key)));
      const line = `${paint(SYMBOL[status])} ${c.bold(esc(label))}  ${hosts.join(c.dim(' · '))}${shared ? `  ${paint(`(${esc(shared)})`)}` : ''}`;
      this.#write(this.#out, [line, ...ends.flatMap((e) => this.#below(e, e.host))].join('\n'));
    }
  }

  // A step's message, diff and (with -v) captures; under a fan-out line, each host's own.
  #below(e: StepEndEvent, host: string): string[] {
    const c = this.#c;
    const who = host ? `${esc(host)}: ` : '';
    const lines: string[] = [];
    if (e.message) {
      const message = indentLines(esc(e.message), '    ').map((l, i) => (i === 0 ? `    ${who}${l.slice(4)}` : who ? `  ${l}` : l));
      lines.push(...message.map((l) => (e.status === 'failed' ? c.red(l) : l)));
    }
    if (e.diff) lines.push(...indentLines(esc(e.diff), '').map((l) => '    ' + paintDiffLine(l, this.#planPaint())));
    if (this.#verbose) {
      for (const [k, v] of Object.entries(e.captures ?? {})) lines.push(c.dim(`    ${who}captured ${esc(k)}=${esc(formatValue(v))}`));
    }
    return lines;
  }

  #paint(status: StepStatus): (s: string) => string {
    const c = this.#c;
    return { ok: c.green, changed: c.yellow, failed: c.red, skipped: c.dim }[status];
  }

  #writeOutput(lines: OutputLine[]): void {
    for (const { host, stream, line } of lines) {
      const tag = stream === 'stderr' ? this.#c.yellow(`[${esc(host)} stderr]`) : this.#c.dim(`[${esc(host)}]`);
      this.#write(this.#out, `  ${tag} ${esc(line)}`);
    }
  }

  // Printed lines go above the spinner: clear it, write, draw it again below.
  #write(stream: NodeJS.WritableStream, text: string): void {
    const spinning = this.#spinner.isSpinning;
    if (spinning) this.#spinner.clear();
    stream.write(text + '\n');
    if (spinning) this.#spinner.render();
  }

  #refreshSpinner(): void {
    // A disabled ora (not a TTY) would print a line per start(); finished lines say it all there.
    if (!this.#spinner.isEnabled) return;
    if (this.#running.size === 0 || this.#gate !== undefined) {
      this.#spinner.stop();
      return;
    }
    // The hosts of one fan-out step share a label: `copy-files @ master-0, master-1, master-2`.
    const byStep = new Map<string, { stepId: string; hosts: string[] }>();
    for (const [key, r] of this.#running) {
      const entry = byStep.get(r.group ?? key) ?? { stepId: r.stepId, hosts: [] };
      entry.hosts.push(r.host);
      byStep.set(r.group ?? key, entry);
    }
    const labels = [...byStep.values()].map((r) => `${esc(r.stepId)} @ ${r.hosts.map(esc).join(', ')}`);
    const text = (this.#running.size > 1 ? `${this.#running.size} running: ` : '') + labels.join(', ');
    const columns = (this.#out as Partial<NodeJS.WriteStream>).columns ?? 80;
    this.#spinner.text = truncateLine(text, Math.max(columns - 12, 10));
    if (this.#spinner.isSpinning) this.#spinner.render();
    else this.#spinner.start();
  }

  #elapsed(): string {
    const first = Math.min(...[...this.#running.values()].map((r) => r.startedAt));
    return Number.isFinite(first) ? this.#c.dim(formatDuration(Date.now() - first)) : '';
  }

  #planPaint(): Required<PlanPaint> {
    const c = this.#c;
    return {
      heading: c.bold, stepId: c.bold, command: c.cyan, added: c.green, removed: c.red, hunk: c.cyan, gate: c.yellow.bold, muted: c.dim,
    };
  }
}
