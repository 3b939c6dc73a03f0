// Binds the engine's step transitions to the run store: journal lines (fsync'd) and per-step logs
// (redacted). In check mode nothing is written, so the same engine serves both.
import type { PlanStep } from '../plan/types.js';
import type { StepJournal } from './run-plan.js';
import type { StepOutcome } from './outcome.js';
import type { JournalWriter } from '../state/journal.js';
import { openStepLog, stepLogPath, type StepLog } from '../state/step-log.js';
import { redactObject, type Redactor } from '../state/redact.js';

export class RunStoreJournal implements StepJournal {
  private readonly logs = new Map<string, StepLog>();

  constructor(
    private readonly writer: JournalWriter,
    private readonly runDir: string,
    private readonly redact: Redactor,
  ) {}

  start(step: PlanStep, attempt: number): void {
    this.writer.append({ type: 'step.start', key: step.key, stepId: step.id, host: step.host, attempt });
  }

  end(step: PlanStep, attempt: number, o: StepOutcome, durationMs: number): void {
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
    });
    this.logs.get(step.key)?.close();
    this.logs.delete(step.key);
  }

  undo(step: PlanStep, status: 'ok' | 'failed', exitCode: number | null): void {
    this.writer.append({ type: 'step.undo', key: step.key, stepId: step.id, host: step.host, status, exitCode });
  }

  log(step: PlanStep, stream: 'stdout' | 'stderr' | 'info', text: string): void {
    let log = this.logs.get(step.key);
    if (!log) {
      log = openStepLog(stepLogPath(this.runDir, step.seq, step.id), this.redact);
      this.logs.set(step.key, log);
      log.write('info', `step ${step.key} on ${step.host}\n`);
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
