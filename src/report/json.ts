// `--output json`: one JSON object per line on `out` for programs (DESIGN.md §3), human text on
// `err`. Field names are the event's own plus `ts`; nothing else ever reaches `out`.
import { assertNever, type Reporter, type RunEvent } from '../engine/events.js';
import { escapeTerminal } from './escape.js';
import type { ReporterOptions } from './options.js';

// JSON.stringify escapes C0 controls but not C1 (read as CSI & co. by some terminals), the
// JavaScript line separators or the bidi overrides; `jq`-less operators still `cat` these lines.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function toJsonLine(event: RunEvent, ts: Date): string {
  const { type, ...fields } = event;
  return toSafeJson({ type, ts: ts.toISOString(), ...fields }) + '\n';
}

// JSON text with every character a terminal could act on escaped (for any JSON printed to stdout).
export function toSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class JsonReporter implements Reporter {
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;
  readonly #verbose: boolean;
  readonly #now: () => Date;

  constructor(options: ReporterOptions & { now?: () => Date }) {
    this.#out = options.out;
    this.#err = options.err;
    this.#verbose = options.verbose;
    this.#now = options.now ?? (() => new Date());
  }

  emit(event: RunEvent): void {
    switch (event.type) {
      case 'step.output':
        // Raw output can be large and is in the step logs; only -v streams it.
        if (!this.#verbose) return;
        break;
      case 'message': {
        const prefix = event.level === 'info' ? '' : `${event.level === 'warn' ? 'warning' : 'error'}: `;
        this.#err.write(`${prefix}${escapeTerminal(event.text)}\n`);
        if (event.hint) this.#err.write(`hint: ${escapeTerminal(event.hint)}\n`);
        break;
      }
      case 'run.start':
      case 'plan.step':
      case 'plan.note':
      case 'step.start':
      case 'step.end':
      case 'step.undo':
      case 'run.end':
        break;
      default:
        assertNever(event);
    }
    this.#out.write(toJsonLine(event, this.#now()));
  }

  close(): void {
    // Every line is written as it happens; nothing is buffered.
  }
}
