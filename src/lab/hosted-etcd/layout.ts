// Where a hosted cluster's etcd pods really run in the lab: one real etcd member per pod of the
// control plane's `etcd` StatefulSet, on its own loopback address of the lab's /24 (management
// cluster `lab` from .200, `lab-dest` from .210), its volume (the pod's /var/lib/data) under
// DIR/hosted-etcd/<cluster>/<namespace>/etcd-N, TLS from the lab's etcd CA.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLUSTER_SLOTS = ['lab', 'lab-dest'];

export interface HostedEtcdLab {
  labDir: string;
  network: string;
}

/** The lab's hosted-etcd settings, or undefined where the lab runs none (a bare API state dir). */
// Read on every `oc` call: plain JSON, not the validated lab state (no zod in the tools' start-up).
export function hostedEtcdLab(labDir: string): HostedEtcdLab | undefined {
  try {
    const state = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as { network?: string; hostedEtcd?: unknown };
    return state.hostedEtcd && state.network ? { labDir, network: state.network } : undefined;
  } catch {
    return undefined;
  }
}

export const hostedEtcdRoot = (labDir: string): string => join(labDir, 'hosted-etcd');
export const clusterEtcdDir = (labDir: string, cluster: string): string => join(hostedEtcdRoot(labDir), cluster);
export const namespaceEtcdDir = (labDir: string, cluster: string, ns: string): string => join(clusterEtcdDir(labDir, cluster), ns);
/** The pod's /var/lib/data: etcd's data dir; `snapshot save /var/lib/data/snapshot.db` lands here. */
export const memberVolume = (labDir: string, cluster: string, ns: string, i: number): string => join(namespaceEtcdDir(labDir, cluster, ns), `etcd-${i}`);
export const runDirOf = (labDir: string, cluster: string, ns: string): string => join(namespaceEtcdDir(labDir, cluster, ns), 'run');
export const stateFileOf = (labDir: string, cluster: string, ns: string): string => join(runDirOf(labDir, cluster, ns), 'state.json');
/** The pod's /etc/etcd/tls: client/{etcd-client-ca.crt,etcd-client.crt,etcd-client.key}, server/{...}. */
export const tlsDir = (labDir: string): string => join(hostedEtcdRoot(labDir), 'tls');

export function memberAddress(lab: HostedEtcdLab, cluster: string, i: number): string {
  const slot = CLUSTER_SLOTS.indexOf(cluster);
  return `${lab.network}.${200 + 10 * (slot < 0 ? 2 : slot) + i}`;
}

/** Every address a hosted etcd member may use: the serving certificate carries them all. */
export const allMemberAddresses = (network: string): string[] =>
  [0, 1].flatMap((slot) => [0, 1, 2].map((i) => `${network}.${200 + 10 * slot + i}`));

export const clientURL = (lab: HostedEtcdLab, cluster: string, i: number): string => `https://${memberAddress(lab, cluster, i)}:2379`;
export const peerURL = (lab: HostedEtcdLab, cluster: string, i: number): string => `https://${memberAddress(lab, cluster, i)}:2380`;

export function initialCluster(lab: HostedEtcdLab, cluster: string, members: number): string {
  return Array.from({ length: members }, (_, i) => `etcd-${i}=${peerURL(lab, cluster, i)}`).join(',');
}

export interface EtcdState {
  /** Members that are up and healthy, by index, with their pids. */
  healthy: boolean;
  members: Record<string, number>;
  /** What each member's data came from: `new`, or the URL it was restored from. */
  origin: Record<string, string>;
  message?: string;
}
