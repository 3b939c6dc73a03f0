// The `local` transport: steps with `on: local` (or hosts with ansible_connection=local) run on the
// operator's machine through execa. Each command gets its own process group so a timeout or Ctrl-C
// kills the whole pipeline it started, not just the shell.
import { execa } from 'execa';
import { copyFile, mkdir, rename, stat, unlink, writeFile, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ExecOptions, ExecResult, TransferResult, Transport } from './types.js';
import { OutputBuffer } from './output-buffer.js';
import { sha256OfBuffer, sha256OfFile } from './sha256.js';
import { StepError } from '../errors.js';

const KILL_GRACE_MS = 2000;

export class LocalTransport implements Transport {
  readonly host = 'local';

  async run(command: string, options: ExecOptions = {}): Promise<ExecResult> {
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

  async put(source: { path: string } | { data: Buffer }, dest: string, options: { mode?: string } = {}): Promise<TransferResult> {
    await mkdir(dirname(dest), { recursive: true });
    const tmp = join(dirname(dest), `.${basename(dest)}.opsctl-${randomBytes(4).toString('hex')}`);
    try {
      if ('data' in source) await writeFile(tmp, source.data);
      else await copyFile(source.path, tmp);
      if (options.mode) await chmod(tmp, parseInt(options.mode, 8));
      else {
        const existing = await stat(dest).catch(() => undefined);
        if (existing) await chmod(tmp, existing.mode & 0o7777);
      }
      const expected = 'data' in source ? { sha256: sha256OfBuffer(source.data), bytes: source.data.length } : await sha256OfFile(source.path);
      const written = await sha256OfFile(tmp);
      if (written.sha256 !== expected.sha256) throw new StepError(`checksum mismatch writing ${dest}`);
      await rename(tmp, dest);
      return written;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(source: string, localDest: string): Promise<TransferResult> {
    const before = await sha256OfFile(source);
    await this.put({ path: source }, localDest);
    const after = await sha256OfFile(localDest);
    if (after.sha256 !== before.sha256) throw new StepError(`checksum mismatch fetching ${source}`);
    return after;
  }

  async close(): Promise<void> {}
}

function wrapSudo(command: string, options: ExecOptions): string[] {
  const isRoot = process.getuid?.() === 0;
  if (!options.sudo || (isRoot && !options.becomeUser)) return ['sh', '-c', command];
  const user = options.becomeUser ? ['-u', options.becomeUser] : [];
  return ['sudo', '-n', ...user, '--', 'sh', '-c', command];
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
