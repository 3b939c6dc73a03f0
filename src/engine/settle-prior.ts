// What to do with a step an earlier attempt left undecided (DESIGN.md §4): its outcome unknown
// (opsctl died or lost the connection while it ran), or its command succeeded but a capture
// failed. The step's host is asked first, through its record; only when the host cannot tell does
// the old rule apply (run again if safe to repeat or --retry-unknown, else stop and say why).
import type { PlanHost, PlanStep } from '../plan/types.js';
import type { Transport } from '../transport/types.js';
import { HostError, StepError, type ConnectionLostError } from '../errors.js';
import { abortableDelay } from './delay.js';
import type { HostRecords } from './host-records.js';
import type { ReadBack } from './host-record.js';
import { runOutcome, type KindContext } from './kinds.js';
import type { StepOutcome } from './outcome.js';

export interface PriorStep {
  state: 'done' | 'failed' | 'unknown' | 'undone' | 'skipped';
  /** The host record of its last start. */
  rec?: string;
  /** Failed only after its command had succeeded (a capture failed). */
  commandOk?: boolean;
  /** Completed, but its real captures are gone (only masked ones journaled): it needs deciding again. */
  capturesLost?: boolean;
  /** Set when the operator marked it with `resume --mark`. */
  marked?: { state: 'done' | 'skip'; reason: string };
}

/** Kinds whose effect is the same when done twice: a declarative edit, a file put or fetched, a check. */
const REPEATABLE_KINDS = new Set(['copy', 'fetch', 'edit', 'assert', 'wait', 'confirm']);

// Running it again cannot do harm: declared idempotent, read-only, or a repeatable kind.
export function safeToRepeat(step: PlanStep): boolean {
  return step.idempotent || step.readOnly || REPEATABLE_KINDS.has(step.action.kind);
}

export interface Asking {
  records?: HostRecords;
  transport: Transport;
  step: PlanStep;
  host: PlanHost;
  signal: AbortSignal;
  say: (text: string) => void;
}

const POLL_MS = 1000;
const STARTING_POLLS = 25;
/** How long a host that cannot be reached (rebooting, sshd restarting) is asked again before resume gives up on it. */
export const UNREACHABLE_MS = 5 * 60_000;
const UNREACHABLE_POLL_MS = 2000;

/** The record's answer once the step is no longer running there; `interrupted` when Ctrl-C came first. */
// `unreachableMs`: how long a host that cannot be reached is asked again (resume waits for a
// rebooting host; a run that just lost its connection does not: resume asks later).
export async function askHost(a: Asking, rec: string, unreachableMs: number): Promise<ReadBack | { state: 'interrupted' }> {
  if (!a.records) return { state: 'lost', why: `no record of it was kept on ${a.step.host}` };
  const c = { transport: a.transport, step: a.step, host: a.host };
  const deadline = a.step.timeoutMs ? Date.now() + a.step.timeoutMs : Infinity;
  let told = false;
  let unreachableSince: number | undefined;
  for (let starting = 0; ; ) {
    const rb = await a.records.readBack(c, rec);
    if (rb.state === 'starting' && ++starting > STARTING_POLLS) return { state: 'lost', why: `the step's wrapper on ${a.step.host} created its record but never started the command` };
    // A host that is rebooting or restarting sshd answers again soon: its record is still there.
    if (rb.state === 'lost' && rb.unreachable) {
      if (unreachableMs <= 0) return rb;
      if (unreachableSince === undefined) {
        unreachableSince = Date.now();
        a.say(`${rb.why}; asking again for up to ${unreachableMs / 60_000} min what became of step ${a.step.key}`);
      }
      if (Date.now() - unreachableSince >= unreachableMs) return { state: 'lost', why: `${rb.why} (for ${unreachableMs / 60_000} min)` };
      if (!(await abortableDelay(UNREACHABLE_POLL_MS, a.signal))) return { state: 'interrupted' };
      continue;
    }
    if (rb.state !== 'running' && rb.state !== 'starting') return rb;
    if (rb.state === 'running' && !told) {
      a.say(`step ${a.step.key} is still running on ${a.step.host} (pid ${rb.pid}); waiting for it to finish`);
      told = true;
    }
    if (Date.now() > deadline) return { state: 'lost', why: `it is still running on ${a.step.host} (pid ${rb.state === 'running' ? rb.pid : '?'}) after its timeout` };
    if (!(await abortableDelay(rb.state === 'starting' ? 200 : POLL_MS, a.signal))) return { state: 'interrupted' };
  }
}

