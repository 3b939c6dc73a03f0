// The real system needs an (empty) directory at every path a host bind-mounts over. The lab
// creates the missing ones, records exactly which, and removes them at `lab down` only when they
// are empty and no other mount namespace (another lab) still mounts something there.
import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { allPids, mountNamespaceOf } from './procfs.js';

const exists = (p: string) => {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
};

// Creates each missing directory of each path, shallowest first; returns those it created.
export function ensureMountPoints(paths: readonly string[]): string[] {
  const created: string[] = [];
  for (const path of paths) {
    const missing: string[] = [];
    for (let p = path; !exists(p); p = dirname(p)) missing.unshift(p);
    for (const p of missing) {
      mkdirSync(p, { mode: 0o755 });
      created.push(p);
    }
  }
  return created;
}

// Mount points of every mount namespace on the machine (one process read per namespace).
function mountPointsInUse(): Set<string> {
  const seen = new Set<string>();
  const points = new Set<string>();
  for (const pid of allPids()) {
    const ns = mountNamespaceOf(pid);
    if (!ns || seen.has(ns)) continue;
    seen.add(ns);
    try {
      for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n')) {
        const point = line.split(' ')[4];
        if (point) points.add(point.replace(/\\040/g, ' '));
      }
    } catch {
      // The process exited while we read.
    }
  }
  return points;
}

// Deepest first; returns the directories left in place (not empty, or mounted elsewhere).
export function removeMountPoints(created: readonly string[]): string[] {
  const inUse = mountPointsInUse();
  const kept: string[] = [];
  for (const p of [...created].sort((a, b) => b.length - a.length)) {
    if (inUse.has(p)) {
      kept.push(p);
      continue;
    }
    try {
      rmdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') kept.push(p);
    }
  }
  return kept;
}
