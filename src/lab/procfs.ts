// Facts about processes read from /proc. The lab starts daemons that outlive the CLI, so it
// identifies them later by pid + start time and by mount namespace, never by name.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ProcessRef } from './lab-state.js';

interface Stat {
  state: string;
  ppid: number;
  startTicks: number;
}

export function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], ppid: Number(f[1]), startTicks: Number(f[19]) };
  } catch {
    return undefined;
  }
}

// A zombie is dead for our purposes: it holds no socket, file or mount, only a table slot.
export function isRunning(pid: number): boolean {
  const s = readStat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
}

export function processRef(pid: number): ProcessRef | undefined {
  const s = readStat(pid);
  return s ? { pid, startTicks: s.startTicks } : undefined;
}

// True only for the very process recorded, not a newer one that got the same pid.
export function isSameRunning(ref: ProcessRef): boolean {
  const s = readStat(ref.pid);
  return s !== undefined && s.startTicks === ref.startTicks && s.state !== 'Z' && s.state !== 'X';
}

export function mountNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined;
  }
}

export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

// Every live process in a mount namespace: what a lab host's sessions and daemons left running.
export function pidsInMountNamespace(ns: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && mountNamespaceOf(pid) === ns && isRunning(pid));
}

// Reads the pid a daemon wrote, if any.
export function readPidFile(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
