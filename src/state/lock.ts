// Two runs on the same targets (say, both removing etcd members) must not interleave (DESIGN.md
// §4). One lock file per target under `locks/`, created exclusively; a dead holder is reported
// with the exact command to clear it, never broken behind the operator's back.
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { LockError } from '../errors.js';
import { locksDir } from './paths.js';
import { isDeadHere, isProcessAlive, processStartTicks } from './process-alive.js';
import { readLockHolder, sleepSync, type LockHolder } from './lock-holder.js';

export interface LockOwner {
  runId: string;
  pid?: number;
}

export interface HeldLocks {
  release(): void;
}

// File name for a lock: readable, filesystem-safe, and distinct for names that sanitise alike.
export function lockFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80);
  if (safe === name) return `${safe}.lock`;
  return `${safe}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}.lock`;
}

// Takes every lock or none: in sorted order (so two runs cannot deadlock), undoing on conflict.
export function acquireLocks(stateDir: string, names: string[], owner: LockOwner): HeldLocks {
  const dir = resolve(locksDir(stateDir));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unique = [...new Set(names)].sort();
  const pid = owner.pid ?? process.pid;
  const pidStart = processStartTicks(pid);
  const me: LockHolder = { pid, hostname: hostname(), runId: owner.runId, names: unique, started: new Date().toISOString(), ...(pidStart !== undefined ? { pidStart } : {}) };
  const taken: string[] = [];
  const release = () => {
    for (const file of taken.splice(0)) {
      const holder = readLockHolder(file);
      // Only remove what is still ours: someone may have cleared a stale lock and taken it since.
      if (holder && holder.runId === me.runId && holder.pid === me.pid && holder.started === me.started) rmSync(file, { force: true });
    }
  };
  try {
    for (const name of unique) {
      const file = join(dir, lockFileName(name));
      takeLock(file, name, me);
      taken.push(file);
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release };
}

const TAKEOVER_ATTEMPTS = 5;
const GUARD_TTL_MS = 10_000;

function takeLock(file: string, name: string, me: LockHolder): void {
  for (let attempt = 1; ; attempt++) {
    if (tryCreate(file, me)) return;
    const holder = readLockHolder(file);
    if (!holder) {
      throw new LockError(`${name} is locked, but its lock file ${file} is unreadable (empty or damaged)`, {
        hint: `if no opsctl run is active on ${name}, remove it: rm ${file}`,
      });
    }
    if (!isDeadHere({ ...holder, seenAt: holder.started })) {
      const where = holder.hostname === me.hostname ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.hostname}`;
      throw new LockError(`${name} is locked by run ${holder.runId} (${where}, started ${holder.started})`, {
        hint: `wait for it to finish, or inspect it: opsctl runs show ${holder.runId}`,
      });
    }
    if (holder.runId !== me.runId) {
      throw new LockError(`${name} is locked by run ${holder.runId}, but the lock is stale (pid ${holder.pid} ${isProcessAlive(holder.pid) ? 'now belongs to a process that started later' : 'is not running'})`, {
        hint: `clear it with: rm ${file}  (or continue that run: opsctl resume ${holder.runId})`,
      });
    }
    // Our own run, resumed after a crash: the lock is rightfully ours again.
    if (takeOverStale(file, holder, me)) return;
    if (attempt >= TAKEOVER_ATTEMPTS) {
      throw new LockError(`${name}: another process is taking over the lock of run ${me.runId} at the same time`, {
        hint: `is \`opsctl resume ${me.runId}\` already running elsewhere? check with: opsctl runs show ${me.runId}`,
      });
    }
    sleepSync(20 * attempt);
  }
}

// Breaking a stale lock races other resumes of the same run (rm-then-create by two processes
// would let both "win"), so it happens under a guard file; a guard left by a crash expires.
function takeOverStale(file: string, stale: LockHolder, me: LockHolder): boolean {
  const guard = `${file}.takeover`;
  try {
    if (Date.now() - statSync(guard).mtimeMs > GUARD_TTL_MS) rmSync(guard, { force: true });
  } catch {
    // no guard: nobody is taking over
  }
  if (!tryCreate(guard, me)) return false;
  try {
    const now = readLockHolder(file);
    if (now && (now.pid !== stale.pid || now.started !== stale.started || now.runId !== stale.runId)) return false;
    rmSync(file, { force: true });
    return tryCreate(file, me);
  } finally {
    rmSync(guard, { force: true });
  }
}

// Exclusive create ('wx') is the lock: exactly one process can make the file.
function tryCreate(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(me) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}
