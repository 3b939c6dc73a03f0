// Local steps through execa, one child per command: what the local transport does when a step
// needs stdin (the persistent runner gives steps /dev/null) or the runner cannot start here. Each
// command gets its own process group so a timeout or Ctrl-C kills the whole pipeline it started.
import { execa } from 'execa';
import type { ExecOptions, ExecResult } from './types.js';
import { OutputBuffer } from './output-buffer.js';

const KILL_GRACE_MS = 2000;

// Transport.run for `local` with a child per command.
export async function runWithExeca(command: string, options: ExecOptions = {}): Promise<ExecResult> {
  const started = Date.now();
  const argv = wrapSudo(command, options);
  const stdout = new OutputBuffer();
  const stderr = new OutputBuffer();
  const child = execa(argv[0], argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    input: options.stdin,
    stdin: options.stdin === undefined ? 'ignore' : 'pipe',
    detached: true,
    reject: false,
    buffer: false,
    encoding: 'utf8',
    stripFinalNewline: false,
    cleanup: true,
  });
  child.stdout?.setEncoding('utf8').on('data', (t: string) => {
    stdout.push(t);
    options.onStdout?.(t);
  });
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderr.push(t);
    options.onStderr?.(t);
  });

  let timedOut = false;
  let canceled = false;
  const killGroup = (why: 'timeout' | 'cancel') => {
    if (why === 'timeout') timedOut = true;
    else canceled = true;
    signalGroup(child.pid, 'SIGTERM');
    setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timer = options.timeoutMs ? setTimeout(() => killGroup('timeout'), options.timeoutMs) : undefined;
  const onAbort = () => killGroup('cancel');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const result = await child;
  if (timer) clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  // Descendants that outlived the shell would hold the step's effects open; end them too.
  if (timedOut || canceled) signalGroup(child.pid, 'SIGKILL');
  return {
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
    signal: result.signal ?? undefined,
    timedOut,
    canceled,
    stdout: stdout.toString(),
    stderr: stderr.toString(),
    durationMs: Date.now() - started,
  };
}

// sudo as a local step needs it: none when not asked, or when already root and no other user.
export function localBecome(options: Pick<ExecOptions, 'sudo' | 'becomeUser'>): { user?: string } | undefined {
  const isRoot = process.getuid?.() === 0;
  if (!options.sudo || (isRoot && !options.becomeUser)) return undefined;
  return { user: options.becomeUser };
}

function wrapSudo(command: string, options: ExecOptions): string[] {
  const become = localBecome(options);
  if (!become) return ['sh', '-c', command];
  const user = become.user ? ['-u', become.user] : [];
  return ['sudo', '-n', ...user, '--', 'sh', '-c', command];
}

/** Signals a local process group, ignoring one that is already gone. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
