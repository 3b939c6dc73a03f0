// Binds the engine's step transitions to the run store: journal lines (fsync'd) and per-step logs
// (redacted). In check mode nothing is written, so the same engine serves both.
import type { PlanStep } from '../plan/types.js';
import type { StepJournal } from './run-plan.js';
import type { StepOutcome } from './outcome.js';
import type { JournalWriter } from '../state/journal.js';
import { openStepLog, stepLogPath, type StepLog } from '../state/step-log.js';
import { redactObject, type Redactor } from '../state/redact.js';
import { saveCaptures } from '../state/captures-file.js';

export class RunStoreJournal implements StepJournal {
  private readonly logs = new Map<string, StepLog>();
  /** Info lines (the command) held until the step prints something or fails: no empty log files. */
  private readonly pending = new Map<string, string[]>();

  constructor(
    private readonly writer: JournalWriter,
    private readonly runDir: string,
    private readonly redact: Redactor,
  ) {}

  start(step: PlanStep, attempt: number, rec?: string): void {
    // A read-only step is safe to run again, so its start need not survive an OS crash.
    this.writer.append({ type: 'step.start', key: step.key, stepId: step.id, host: step.host, attempt, ...(rec ? { rec } : {}) }, { durable: !step.readOnly });
  }

  end(step: PlanStep, attempt: number, o: StepOutcome, durationMs: number): void {
    // The real values, for resume; the journal line below keeps them masked.
    if (o.status !== 'failed') saveCaptures(this.runDir, step.key, o.captures);
    this.writer.append({
      type: 'step.end',
      key: step.key,
      stepId: step.id,
      host: step.host,
      status: o.status,
      exitCode: o.exitCode,
      durationMs,
      attempt,
      captures: redactObject(o.captures, this.redact),
      ...(o.message && o.status === 'failed' ? { error: this.redact(o.message).slice(0, 4000) } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.unknown ? { unknown: true as const } : {}),
      ...(o.commandOk ? { commandOk: true as const } : {}),
      ...(o.recovered ? { recovered: true as const } : {}),
    }, { durable: false });
    if (o.status === 'failed' && !this.logs.has(step.key)) this.write(step, 'info', `${o.message ?? 'failed'}\n`);
    this.logs.get(step.key)?.close();
    this.logs.delete(step.key);
    this.pending.delete(step.key);
  }

  undo(step: PlanStep, status: 'ok' | 'failed', exitCode: number | null): void {
    this.writer.append({ type: 'step.undo', key: step.key, stepId: step.id, host: step.host, status, exitCode });
  }

  log(step: PlanStep, stream: 'stdout' | 'stderr' | 'info', text: string): void {
    if (stream === 'info' && !this.logs.has(step.key)) {
      const held = this.pending.get(step.key) ?? [];
      held.push(text);
      this.pending.set(step.key, held);
      return;
    }
    this.write(step, stream, text);
  }

  private write(step: PlanStep, stream: 'stdout' | 'stderr' | 'info', text: string): void {
    let log = this.logs.get(step.key);
    if (!log) {
      log = openStepLog(stepLogPath(this.runDir, step.seq, step.id), this.redact);
      this.logs.set(step.key, log);
      log.write('info', `step ${step.key} on ${step.host}\n`);
      for (const line of this.pending.get(step.key) ?? []) log.write('info', line);
      this.pending.delete(step.key);
    }
    log.write(stream, text);
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }
}

/** Check mode writes nothing. */
export const nullJournal: StepJournal = { start() {}, end() {}, undo() {}, log() {} };
