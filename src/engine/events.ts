// The one event stream the engine emits; every reporter (TTY, plain, JSON lines) consumes it and
// must handle each kind (checked by `assertNever` in the reporters). Field names follow DESIGN.md §3.
import type { ActionKind } from '../plan/types.js';

export type StepStatus = 'ok' | 'changed' | 'failed' | 'skipped';
export type RunStatus = 'succeeded' | 'failed' | 'interrupted' | 'planned' | 'checked';

/** One step on several hosts at once: the human reporters print it as one line when all have ended. */
export interface FanOut {
  /** The group's key: the step instances' keys without `@host`. */
  key: string;
  /** How many hosts it runs on (each ends once: ran, or skipped). */
  size: number;
}

/** How one host ended the run: the per-host summary of run.end. */
export interface HostOutcome {
  host: string;
  /** `skipped`: some of its steps did not run because another host failed, or the run stopped. */
  status: 'ok' | 'failed' | 'skipped';
  /** failed: the step it failed at (step id) and the instance key. */
  stepId?: string;
  key?: string;
  exitCode?: number | null;
  /** skipped: why, in words (`after master-2 failed at packages`). */
  reason?: string;
}

export type RunEvent =
  | { type: 'run.start'; runId: string; runbook: string; params: Record<string, unknown>; mode: 'run' | 'check' | 'resume'; stateDir?: string; hostFailure?: string }
  | {
      type: 'plan.step';
      stepId: string;
      key: string;
      host: string;
      kind: ActionKind | 'skip';
      phase: string[];
      name?: string;
      command?: string;
      diff?: string;
      rule?: string;
      gate?: string;
      guards?: string[];
      undo?: string;
      when?: string;
      readOnly: boolean;
      final: boolean;
      group?: string;
      reason?: string;
      /** The step's host-failure policy when it is not the run's. */
      hostFailure?: string;
    }
  | { type: 'plan.note'; label: string; text: string; verdict: 'refused' | 'warn' | 'info'; stepId?: string; fix?: string }
  | { type: 'step.start'; stepId: string; key: string; host: string; attempt: number; kind: ActionKind; name?: string; command?: string; fanOut?: FanOut }
  | { type: 'step.output'; stepId: string; key: string; host: string; stream: 'stdout' | 'stderr'; text: string }
  | {
      type: 'step.end';
      stepId: string;
      key: string;
      host: string;
      status: StepStatus;
      exitCode: number | null;
      durationMs: number;
      attempt: number;
      reason?: string;
      message?: string;
      diff?: string;
      captures?: Record<string, string>;
      fanOut?: FanOut;
      /** A failed attempt that will be tried again: not the step's end. */
      retrying?: boolean;
    }
  | { type: 'step.undo'; stepId: string; key: string; host: string; status: 'ok' | 'failed'; command: string; exitCode: number | null }
  | { type: 'message'; level: 'info' | 'warn' | 'error'; text: string; hint?: string }
  | { type: 'run.end'; runId: string; status: RunStatus; durationMs: number; exitCode: number; failedStep?: string; message?: string; hosts?: HostOutcome[] };

export type RunEventType = RunEvent['type'];

export interface Reporter {
  emit(event: RunEvent): void;
  /** Flush and stop spinners; called once at the end. */
  close(): void;
}

export function assertNever(x: never): never {
  throw new Error(`unhandled event: ${JSON.stringify(x)}`);
}
