// Run status and stale locks both hinge on "is that opsctl process still there?"; only answerable
// for a pid on this machine, so callers compare hostnames first.
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

// True only when we can prove the process is gone: same host and no such pid.
export function isDeadHere(pid: number, host: string): boolean {
  return host === hostname() && !isProcessAlive(pid);
}
