// Shared by the state tests: real temp dirs, and the pid of a process that has really exited.
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { JournalEntry } from '../../src/state/journal-schema.js';

const dirs: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'opsctl-state-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// A real child that exits at once: its pid is dead (pids wrap slowly enough for a test).
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('could not spawn node');
  return r.pid;
}

let clock = Date.parse('2026-03-01T03:00:00Z');
// Builds a journal entry with v/ts filled in, for pure replay tests.
export function entry<T extends Omit<JournalEntry, 'v' | 'ts'>>(e: T): JournalEntry {
  clock += 1000;
  return { v: 1, ts: new Date(clock).toISOString(), ...e } as unknown as JournalEntry;
}
