// Stops processes the lab started: TERM, a grace period, then KILL, and reports any survivor.
// Shared by `lab down` and the simulated `systemctl stop`, so both stop daemons the same way.
import { isRunning } from './procfs.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

// Resolves with the pids still running after KILL (normally none).
export async function terminate(pids: number[], graceMs = 5_000): Promise<number[]> {
  let live = pids.filter(isRunning);
  for (const pid of live) signal(pid, 'SIGTERM');
  const end = Date.now() + graceMs;
  while (live.length > 0 && Date.now() < end) {
    await sleep(25);
    live = live.filter(isRunning);
  }
  for (const pid of live) signal(pid, 'SIGKILL');
  const killEnd = Date.now() + 2_000;
  while (live.length > 0 && Date.now() < killEnd) {
    await sleep(20);
    live = live.filter(isRunning);
  }
  return live;
}
