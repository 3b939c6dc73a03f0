// Run status and stale locks both hinge on "is that opsctl process still there?"; only answerable
// for a pid on this machine, so callers compare hostnames first. A pid alone is not an identity:
// pids are reused, so the process's start time is compared too.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

// Signal 0 checks existence without touching the process; EPERM means it exists but is not ours.
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started, in clock ticks since boot (field 22 of /proc/PID/stat); undefined off Linux. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_S = 100;
let bootMs: number | undefined;

// The process's start as wall-clock milliseconds (boot time is only known to the second).
function processStartMs(pid: number): number | undefined {
  const ticks = processStartTicks(pid);
  if (ticks === undefined) return undefined;
  if (bootMs === undefined) {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!m) return undefined;
    bootMs = Number(m[1]) * 1000;
  }
  return bootMs + (Number(ticks) * 1000) / CLOCK_TICKS_PER_S;
}

/** What a lock file or the journal records about the process that wrote it. */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
  /** processStartTicks of the writer, when it was recorded (newer opsctl). */
  pidStart?: string;
  /** When the writer was already running (it wrote the record then), ISO-8601. */
  seenAt?: string;
}

// True only when we can prove the process is gone: same host, and either no such pid or a pid
// now held by a process that started after the record was written (the pid was reused).
export function isDeadHere(who: ProcessIdentity): boolean {
  if (who.hostname !== hostname()) return false;
  if (!isProcessAlive(who.pid)) return true;
  if (who.pidStart !== undefined) {
    const now = processStartTicks(who.pid);
    return now !== undefined && now !== who.pidStart;
  }
  if (who.seenAt === undefined) return false;
  const started = processStartMs(who.pid);
  const seen = Date.parse(who.seenAt);
  // Boot time has a one-second resolution: only a clearly later start proves reuse.
  return started !== undefined && !Number.isNaN(seen) && started > seen + 1500;
}

/** This process, as records identify it. */
export function thisProcess(): { pid: number; hostname: string; pidStart?: string } {
  const pidStart = processStartTicks(process.pid);
  return { pid: process.pid, hostname: hostname(), ...(pidStart !== undefined ? { pidStart } : {}) };
}
