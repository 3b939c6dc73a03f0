// Transport.run's bookkeeping, shared by the SSH and local transports whatever carries the step
// (a runner, an exec channel): output streamed to the step's callbacks and kept for the result,
// UTF-8 decoded across chunk boundaries, and the outcome mapped onto ExecResult.
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecOptions, ExecResult } from './types.js';
import { OutputBuffer } from './output-buffer.js';

// How a command ended, whatever ran it.
export interface RunOutcome {
  exitCode: number | null;
  signal?: string;
  timedOut?: boolean;
  canceled?: boolean;
}

// Where the carrier writes: stdout as bytes (a Writable, ended by the carrier), stderr as text.
export interface RunSinks {
  stdout: Writable;
  onStderr(text: string): void;
}

// Never throws for a non-zero exit; only what `execute` throws (a lost host) gets through.
export async function runCollecting(options: ExecOptions, execute: (sinks: RunSinks) => Promise<RunOutcome>): Promise<ExecResult> {
  const started = Date.now();
  const stdout = new OutputBuffer();
  const stderr = new OutputBuffer();
  const done = (o: RunOutcome): ExecResult => ({
    exitCode: o.exitCode,
    signal: o.signal,
    timedOut: o.timedOut ?? false,
    canceled: o.canceled ?? false,
    stdout: stdout.toString(),
    stderr: stderr.toString(),
    durationMs: Date.now() - started,
  });
  // Canceled before it started: nothing ran, so nothing is sent.
  if (options.signal?.aborted) return done({ exitCode: null, canceled: true });
  try {
    const outcome = await execute({
      stdout: textSink((t) => {
        stdout.push(t);
        options.onStdout?.(t);
      }),
      onStderr: (t) => {
        stderr.push(t);
        options.onStderr?.(t);
      },
    });
    return done(outcome);
  } catch (err) {
    // Aborted while waiting for a free channel or runner: it never ran.
    if (options.signal?.aborted && err === options.signal.reason) return done({ exitCode: null, canceled: true });
    throw err;
  }
}

/** A Writable that decodes UTF-8 across chunk boundaries (a character split between packets). */
export function textSink(onText: (text: string) => void): Writable {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = decoder.write(chunk);
      if (text) onText(text);
      callback();
    },
    final(callback) {
      const rest = decoder.end();
      if (rest) onText(rest);
      callback();
    },
  });
}

/** How messages name a command: its first line, shortened. */
export function describeCommand(command: string): string {
  const line = command.trim().split('\n')[0];
  return `\`${line.length > 80 ? `${line.slice(0, 77)}...` : line}\``;
}
