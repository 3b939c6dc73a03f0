// Called after every change to a management cluster's API state: when its hosted etcd members
// are not what the state asks for, a detached worker (src/lab/tools/hosted-etcd.ts) converges
// them, so `oc apply` returns at once and the restore happens in the background, as on a real
// management cluster. One worker per cluster at a time (an exclusive lock file with its pid).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning } from '../procfs.js';
import { runningPid } from '../host/daemon.js';
import { desiredEtcd } from './desired.js';
import { clusterEtcdDir, hostedEtcdLab, runDirOf, type HostedEtcdLab } from './layout.js';
import { readState } from './state.js';
import { labToolScript } from '../tool-path.js';

const WORKER = labToolScript('hosted-etcd');
export const IN_WORKER = 'OPSCTL_LAB_ETCD_WORKER';

export function needsConverge(lab: HostedEtcdLab, cluster: string): boolean {
  const want = desiredEtcd(lab.labDir, cluster);
  if (want.gone.length) return true;
  return want.planes.some((p) => {
    const run = runDirOf(lab.labDir, cluster, p.namespace);
    const pids = existsSync(run) ? readdirSync(run).filter((f) => /^etcd-\d+\.pid$/.test(f)).map((f) => Number(f.slice(5, -4))) : [];
    if (pids.some((i) => !p.members.includes(i))) return true;
    if (p.members.some((i) => !runningPid(run, `etcd-${i}`))) return true;
    return p.members.length > 0 && !readState(lab.labDir, cluster, p.namespace).healthy;
  });
}

export function syncHostedEtcd(labDir: string, cluster: string): void {
  if (process.env[IN_WORKER]) return;
  const lab = hostedEtcdLab(labDir);
  if (!lab || !needsConverge(lab, cluster)) return;
  const dir = clusterEtcdDir(labDir, cluster);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'worker.pid');
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    const pid = Number(readFileSync(lock, 'utf8').trim() || 0);
    if (pid && isRunning(pid)) return;
    rmSync(lock, { force: true });
    try {
      fd = openSync(lock, 'wx');
    } catch {
      return;
    }
  }
  const log = openSync(join(dir, 'worker.log'), 'a');
  const child = spawn(process.execPath, [WORKER, labDir, cluster], { detached: true, stdio: ['ignore', log, log], env: { ...process.env, [IN_WORKER]: '1' } });
  closeSync(log);
  writeSync(fd, `${child.pid}\n`);
  closeSync(fd);
  child.unref();
}
