// `run` over SSH: wraps the command (env, cwd, sudo), streams its output as text to the step's
// callbacks while keeping it for the result, and maps how the channel ended onto ExecResult.
import { Writable, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecOptions, ExecResult } from './types.js';
import { OutputBuffer } from './output-buffer.js';
import { buildRemoteCommand } from './ssh-command.js';
import type { SshSession } from './ssh-session.js';

// Transport.run for SSH; never throws for a non-zero exit, only for a lost or refused connection.
export async function runCommand(session: SshSession, command: string, options: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  const stdout = new OutputBuffer();
  const stderr = new OutputBuffer();
  const done = (o: { exitCode: number | null; signal?: string; timedOut?: boolean; canceled?: boolean }): ExecResult => ({
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

  const become = session.become(options.sudo, options.becomeUser);
  const remote = buildRemoteCommand(command, { env: options.env, cwd: options.cwd, become });
  try {
    const outcome = await session.exec(remote, describeCommand(command), {
      stdout: textSink((t) => {
        stdout.push(t);
        options.onStdout?.(t);
      }),
      onStderr: (t) => {
        stderr.push(t);
        options.onStderr?.(t);
      },
      stdin: typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    }, become);
    return done(outcome);
  } catch (err) {
    // Aborted while waiting for a free channel: it never ran.
    if (options.signal?.aborted && err === options.signal.reason) return done({ exitCode: null, canceled: true });
    throw err;
  }
}

// sudo -n refused because this host wants a password: the lead turns this into a hint to pass
// --ask-become-pass rather than showing sudo's one-liner as a step failure.
export function isSudoPasswordRequired(result: Pick<ExecResult, 'exitCode' | 'stderr'>): boolean {
  return result.exitCode === 1 && /sudo: (a password is required|a terminal is required to read the password)/.test(result.stderr);
}

// Transfers need raw bytes on stdin/stdout (a Buffer per chunk, with backpressure), not text.
export async function runScript(
  session: SshSession,
  script: string,
  io: { what: string; stdin?: Readable | Buffer; stdout?: Writable; sudo?: boolean; signal?: AbortSignal },
): Promise<{ exitCode: number | null; canceled: boolean; stdout: string; stderr: string }> {
  const become = session.become(io.sudo, undefined);
  let stdout = '';
  let stderr = '';
  const outcome = await session.exec(buildRemoteCommand(script, { become }), io.what, {
    stdout: io.stdout ?? textSink((t) => (stdout += t)),
    onStderr: (t) => (stderr += t),
    stdin: io.stdin,
    signal: io.signal,
  }, become);
  return { exitCode: outcome.exitCode, canceled: outcome.canceled, stdout, stderr };
}

// A Writable that decodes UTF-8 across chunk boundaries (a character split between packets).
function textSink(onText: (text: string) => void): Writable {
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

function describeCommand(command: string): string {
  const line = command.trim().split('\n')[0];
  return `\`${line.length > 80 ? `${line.slice(0, 77)}...` : line}\``;
}
