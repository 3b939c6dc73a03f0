// What is installed on each lab host (kubeadm/kubelet/kubectl and friends, as apt or yum see
// them) and which kubelet version is running there. The package shims change the installed
// version; only a kubelet restart makes the node report it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../state/atomic.js';
import { withLock } from '../store/lock.js';
import { hostStateDir, hostStateFile } from '../store/paths.js';

export interface InstalledPackage {
  /** Package version with revision, as the package manager prints it: `1.29.3-1.1`. */
  version: string;
  held?: boolean;
}

export interface HostState {
  packages: Record<string, InstalledPackage>;
  /** The kubelet version the running kubelet reports (`v1.29.3`), changed by a restart. */
  kubeletRunning?: string;
}

export function readHostState(labDir: string, host: string): HostState {
  const file = hostStateFile(labDir, host);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HostState) : { packages: {} };
}

export function writeHostState(labDir: string, host: string, state: HostState): void {
  mkdirSync(hostStateDir(labDir), { recursive: true });
  writeFileAtomic(hostStateFile(labDir, host), JSON.stringify(state, null, 2) + '\n', 0o644);
}

// Read-modify-write of one host's state under the hosts' lock.
export function updateHostState<T>(labDir: string, host: string, fn: (s: HostState) => T): T {
  mkdirSync(hostStateDir(labDir), { recursive: true });
  return withLock(join(hostStateDir(labDir), '.lock'), () => {
    const state = readHostState(labDir, host);
    const result = fn(state);
    writeHostState(labDir, host, state);
    return result;
  });
}

// `1.29.3-1.1` → `v1.29.3`.
export const packageSemver = (version: string): string => `v${version.replace(/^v/, '').split('-')[0]}`;
