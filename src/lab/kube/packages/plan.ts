// Resolving an install request against a host's installed packages and its repository: what
// changes (upgrade, downgrade, new), what is already there, what cannot be found. Shared by
// the apt and yum shims; only the wording differs between them.
import type { HostState } from './host-state.js';
import { availableVersions, compareDebVersions, resolveVersion, type Repo } from './repo.js';

export interface Request {
  pkg: string;
  /** As typed: `1.29.3-1.1`, `1.29.3-*`, `1.29.3`, or undefined for the newest. */
  version?: string;
  spec: string;
}

export interface Change {
  pkg: string;
  from?: string;
  to: string;
  held: boolean;
  downgrade: boolean;
}

export interface Resolution {
  changes: Change[];
  current: Array<{ pkg: string; version: string }>;
  unknownPackage: Request[];
  unknownVersion: Request[];
}

export function resolveRequests(state: HostState, repo: Repo, requests: Request[]): Resolution {
  const r: Resolution = { changes: [], current: [], unknownPackage: [], unknownVersion: [] };
  for (const req of requests) {
    const installed = state.packages[req.pkg];
    const available = availableVersions(repo, req.pkg);
    if (available.length === 0) {
      if (installed && !req.version) r.current.push({ pkg: req.pkg, version: installed.version });
      else r.unknownPackage.push(req);
      continue;
    }
    const to = resolveVersion(available, req.version);
    if (!to) {
      r.unknownVersion.push(req);
      continue;
    }
    if (installed?.version === to) {
      r.current.push({ pkg: req.pkg, version: to });
      continue;
    }
    r.changes.push({ pkg: req.pkg, from: installed?.version, to, held: Boolean(installed?.held), downgrade: installed ? compareDebVersions(to, installed.version) < 0 : false });
  }
  return r;
}

export function applyChanges(state: HostState, changes: Change[]): void {
  for (const c of changes) state.packages[c.pkg] = { ...state.packages[c.pkg], version: c.to };
}
