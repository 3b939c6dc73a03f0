// Remote output arrives in chunks that split lines anywhere, and parallel steps interleave; this
// reassembles whole lines per step and stream so each printed line carries the right host.
import type { RunEvent } from '../engine/events.js';

type StepOutputEvent = Extract<RunEvent, { type: 'step.output' }>;
export interface OutputLine {
  host: string;
  stream: 'stdout' | 'stderr';
  line: string;
}

// A progress bar that never prints a newline must not grow memory without bound.
const MAX_PARTIAL = 8192;

export class OutputLines {
  readonly #partial = new Map<string, OutputLine & { key: string }>();

  /** Whole lines completed by this chunk. */
  push(e: StepOutputEvent): OutputLine[] {
    const id = `${e.key}\u0000${e.stream}`;
    const pending = this.#partial.get(id)?.line ?? '';
    const pieces = (pending + e.text).split('\n');
    const rest = pieces.pop() ?? '';
    // CRLF output reads as plain lines; a lone \r (progress bars) stays and is shown escaped.
    const lines = pieces.map((line) => ({ host: e.host, stream: e.stream, line: line.replace(/\r$/, '') }));
    if (rest.length > MAX_PARTIAL) {
      lines.push({ host: e.host, stream: e.stream, line: rest });
      this.#partial.delete(id);
    } else if (rest.length > 0) {
      this.#partial.set(id, { key: e.key, host: e.host, stream: e.stream, line: rest });
    } else {
      this.#partial.delete(id);
    }
    return lines;
  }

  /** The unterminated last lines of one step (`key`), or of every step. */
  flush(key?: string): OutputLine[] {
    const out: OutputLine[] = [];
    for (const [id, p] of this.#partial) {
      if (key !== undefined && p.key !== key) continue;
      out.push({ host: p.host, stream: p.stream, line: p.line });
      this.#partial.delete(id);
    }
    return out;
  }
}
