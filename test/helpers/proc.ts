// Reads the process table and socket owners from /proc and `ss`, so SSH tests can kill a whole
// sshd tree (a crashed host) and prove which process opened a connection, without mocks.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// sshd forks a child per connection in its own session, so a process group kill misses them;
// walking parent links finds every descendant.
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined; // Exited while we looked.
  }
}

// Sends a signal to a process and all its descendants, ignoring the gone. SIGKILL is a crash:
// the tree is frozen first, so no process sees another die and reports it (sshd would send the
// command's exit status before its own death).
export function signalTree(root: number, signal: NodeJS.Signals): void {
  if (signal === 'SIGKILL') {
    sendAll([root, ...descendantsOf(root)], 'SIGSTOP');
    sendAll([root, ...descendantsOf(root)], 'SIGSTOP'); // Anything forked meanwhile.
  }
  sendAll([root, ...descendantsOf(root)], signal);
}

function sendAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The pids owning the TCP socket bound to a local port (the client side of a connection).
export function socketOwners(localPort: number): Array<{ command: string; pid: number }> {
  const out = execFileSync('ss', ['-tnpH', 'state', 'all', `sport = :${localPort}`], { encoding: 'utf8' });
  return [...out.matchAll(/\("([^"]+)",pid=(\d+)/g)].map((m) => ({ command: m[1], pid: Number(m[2]) }));
}

// Processes whose command line contains a marker, other than the pgrep itself.
export function pgrep(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches.
  }
}

// The kernel's short name of a process (`sshd`, `sh`), or '' once it is gone.
export function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
