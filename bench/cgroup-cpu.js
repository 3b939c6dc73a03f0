// CPU used by a lab host, counted by the kernel: the host's sshd listener is moved into a cgroup
// of its own, and everything it starts afterwards (connections, sessions, login shells, runners,
// the steps and whatever they fork) is born in that cgroup, whatever namespace, session or parent
// it ends up with. Walking /proc from the listener instead misses processes that were reparented
// or reaped by a process that was not itself counted, and undercounted the lab hosts' CPU about
// tenfold in an earlier run of this benchmark (2.0 s against 26–58 s measured here).
// cgroup v1 `cpuacct` and cgroup v2 (`cpu.stat`) are both read; without either, callers fall back.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V1 = '/sys/fs/cgroup/cpuacct';
const V2_ROOTS = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

function hierarchy() {
  if (existsSync(join(V1, 'cpuacct.usage'))) return { root: V1, usage: (dir) => Number(readFileSync(join(dir, 'cpuacct.usage'), 'utf8')) / 1e6 };
  for (const root of V2_ROOTS) {
    if (existsSync(join(root, 'cgroup.procs')) && existsSync(join(root, 'cgroup.controllers'))) {
      return { root, usage: (dir) => Number(/usage_usec (\d+)/.exec(readFileSync(join(dir, 'cpu.stat'), 'utf8'))?.[1] ?? NaN) / 1e3 };
    }
  }
  return undefined;
}

/**
 * Groups named `prefix-<host>`, each holding one host's listener (moved now; what it forks later
 * follows). Returns undefined when cgroups cannot be used here (not root, no cgroup fs).
 */
export function hostCpuGroups(prefix, listeners) {
  const h = hierarchy();
  if (!h || process.getuid?.() !== 0) return undefined;
  const dirs = new Map();
  try {
    for (const [host, pid] of listeners) {
      const dir = join(h.root, `${prefix}-${host}`);
      mkdirSync(dir, { recursive: true });
      // The pid may be a wrapper (unshare) whose child is the listener: the tree moves.
      for (const p of treeOf(pid)) writeFileSync(join(dir, 'cgroup.procs'), `${p}\n`);
      dirs.set(pid, dir);
    }
  } catch {
    for (const dir of dirs.values()) remove(dir);
    return undefined;
  }
  const procs = (dir) => readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).length;
  return {
    kind: h.root === V1 ? 'cgroup v1 cpuacct' : 'cgroup v2 cpu.stat',
    /** CPU ms used so far by the hosts of these listeners, and how many processes they have now. */
    cpu(pids) {
      let ms = 0;
      let n = 0;
      for (const pid of pids) {
        const dir = dirs.get(pid);
        if (!dir) throw new Error(`no cgroup for listener ${pid}`);
        ms += h.usage(dir);
        n += procs(dir);
      }
      return { ms, procs: n };
    },
    /** Gives the processes back to the root group and removes the groups. */
    close() {
      for (const dir of dirs.values()) {
        try {
          for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) writeFileSync(join(h.root, 'cgroup.procs'), `${pid}\n`);
        } catch {
          // the lab is gone already
        }
        remove(dir);
      }
    },
  };
}

function treeOf(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      out.push(...readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    } catch {
      // gone
    }
  }
  return out;
}

function remove(dir) {
  try {
    rmdirSync(dir);
  } catch {
    // still has processes (a lab host that did not stop): left for the next run to find
  }
}
