// Picks the reporter for this terminal and loads only that one: JSON and plain runs never load
// ora or chalk, and `opsctl --help` loads none of them.
import type { Reporter } from '../engine/events.js';

export interface CreateReporterOptions {
  output: 'text' | 'json';
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stdout is a terminal (process.stdout.isTTY). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  /** `--no-color`. */
  noColor: boolean;
  /** Plans with every command (`--show-commands`). */
  showCommands?: boolean;
}

export type ReporterKind = 'json' | 'plain' | 'tty';

// Spinners only where a person watches a real terminal; CI logs and pipes get plain lines.
// NO_COLOR (https://no-color.org) and --no-color turn colour off, not the spinner.
export function chooseReporter(opts: Omit<CreateReporterOptions, 'stdout' | 'stderr' | 'verbose' | 'showCommands'>): { kind: ReporterKind; color: boolean } {
  if (opts.output === 'json') return { kind: 'json', color: false };
  const ci = isSet(opts.env.CI) && opts.env.CI !== 'false' && opts.env.CI !== '0';
  // FORCE_COLOR=1|2|3 (the chalk/Node convention) colours plain output too, e.g. for a CI log
  // viewer that renders ANSI; NO_COLOR and --no-color still win.
  const forced = isSet(opts.env.FORCE_COLOR) && opts.env.FORCE_COLOR !== '0' && opts.env.FORCE_COLOR !== 'false';
  const color = !opts.noColor && !isSet(opts.env.NO_COLOR) && opts.env.FORCE_COLOR !== '0';
  if (!opts.isTTY || ci || opts.env.TERM === 'dumb') return { kind: 'plain', color: color && forced };
  return { kind: 'tty', color };
}

export async function createReporter(opts: CreateReporterOptions): Promise<Reporter> {
  const { kind, color } = chooseReporter(opts);
  const heartbeat = Number(opts.env.OPSCTL_HEARTBEAT_SECONDS);
  const streams = { out: opts.stdout, err: opts.stderr, verbose: opts.verbose, color, showCommands: opts.showCommands, ...(heartbeat > 0 ? { heartbeatMs: heartbeat * 1000 } : {}) };
  switch (kind) {
    case 'json':
      return new (await import('./json.js')).JsonReporter(streams);
    case 'plain':
      return new (await import('./plain.js')).PlainReporter(streams);
    case 'tty':
      return new (await import('./tty.js')).TtyReporter(streams);
  }
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
