// Resume needs to know, per step, what the journal proves happened (DESIGN.md §4). Pure: entries in,
// state out, so every rule is testable without a disk and `runs show` and `resume` agree.
import { InputError } from '../errors.js';
import type { StepStatus } from '../engine/events.js';
import type { JournalEntry, RunStartEntry } from './journal-schema.js';
import type { ProcessIdentity } from './process-alive.js';

/** done/skipped: completed; failed: ran and failed; unknown: died mid-step; undone: compensated. */
export type StepState = 'done' | 'failed' | 'unknown' | 'undone' | 'skipped';

export interface StepRecord {
  key: string;
  stepId: string;
  host: string;
  state: StepState;
  /** Status of the last step.end, if any. */
  status?: StepStatus;
  /** step.start entries seen for this key, across all resumes. */
  attempts: number;
  captures: Record<string, string>;
  exitCode: number | null;
  error?: string;
  reason?: string;
  /** Outcome of the last undo, if one ran. */
  undo?: 'ok' | 'failed';
  /** The host record of the last start, when the step's command was wrapped (resume reads it back). */
  rec?: string;
  /** failed after its command succeeded (a capture failed): the command's effect happened. */
  commandOk?: boolean;
  /** The outcome was read back from the host's record. */
  recovered?: boolean;
  /** Set by `resume --mark`: why the operator marked it. */
  marked?: { state: 'done' | 'skip'; reason: string; user?: string; ts: string };
}

/** `crashed` is never produced here: only `runs.ts` can tell a live run from a dead one. */
export type RunStateStatus = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'crashed';

export interface RunState {
  runId: string;
  runbook: string;
  runbookFile?: string;
  runbookDigest: string;
  planDigest: string;
  params: Record<string, unknown>;
  mode: RunStartEntry['mode'];
  status: RunStateStatus;
  started: string;
  ended?: string;
  exitCode?: number;
  failedStep?: string;
  message?: string;
  /** The process that wrote the latest segment (run.start or last run.resume). */
  pid: number;
  hostname: string;
  /** The same, with what tells a reused pid apart. */
  writer: ProcessIdentity;
  resumes: number;
  steps: Map<string, StepRecord>;
  /** Captures of completed steps, merged in the order they completed (later wins). */
  captures: Record<string, string>;
  /** Cluster targets' identities as pinned by this run (first pin per target wins). */
  clusters: Array<{ target: string; kubeconfig: string; context?: string; server: string; uid: string }>;
}

// Folds the journal into the state resume and `runs show` act on.
export function replayJournal(entries: JournalEntry[]): RunState {
  const first = entries[0];
  if (!first || first.type !== 'run.start') {
    throw new InputError('journal does not begin with run.start', { hint: 'the run directory is damaged; start a new run' });
  }
  const state: RunState = {
    runId: first.runId,
    runbook: first.runbook,
    runbookFile: first.runbookFile,
    runbookDigest: first.runbookDigest,
    planDigest: first.planDigest,
    params: first.params,
    mode: first.mode,
    status: 'running',
    started: first.ts,
    pid: first.pid,
    hostname: first.hostname,
    writer: { pid: first.pid, hostname: first.hostname, pidStart: first.pidStart, seenAt: first.ts },
    resumes: 0,
    steps: new Map(),
    captures: {},
    clusters: [],
  };
  const completedAt = new Map<string, number>();
  entries.slice(1).forEach((e, seq) => applyEntry(state, e, seq, completedAt));
  const completed = [...completedAt.entries()].sort((a, b) => a[1] - b[1]);
  for (const [key] of completed) Object.assign(state.captures, state.steps.get(key)!.captures);
  return state;
}

function applyEntry(state: RunState, e: JournalEntry, seq: number, completedAt: Map<string, number>): void {
  switch (e.type) {
    case 'run.start':
      throw new InputError(`journal has a second run.start at ${e.ts}`, { hint: 'the run directory is damaged; start a new run' });
    case 'run.resume':
      // A new segment: the run is live again and the previous ending no longer describes it.
      state.status = 'running';
      state.pid = e.pid;
      state.hostname = e.hostname;
      state.writer = { pid: e.pid, hostname: e.hostname, pidStart: e.pidStart, seenAt: e.ts };
      state.resumes += 1;
      state.ended = state.exitCode = state.failedStep = state.message = undefined;
      return;
    case 'step.start': {
      // Until its step.end arrives, the step may or may not have had its effect.
      const r = recordFor(state, e);
      r.state = 'unknown';
      r.attempts += 1;
      r.captures = {};
      r.exitCode = null;
      r.status = r.error = r.reason = r.commandOk = r.recovered = r.marked = undefined;
      r.rec = e.rec;
      completedAt.delete(e.key);
      return;
    }
    case 'step.end': {
      const r = recordFor(state, e);
      r.state = e.unknown ? 'unknown' : e.status === 'failed' ? 'failed' : e.status === 'skipped' ? 'skipped' : 'done';
      r.status = e.status;
      r.commandOk = e.commandOk;
      r.recovered = e.recovered;
      r.marked = undefined;
      r.captures = e.captures;
      r.exitCode = e.exitCode;
      r.error = e.error;
      r.reason = e.reason;
      if (r.state === 'failed' || r.state === 'unknown') completedAt.delete(e.key);
      else completedAt.set(e.key, seq);
      return;
    }
    case 'step.mark': {
      // The operator's word replaces what the journal could prove; no captures come with it.
      const r = recordFor(state, e);
      r.state = e.state === 'done' ? 'done' : 'skipped';
      r.status = e.state === 'done' ? 'changed' : 'skipped';
      r.captures = {};
      r.error = undefined;
      r.reason = `marked ${e.state} by hand: ${e.reason}`;
      r.marked = { state: e.state, reason: e.reason, user: e.user, ts: e.ts };
      completedAt.set(e.key, seq);
      return;
    }
    case 'step.undo': {
      const r = state.steps.get(e.key);
      if (!r) return;
      r.undo = e.status;
      // Compensated: its effect is gone, so resume must run it again.
      if (e.status === 'ok' && r.state === 'done') {
        r.state = 'undone';
        completedAt.delete(e.key);
      }
      return;
    }
    case 'cluster.pin':
      if (!state.clusters.some((c) => c.target === e.target)) {
        state.clusters.push({ target: e.target, kubeconfig: e.kubeconfig, ...(e.context ? { context: e.context } : {}), server: e.server, uid: e.uid });
      }
      return;
    case 'run.end':
      state.status = e.status;
      state.ended = e.ts;
      state.exitCode = e.exitCode;
      state.failedStep = e.failedStep;
      state.message = e.message;
      return;
  }
}

// Entries after a resume override earlier ones for the same key, so one record per key.
function recordFor(state: RunState, e: { key: string; stepId: string; host: string }): StepRecord {
  let r = state.steps.get(e.key);
  if (!r) {
    r = { key: e.key, stepId: e.stepId, host: e.host, state: 'unknown', attempts: 0, captures: {}, exitCode: null };
    state.steps.set(e.key, r);
  }
  return r;
}
