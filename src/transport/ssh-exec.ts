// `run` over SSH: wraps the command (env, cwd, sudo) and runs it on one of the host's runners (or
// an exec channel), streaming its output as text to the step's callbacks (run-collect.ts).
import type { Readable, Writable } from 'node:stream';
import type { ExecOptions, ExecResult } from './types.js';
import { buildRemoteCommand } from './ssh-command.js';
import { describeCommand, runCollecting, textSink } from './run-collect.js';
import type { SshSession } from './ssh-session.js';

// Transport.run for SSH; never throws for a non-zero exit, only for a lost or refused connection.
export async function runCommand(session: SshSession, command: string, options: ExecOptions = {}): Promise<ExecResult> {
  const become = session.become(options.sudo, options.becomeUser);
  return runCollecting(options, (sinks) =>
    session.step(command, { env: options.env, cwd: options.cwd }, describeCommand(command), {
      ...sinks,
      stdin: typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    }, become),
  );
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
  const run = { stdout: io.stdout ?? textSink((t) => (stdout += t)), onStderr: (t: string) => (stderr += t), stdin: io.stdin, signal: io.signal };
  // Bytes in or out need a channel of their own; a small script (a checksum, a rename) can use a runner.
  const outcome =
    io.stdin !== undefined || io.stdout !== undefined
      ? await session.exec(buildRemoteCommand(script, { become }), io.what, run, become)
      : await session.step(script, {}, io.what, run, become);
  return { exitCode: outcome.exitCode, canceled: outcome.canceled, stdout, stderr };
}
