// `--faults`: instead of killing opsctl, break the host under a step: its SSH sessions die and its
// sshd refuses new ones for a few seconds (a network cut, an sshd restart), or its etcd member is
// killed. Each is repaired afterwards the way an operator would (sshd back, `systemctl start etcd`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { labHosts, ssh } from './lab-driver.js';

export type Fault = 'sshd' | 'etcd';

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  return map;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
};

/** Whether the fault can hit this host (local steps have no sshd; lb and workers no etcd). */
export function faultApplies(labDir: string, host: string, fault: Fault): boolean {
  const h = labHosts(labDir).find((x) => x.name === host);
  if (!h) return false;
  return fault === 'sshd' ? Boolean(h.sshd) : existsSync(join(labDir, 'hosts', host, 'root', 'run-lab', 'etcd.pid'));
}

// Injects the fault now; the returned function repairs it.
export async function inject(labDir: string, host: string, fault: Fault): Promise<() => Promise<void>> {
  if (fault === 'sshd') {
    const listener = labHosts(labDir).find((x) => x.name === host)!.sshd!.pid;
    signal(listener, 'SIGSTOP');
    const tree = children();
    const sessions: number[] = [];
    const queue = [...(tree.get(listener) ?? [])];
    while (queue.length) {
      const pid = queue.shift()!;
      if (/^sshd/.test(comm(pid))) sessions.push(pid);
      queue.push(...(tree.get(pid) ?? []));
    }
    for (const pid of sessions) signal(pid, 'SIGKILL');
    const back = sleep(3000).then(() => signal(listener, 'SIGCONT'));
    return async () => void (await back);
  }
  const pidFile = join(labDir, 'hosts', host, 'root', 'run-lab', 'etcd.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid > 1) signal(pid, 'SIGKILL');
  return async () => {
    await ssh(labDir, host, 'systemctl start etcd 2>/dev/null || true');
    await sleep(1500);
  };
}
