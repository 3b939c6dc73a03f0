// The `local` transport: steps with `on: local` (or hosts with ansible_connection=local) run on the
// operator's machine. Commands go to persistent local runners (runner-script.ts: each step still a
// fresh `sh -c` child in its own process group, without a Node spawn per step); a step that needs
// stdin, or a machine where the runner cannot start, gets a child of its own through execa.
import { copyFile, mkdir, rename, stat, unlink, writeFile, chmod } from 'node:fs/promises';
import { localTempName, removeStaleLocalTemps } from './stale-temps.js';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ExecOptions, ExecResult, TransferResult, Transport } from './types.js';
import { sha256OfBuffer, sha256OfFile } from './sha256.js';
import { StepError } from '../errors.js';
import { buildStepParts } from './ssh-command.js';
import { localBecome, runWithExeca, signalGroup } from './local-exec.js';
import { localRunnerSource } from './local-runner.js';
import { RunnerPool } from './runner-pool.js';
import { runCollecting } from './run-collect.js';
import { runOnRunner } from './runner-step.js';
import { RunnerGone } from './step-runner.js';

// Local steps in parallel (a foreach on local) each get a runner, up to this many.
const MAX_RUNNERS = 16;

// Process groups of local steps still running: opsctl exiting (a second Ctrl-C) takes them along,
// as execa's cleanup did for the children it started.
const running = new Set<string>();
let exitHook = false;

export class LocalTransport implements Transport {
  readonly host = 'local';
  private readonly runners = new RunnerPool(localRunnerSource(), MAX_RUNNERS);

  /** Starts a runner ahead of the first local step. */
  warm(): void {
    void this.runners.acquire().then((r) => r && this.runners.release(r), () => undefined);
  }

  async run(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (options.stdin !== undefined || this.runners.unusable) return runWithExeca(command, options);
    let runner;
    try {
      runner = await this.runners.acquire(options.signal);
    } catch (err) {
      // Canceled while waiting for a runner: it never ran.
      if (options.signal?.aborted) return runCollecting(options, () => Promise.reject(err));
      throw err;
    }
    if (!runner) return runWithExeca(command, options);
    const become = localBecome(options);
    const step = buildStepParts(command, { env: options.env, cwd: options.cwd, become: become && { ...become, withPassword: false } });
    const groups = new Set<string>();
    try {
      return await runCollecting(options, (sinks) =>
        runOnRunner(runner, step, {
          ...sinks,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          onPgid: (pgid) => trackGroup(pgid, groups),
          kill: async (pgid, signal) => signalGroup(Number(pgid), `SIG${signal}`),
        }),
      );
    } catch (err) {
      if (!(err instanceof RunnerGone)) throw err;
      // The runner died under the step (killed, OOM): the step failed, never passed. Its process
      // group is ours and would otherwise go on beside the next step; it is stopped.
      for (const g of groups) signalGroup(Number(g), 'SIGKILL');
      throw new StepError(`the local step runner went away while running \`${firstLine(command)}\`; its processes were stopped`, {
        hint: 'the command may or may not have finished; check its effects before resuming',
        cause: err,
      });
    } finally {
      for (const g of groups) running.delete(g);
      this.runners.release(runner);
    }
  }

  async put(source: { path: string } | { data: Buffer }, dest: string, options: { mode?: string } = {}): Promise<TransferResult> {
    await mkdir(dirname(dest), { recursive: true });
    await removeStaleLocalTemps(dest);
    const tmp = localTempName(dest, randomBytes(4).toString('hex'));
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

  async close(): Promise<void> {
    this.runners.closeAll();
  }
}

const firstLine = (command: string) => {
  const line = command.trim().split('\n')[0];
  return line.length > 80 || command.trim().includes('\n') ? `${line.slice(0, 80)}…` : line;
};

function trackGroup(pgid: string, groups: Set<string>): void {
  groups.add(pgid);
  running.add(pgid);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => running.forEach((g) => signalGroup(Number(g), 'SIGTERM')));
}
