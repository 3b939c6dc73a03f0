import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LockError } from '../../src/errors.js';
import { acquireLocks, lockFileName } from '../../src/state/lock.js';
import { deadPid, tempDir } from './helpers.js';

function caught(fn: () => unknown): LockError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LockError) return e;
    throw e;
  }
  throw new Error('expected a LockError');
}

function plantLock(stateDir: string, name: string, holder: { pid: number; runId: string; hostname?: string }): string {
  acquireLocks(stateDir, [], { runId: 'init' }); // creates locks/
  const file = join(stateDir, 'locks', lockFileName(name));
  writeFileSync(file, JSON.stringify({ hostname: hostname(), names: [name], started: '2026-03-01T03:00:00.000Z', ...holder }));
  return file;
}

describe('lock file names', () => {
  it('keeps safe names readable and makes unsafe ones safe and distinct', () => {
    expect(lockFileName('master-0.example.com')).toBe('master-0.example.com.lock');
    expect(lockFileName('etcd:cluster/a')).toMatch(/^etcd_cluster_a-[0-9a-f]{8}\.lock$/);
    expect(lockFileName('etcd_cluster_a')).toBe('etcd_cluster_a.lock');
    expect(lockFileName('..')).toMatch(/^_-[0-9a-f]{8}\.lock$/);
  });
});

describe('acquireLocks', () => {
  it('stops a second run on a shared target, naming the holder, and takes nothing', () => {
    const state = tempDir();
    const first = acquireLocks(state, ['master-1', 'master-0'], { runId: 'run-a' });
    const err = caught(() => acquireLocks(state, ['etcd', 'master-1'], { runId: 'run-b', pid: 999_999 }));
    expect(err.message).toMatch(new RegExp(`^master-1 is locked by run run-a \\(pid ${process.pid}, started .+\\)$`));
    expect(err.hint).toContain('opsctl runs show run-a');
    expect(err.exitCode).toBe(4);
    expect(readdirSync(join(state, 'locks')).sort()).toEqual(['master-0.lock', 'master-1.lock']);
    first.release();
    first.release();
    expect(readdirSync(join(state, 'locks'))).toEqual([]);
    acquireLocks(state, ['etcd', 'master-1'], { runId: 'run-b' }).release();
  });

  it('records who holds each lock', () => {
    const state = tempDir();
    const held = acquireLocks(state, ['m0', 'm0'], { runId: 'run-a', pid: 77 });
    const content = JSON.parse(readFileSync(join(state, 'locks', 'm0.lock'), 'utf8'));
    expect(content).toMatchObject({ pid: 77, hostname: hostname(), runId: 'run-a', names: ['m0'] });
    expect(Date.parse(content.started)).not.toBeNaN();
    held.release();
  });

  it('reports a stale lock from a dead process with the exact rm command', () => {
    const state = tempDir();
    const pid = deadPid();
    const file = plantLock(state, 'master-0', { pid, runId: 'run-old' });
    const err = caught(() => acquireLocks(state, ['master-0'], { runId: 'run-new' }));
    expect(err.message).toBe(`master-0 is locked by run run-old, but the lock is stale (pid ${pid} is not running)`);
    expect(err.hint).toContain(`rm ${file}`);
    expect(err.hint).toContain('opsctl resume run-old');
    expect(existsSync(file)).toBe(true);
  });

  it('silently takes over its own run’s stale lock on resume', () => {
    const state = tempDir();
    const file = plantLock(state, 'master-0', { pid: deadPid(), runId: 'run-a' });
    const held = acquireLocks(state, ['master-0'], { runId: 'run-a' });
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(join(state, 'locks'))).toEqual(['master-0.lock']);
    held.release();
    expect(existsSync(file)).toBe(false);
  });

  it('treats a lock held on another host as held, even with a pid that is dead here', () => {
    const state = tempDir();
    plantLock(state, 'm0', { pid: deadPid(), runId: 'run-a', hostname: 'elsewhere' });
    expect(caught(() => acquireLocks(state, ['m0'], { runId: 'run-a' })).message).toMatch(/locked by run run-a \(pid \d+ on elsewhere/);
  });

  it('reports an unreadable lock file with how to clear it', () => {
    const state = tempDir();
    acquireLocks(state, [], { runId: 'x' });
    writeFileSync(join(state, 'locks', 'm0.lock'), '');
    expect(caught(() => acquireLocks(state, ['m0'], { runId: 'x' })).hint).toMatch(/rm .*m0\.lock/);
  });

  it('release leaves alone a lock someone else took after ours was cleared', () => {
    const state = tempDir();
    const held = acquireLocks(state, ['m0'], { runId: 'run-a' });
    const file = plantLock(state, 'm0', { pid: process.pid, runId: 'run-b' });
    held.release();
    expect(existsSync(file)).toBe(true);
  });

  it('lets exactly one of several processes racing for the same targets win', async () => {
    const state = tempDir();
    const results = await race(state, 6, () => 'run-' + Math.random());
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'LockError')).toHaveLength(5);
    expect(readdirSync(join(state, 'locks'))).toEqual([]);
  });

  it('lets exactly one of several resumes of the same crashed run take over its stale lock', async () => {
    const state = tempDir();
    plantLock(state, 'master-0', { pid: deadPid(), runId: 'run-x' });
    const results = await race(state, 6, () => 'run-x');
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'LockError')).toHaveLength(5);
    expect(readdirSync(join(state, 'locks'))).toEqual([]);
  });
});

// Spawns real node processes that call acquireLocks (bundled from the TypeScript source) at once.
// The winner holds its locks until every racer has reported, so a slow start cannot win later.
async function race(state: string, n: number, runId: () => string): Promise<string[]> {
  const bundle = join(tempDir(), 'lock.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/state/lock.ts', import.meta.url))],
    bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent',
  });
  const script = `
    const { acquireLocks } = await import(${JSON.stringify(bundle)});
    while (Date.now() < Number(process.argv[3]));
    try {
      const held = acquireLocks(process.argv[1], ['etcd', 'master-0', 'master-1'], { runId: process.argv[2] });
      console.log('won');
      process.stdin.resume();
      process.stdin.on('end', () => held.release());
    } catch (e) { console.log(e.name); }`;
  // Every racer spins until the same instant, so their acquisitions really overlap.
  const startAt = String(Date.now() + 1500);
  const children = Array.from({ length: n }, () => spawn(process.execPath, ['--input-type=module', '-e', script, state, runId(), startAt]));
  const reported = children.map(
    (child) =>
      new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.trim());
        });
        child.stderr.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('close', () => resolve(out.trim()));
      }),
  );
  const closed = children.map((c) => new Promise((r) => c.on('close', r)));
  const results = await Promise.all(reported);
  for (const c of children) c.stdin.end();
  await Promise.all(closed);
  return results;
}

describe('a stale lock whose pid was reused', () => {
  // A live process that started after the lock was taken cannot be the lock's holder.
  it('is reported stale (with the rm), not as held by a live run', () => {
    const state = tempDir();
    const other = spawn('sleep', ['29.7'], { stdio: 'ignore' });
    try {
      plantLock(state, 'master-0', { pid: other.pid!, runId: 'run-old' });
      const err = caught(() => acquireLocks(state, ['master-0'], { runId: 'run-new' }));
      expect(err.message).toMatch(/stale/);
      expect(err.hint).toMatch(/^clear it with: rm /);
      // The run that owns the lock takes it over on resume.
      acquireLocks(state, ['master-0'], { runId: 'run-old' }).release();
    } finally {
      other.kill('SIGKILL');
    }
  });
});
