// A run's history as attempts on a time line: each step.start with its step.end (or none, when the
// run was killed while the step ran), the starts and resumes of the run, and how it ended. Pure:
// journal entries in; `runs show` prints it and the HTML timeline draws it.
import type { JournalEntry } from './journal-schema.js';

export interface Attempt {
  key: string;
  stepId: string;
  host: string;
  attempt: number;
  start: number;
  /** When it ended; for a killed attempt, when its segment of the run ended (or the last entry). */
  end: number;
  /** ok/changed/failed/skipped from step.end; `unknown` when the run died while it ran; `running` for a live run. */
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'unknown' | 'running';
  exitCode: number | null;
  /** Which segment (0 = the first run, 1 = the first resume, ...). */
  segment: number;
  undo?: 'ok' | 'failed';
  error?: string;
  /** An outcome read back from its host on resume: drawn at the read-back, and this is how long the command ran there. */
  ranMs?: number;
}

export interface Timeline {
  start: number;
  end: number;
  /** Start time of each segment: the run, then each resume. */
  segments: number[];
  attempts: Attempt[];
  ended?: { status: string; at: number };
}

export function buildTimeline(entries: JournalEntry[], now = Date.now(), live = false): Timeline {
  const t = (e: { ts: string }) => Date.parse(e.ts);
  const segments: number[] = [];
  const attempts: Attempt[] = [];
  const open = new Map<string, Attempt>();
  let ended: Timeline['ended'];
  const closeOpen = (at: number, status: Attempt['status']) => {
    for (const a of open.values()) Object.assign(a, { end: at, status });
    open.clear();
  };
  for (const e of entries) {
    if (e.type === 'run.start' || e.type === 'run.resume') {
      // A resume means the previous process is gone: what it left running is unknown.
      closeOpen(lastTs(attempts, segments), 'unknown');
      segments.push(t(e));
    } else if (e.type === 'step.start') {
      const a: Attempt = { key: e.key, stepId: e.stepId, host: e.host, attempt: e.attempt, start: t(e), end: t(e), status: 'running', exitCode: null, segment: segments.length - 1 };
      attempts.push(a);
      open.set(e.key, a);
    } else if (e.type === 'step.end') {
      let a = open.get(e.key);
      if (!a) {
        // Skipped by a guard or `when`: it ended without starting. Or read back from its host on
        // resume: it ran while opsctl was away, so its bar marks the read-back, not a run.
        a = e.recovered
          ? { key: e.key, stepId: e.stepId, host: e.host, attempt: e.attempt, start: t(e), end: t(e), status: e.status, exitCode: e.exitCode, segment: segments.length - 1, ranMs: e.durationMs }
          : { key: e.key, stepId: e.stepId, host: e.host, attempt: e.attempt, start: t(e) - e.durationMs, end: t(e), status: e.status, exitCode: e.exitCode, segment: segments.length - 1 };
        attempts.push(a);
      }
      Object.assign(a, { end: Math.max(t(e), a.start), status: e.status, exitCode: e.exitCode, ...(e.error ? { error: e.error } : {}) });
      open.delete(e.key);
    } else if (e.type === 'step.undo') {
      const a = [...attempts].reverse().find((x) => x.key === e.key);
      if (a) a.undo = e.status;
    } else if (e.type === 'run.end') {
      closeOpen(t(e), 'unknown');
      ended = { status: e.status, at: t(e) };
    }
  }
  closeOpen(live ? now : lastTs(attempts, segments), live ? 'running' : 'unknown');
  const start = segments[0] ?? now;
  const end = Math.max(ended?.at ?? 0, ...attempts.map((a) => a.end), live ? now : 0, start + 1);
  return { start, end, segments, attempts, ...(ended ? { ended } : {}) };
}

function lastTs(attempts: Attempt[], segments: number[]): number {
  return Math.max(segments.at(-1) ?? 0, ...attempts.map((a) => Math.max(a.start, a.end)));
}
