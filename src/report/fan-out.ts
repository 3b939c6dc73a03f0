// A step that runs on several hosts at once is one line in the human reporters: the ends of its
// instances are held until every host has ended (ran, or was skipped), then handed back together.
// A failed attempt that will be retried is not an end. A group cut short (the run stopped, Ctrl-C)
// is handed back as far as it got once nothing of it runs and something else happens.
import type { RunEvent, StepStatus } from '../engine/events.js';
import type { StepEndEvent } from './format.js';
import { formatDuration, stepEndDetail } from './format.js';

type StepStartEvent = Extract<RunEvent, { type: 'step.start' }>;

/** A fan-out step ready to print: its id and the ends of its hosts (as far as they got). */
export interface FanOutLine {
  stepId: string;
  ends: StepEndEvent[];
}

interface OpenGroup {
  size: number;
  ends: StepEndEvent[];
  running: Set<string>;
}

// One per reporter: holds each fan-out step's ends until its line can be printed whole.
export class FanOutLines {
  readonly #open = new Map<string, OpenGroup>();

  /** Lines cut short by this start (groups idle and not its own); the start itself is remembered. */
  started(e: StepStartEvent): FanOutLine[] {
    const cut = this.flushIdle(e.fanOut?.key);
    if (e.fanOut) this.#group(e.fanOut.key, e.fanOut.size).running.add(e.key);
    return cut;
  }

  /**
   * The fan-out lines complete now (or cut short before this end) and whether this end is printed
   * alone: a step on one host, or a failed attempt that will be retried.
   */
  ended(e: StepEndEvent): { lines: FanOutLine[]; alone: boolean } {
    if (e.retrying) return { lines: [], alone: true };
    if (!e.fanOut) return { lines: this.flushIdle(), alone: true };
    const group = this.#group(e.fanOut.key, e.fanOut.size);
    group.running.delete(e.key);
    group.ends.push(e);
    const lines = this.flushIdle(e.fanOut.key);
    if (group.ends.length >= group.size) {
      this.#open.delete(e.fanOut.key);
      lines.push({ stepId: e.stepId, ends: group.ends });
    }
    return { lines, alone: false };
  }

  /** How many hosts of a fan-out step have not ended yet (all of them before its first end). */
  pending(key: string, size: number): number {
    const g = this.#open.get(key);
    return size - (g?.ends.length ?? 0);
  }

  /** Open groups with nothing running (all of them with `all`), except `keep`. */
  flushIdle(keep?: string, all = false): FanOutLine[] {
    const out: FanOutLine[] = [];
    for (const [key, g] of this.#open) {
      if (key === keep || (!all && g.running.size > 0) || g.ends.length === 0) continue;
      out.push({ stepId: g.ends[0].stepId, ends: g.ends });
      this.#open.delete(key);
    }
    return out;
  }

  #group(key: string, size: number): OpenGroup {
    let g = this.#open.get(key);
    if (!g) this.#open.set(key, (g = { size, ends: [], running: new Set() }));
    return g;
  }
}

const RANK: Record<StepStatus, number> = { skipped: 0, ok: 1, changed: 2, failed: 3 };

/** One host's part of a fan-out line: its status when it differs from the line's, time, detail. */
export interface HostPart {
  host: string;
  status: StepStatus;
  differs: boolean;
  took?: string;
  detail?: string;
}

// The line takes its hosts' worst status; a detail every host shares is said once, at the end.
export function describeFanOut(unsorted: StepEndEvent[]): { status: StepStatus; parts: HostPart[]; shared?: string; ends: StepEndEvent[] } {
  // Hosts in name order (master-2 before master-10), so every line of a run reads the same way.
  const ends = [...unsorted].sort((a, b) => a.host.localeCompare(b.host, undefined, { numeric: true }));
  const status = ends.reduce<StepStatus>((worst, e) => (RANK[e.status] > RANK[worst] ? e.status : worst), 'skipped');
  const details = ends.map((e) => stepEndDetail(e));
  const same = ends.every((e) => e.status === ends[0].status) && details.every((d) => d === details[0]);
  const shared = same && details[0] ? details[0] : undefined;
  const parts: HostPart[] = [];
  ends.forEach((e, i) => {
    const detail = shared || !details[i] ? undefined : details[i];
    // Hosts skipped for the same reason are named together: `master-0, master-1 skipped (done earlier)`.
    const same = e.status === 'skipped' && !shared ? parts.find((p) => p.status === 'skipped' && p.detail === detail) : undefined;
    if (same) same.host += `, ${e.host}`;
    else parts.push({ host: e.host, status: e.status, differs: e.status !== status, took: e.status === 'skipped' ? undefined : formatDuration(e.durationMs), detail });
  });
  return { status, parts, shared, ends };
}
