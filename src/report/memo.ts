// What the human reporters remember across events: step.end does not repeat a step's name, the
// run summary wants the failed step's exit code, and a dry-run plan is rendered as a whole.
import type { RunEvent } from '../engine/events.js';
import type { PlanHeader, PlanNoteEvent, PlanStepEvent } from './plan-text.js';

export class RunMemo {
  readonly plan: PlanStepEvent[] = [];
  readonly notes: PlanNoteEvent[] = [];
  header: PlanHeader = { runbook: '' };
  readonly #names = new Map<string, string>();
  readonly #failedExit = new Map<string, number | null>();

  remember(e: RunEvent): void {
    if (e.type === 'run.start') this.header = { runbook: e.runbook, runId: e.runId, params: e.params, hostFailure: e.hostFailure };
    if (e.type === 'plan.step') this.plan.push(e);
    if (e.type === 'plan.note') this.notes.push(e);
    if (e.type === 'step.start' && e.name) this.#names.set(e.key, e.name);
    if (e.type === 'step.end' && e.status === 'failed') {
      this.#failedExit.set(e.key, e.exitCode);
      this.#failedExit.set(e.stepId, e.exitCode);
    }
  }

  nameOf(key: string): string | undefined {
    return this.#names.get(key);
  }

  /** The name of the first of these step instances that started (a fan-out line's). */
  nameOfAny(keys: string[]): string | undefined {
    return keys.map((k) => this.#names.get(k)).find((n) => n !== undefined);
  }

  /** run.end's `failedStep` may be a step id or an instance key; both are remembered. */
  failedExitOf(step: string | undefined): number | null | undefined {
    return step === undefined ? undefined : this.#failedExit.get(step);
  }

  /** The buffered plan, once: it is printed at run.end and must not print again on close. */
  takePlan(): PlanStepEvent[] {
    return this.plan.splice(0, this.plan.length);
  }

  /** The plan's notes, taken with the plan. */
  takeNotes(): PlanNoteEvent[] {
    return this.notes.splice(0, this.notes.length);
  }
}
