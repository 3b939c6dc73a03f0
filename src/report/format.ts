// Wording shared by the plain and TTY reporters, so both say the same thing in the same words;
// only the TTY one paints it.
import { assertNever, type HostOutcome, type RunEvent } from '../engine/events.js';

export type RunEndEvent = Extract<RunEvent, { type: 'run.end' }>;
export type StepEndEvent = Extract<RunEvent, { type: 'step.end' }>;

// `850ms`, `1.2s`, `2m03s`, `1h04m`: short enough for a status line, exact enough to compare runs.
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  if (hours === 0) return `${minutes}m${String(seconds).padStart(2, '0')}s`;
  return `${hours}h${String(minutes).padStart(2, '0')}m`;
}

// A param or capture value as an operator would type it (secrets arrive already as `***`).
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

export function stepLabel(stepId: string, name?: string): string {
  return name && name !== stepId ? `${stepId} (${name})` : stepId;
}

// The step's own words after its status: exit code for failures, reason for skips.
export function stepEndDetail(e: StepEndEvent): string {
  const parts: string[] = [];
  if (e.status === 'failed' && e.exitCode !== null) parts.push(`exit ${e.exitCode}`);
  if (e.reason) parts.push(e.reason);
  if (e.attempt > 1) parts.push(`attempt ${e.attempt}`);
  return parts.join(', ');
}

export function indentLines(text: string, indent: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((line) => indent + line);
}

// The last line of a run: what happened and, when it stopped early, the exact command to go on.
export function summarizeRunEnd(e: RunEndEvent, failedExit: number | null | undefined): string {
  const resume = `resume with: opsctl resume ${e.runId}`;
  const took = formatDuration(e.durationMs);
  switch (e.status) {
    case 'succeeded':
      return `succeeded in ${took}`;
    case 'planned':
      return 'dry run — nothing was executed';
    case 'checked':
      return `check finished in ${took} — mutating steps were not run`;
    case 'interrupted':
      return `interrupted — state saved; ${resume}`;
    case 'failed': {
      if (!e.failedStep) return `failed (exit ${e.exitCode})`;
      const what = e.exitCode === 3 ? 'precondition failed' : 'failed';
      const exit = failedExit === undefined || failedExit === null ? '' : ` (exit ${failedExit})`;
      return `${what} at step ${e.failedStep}${exit} — ${resume}`;
    }
    default:
      return assertNever(e.status);
  }
}

// The end summary, one line per host, when the run had several: ok / failed at X / skipped and why.
export function hostSummary(hosts: HostOutcome[] | undefined): Array<{ host: string; status: HostOutcome['status']; text: string }> {
  if (!hosts || hosts.length < 2) return [];
  const width = Math.max(...hosts.map((h) => h.host.length));
  return hosts.map((h) => ({ host: h.host.padEnd(width), status: h.status, text: describeOutcome(h) }));
}

function describeOutcome(h: HostOutcome): string {
  switch (h.status) {
    case 'ok':
      return 'ok';
    case 'failed':
      return `failed at ${h.stepId ?? '?'}${h.exitCode === undefined || h.exitCode === null ? '' : ` (exit ${h.exitCode})`}`;
    case 'skipped':
      return `skipped ${h.reason ?? ''}`.trimEnd();
    default:
      return assertNever(h.status);
  }
}