export type Decision =
  | { kind: 'run'; note?: string }
  | { kind: 'recovered'; result: Extract<ReadBack, { state: 'finished' }> }
  | { kind: 'stop'; error: StepError }
  | { kind: 'interrupted' };

// Decides for an unknown step, or a step whose command succeeded before its capture failed.
export async function settlePrior(a: Asking, prior: PriorStep, runId: string, retryUnknown: boolean): Promise<Decision> {
  const { step } = a;
  const mark = `opsctl resume ${runId} --mark ${step.key}=done --reason '...'`;
  if (prior.state === 'failed' && prior.commandOk) {
    if (safeToRepeat(step) || retryUnknown) return { kind: 'run', note: prior.capturesLost ? `step ${step.key}: its real captures were not kept; running it again to take them` : undefined };
    const what = prior.capturesLost ? 'but its real captures were not kept (only masked values are journaled)' : 'but a capture failed';
    return {
      kind: 'stop',
      error: new StepError(`step ${step.key}: its command completed in an earlier attempt, ${what}; it is not run again (it is not idempotent)`, {
        hint: `read its log (opsctl runs show ${runId}); if what it did is right, go on without running it: ${mark}; or run it again with --retry-unknown`,
      }),
    };
  }
  let why = 'whether it took effect is unknown';
  if (prior.rec) {
    const rb = await askHost(a, prior.rec, UNREACHABLE_MS);
    if (rb.state === 'interrupted') return { kind: 'interrupted' };
    if (rb.state === 'finished') return { kind: 'recovered', result: rb };
    if (rb.state === 'never') return { kind: 'run', note: `step ${step.key} never started on ${step.host} (its record says so); running it` };
    if (rb.state === 'lost') why = rb.why;
  }
  if (safeToRepeat(step) || retryUnknown) return { kind: 'run', note: prior.rec ? `step ${step.key}: ${why}; running it again (${retryUnknown && !safeToRepeat(step) ? '--retry-unknown' : 'safe to repeat'})` : undefined };
  return {
    kind: 'stop',
    error: new StepError(`step ${step.key} was running when the run stopped; ${why}`, {
      hint: `check ${step.host} by hand, then resume with --retry-unknown to run it again (it is not marked idempotent), or ${mark} if it did take effect`,
    }),
  };
}

// The connection dropped under a started command: its host is asked before the step is called
// anything; `unknown` only when the host cannot tell (or was not recording).
export async function afterLostConnection(a: Asking, ctx: Pick<KindContext, 'step' | 'record'>, e: ConnectionLostError, runId: string): Promise<StepOutcome> {
  const { step } = a;
  const unknown = (why: string): StepOutcome => ({
    status: 'failed',
    exitCode: null,
    captures: {},
    reason: 'outcome unknown',
    unknown: true,
    message: `${e.message}; ${why}`,
    error: new HostError(`${e.message}; ${why}`, { hint: `resume asks ${step.host} again: opsctl resume ${runId}` }),
  });
  if (!ctx.record) return unknown('no record of the step was kept on the host');
  a.say(`${e.message}; asking ${step.host} what became of it`);
  const rb = await askHost(a, ctx.record.rec, 0);
  if (rb.state === 'interrupted') return { status: 'failed', exitCode: null, captures: {}, reason: 'interrupted', interrupted: true, unknown: true };
  if (rb.state === 'finished') return { ...runOutcome(ctx, { ...rb, signal: undefined, timedOut: false, canceled: false, durationMs: rb.durationMs ?? 0 }), recovered: true };
  if (rb.state === 'never') return { status: 'failed', exitCode: null, captures: {}, reason: 'not started', message: `${e.message}; the command never started on ${step.host}`, error: new StepError(`step ${step.key}: the connection dropped before the command started`) };
  return unknown(rb.state === 'lost' ? rb.why : 'the host could not tell');
}
