// `lab down`: stop every process the lab started (recorded pids, pid files, anything still in a
// host's mount namespace) with TERM then KILL, check none is left, remove the mount points it
// created and the lab dir. Idempotent, and works on a half-started or half-dead lab.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { servicePids } from './services/start.js';
import { basename, dirname, join } from 'node:path';
import { HostError, InputError } from '../errors.js';
import { releaseAddressBlock } from './address-block.js';
import { readLabState, type LabState } from './lab-state.js';
import { hostRunDir } from './layout.js';
import { removeMountPoints } from './mount-points.js';
import { isSameRunning, mountNamespaceOf, pidsInMountNamespace, readPidFile } from './procfs.js';
import { terminate } from './terminate.js';

export interface DownResult {
  found: boolean;
  stopped: number[];
  keptMountPoints: string[];
}

// Every live process that belongs to the lab, each checked to be ours (not a reused pid).
export function labProcesses(state: LabState): number[] {
  const pids = new Set<number>();
  for (const h of state.hosts) {
    for (const ref of [h.unshare, h.sshd]) if (ref && isSameRunning(ref)) pids.add(ref.pid);
    if (!h.mntNs) continue;
    const inNs = pidsInMountNamespace(h.mntNs);
    // A namespace id is reused once its last process is gone (another lab starting at that moment
    // gets it): the namespace is this host's only while its mounts are this host's tree.
    if (inNs.length > 0 && mountsOfHost(inNs[0], state.dir, h.name)) for (const pid of inNs) pids.add(pid);
    // Pid files (etcd, kubelet) count only for a process in that host's namespace.
    const run = hostRunDir(state.dir, h.name);
    const files = existsSync(run) ? readdirSync(run).filter((f) => f.endsWith('.pid')) : [];
    for (const f of files) {
      const pid = readPidFile(join(run, f));
      if (pid && mountNamespaceOf(pid) === h.mntNs) pids.add(pid);
    }
  }
  // Services, hosted etcd members and their workers run on the machine itself; a pid counts only
  // when its command line names this lab's dir (a reused pid never does).
  for (const pid of servicePids(state)) if (commandLineOf(pid).includes(state.dir)) pids.add(pid);
  return [...pids];
}

// Whether a process's mounts come from this lab's tree for `host` (the bind mounts `lab up` made).
// The tail of the lab dir is matched, as mountinfo shows paths relative to their filesystem.
function mountsOfHost(pid: number, labDir: string, host: string): boolean {
  const tail = `${basename(dirname(labDir))}/${basename(labDir)}/hosts/${host}/`;
  try {
    return readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(tail);
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

// Stops processes and undoes the machine-wide changes; the lab dir itself is left to the caller.
export async function stopLab(state: LabState): Promise<{ stopped: number[]; survivors: number[]; keptMountPoints: string[] }> {
  const stopped = new Set<number>();
  let survivors = labProcesses(state);
  // A process being stopped can start another on its way out (a supervisor restarting its child,
  // a trap): that one is new, not a survivor of KILL, so it gets a round of its own. Three rounds
  // bound a process that keeps doing it.
  for (let round = 0; round < 3 && survivors.length > 0; round++) {
    for (const pid of survivors) stopped.add(pid);
    // Short grace: an etcd leader stopped together with its followers waits ~7 s trying to hand
    // over leadership to nobody; the lab is being destroyed, so KILL after 1.5 s is fine.
    await terminate(survivors, round === 0 ? 1_500 : 500);
    survivors = labProcesses(state);
  }
  const keptMountPoints = survivors.length === 0 ? removeMountPoints(state.mountPointsCreated) : state.mountPointsCreated;
  if (survivors.length === 0) releaseAddressBlock(state.network, state.dir);
  return { stopped: [...stopped], survivors, keptMountPoints };
}

export async function labDown(dir: string): Promise<DownResult> {
  if (!existsSync(dir)) return { found: false, stopped: [], keptMountPoints: [] };
  const state = readLabState(dir);
  if (!state) {
    // No lab.json: only a dir that looks like a lab's (hosts/, pki/) is ever deleted.
    if (existsSync(join(dir, 'hosts')) || existsSync(join(dir, 'pki'))) {
      rmSync(dir, { recursive: true, force: true });
      return { found: true, stopped: [], keptMountPoints: [] };
    }
    throw new InputError([{ message: `${dir} is not a lab directory (no lab.json)` }], { hint: 'give the --dir that lab up used' });
  }
  const { stopped, survivors, keptMountPoints } = await stopLab(state);
  if (survivors.length > 0) {
    throw new HostError(`lab processes still running after three rounds of TERM and KILL: ${survivors.join(', ')}`, { hint: `inspect them with: ps -o pid,stat,cmd -p ${survivors.join(',')}` });
  }
  rmSync(dir, { recursive: true, force: true });
  return { found: true, stopped, keptMountPoints };
}
