// One lock file per state directory: every invocation that changes state holds it for its whole
// read-modify-write, so tools run at once from several lab hosts never lose an update.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { ToolError } from '../cli/errors.js';
import { sleepMs } from '../cli/io.js';

const WAIT_MS = 30_000;
// A lock older than this whose owner is dead was left by a crash and may be taken over.
const STALE_MS = 2_000;

export function withLock<T>(lockPath: string, fn: () => T): T {
  acquire(lockPath);
  try {
    return fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function acquire(lockPath: string): void {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (breakIfStale(lockPath)) continue;
    if (Date.now() > deadline) {
      throw new ToolError(`error: the lab API state is locked by another process (${lockPath}); remove the file if no lab tool is running`);
    }
    sleepMs(3 + Math.floor(Math.random() * 15));
  }
}

function breakIfStale(lockPath: string): boolean {
  try {
    const age = Date.now() - statSync(lockPath).mtimeMs;
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (age < STALE_MS || (pid > 0 && isAlive(pid))) return false;
    // Rename first: of two processes that both saw the stale lock, only one wins the rename.
    const aside = `${lockPath}.stale.${process.pid}`;
    renameSync(lockPath, aside);
    rmSync(aside, { force: true });
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
