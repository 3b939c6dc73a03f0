// A stand-in for the HyperShift operator: while a HostedCluster is not paused, its control
// plane namespace, HostedControlPlane, apiserver deployments and etcd statefulset are put back
// at their declared size (so scaling down without pausing first is undone, as on a real
// management cluster), and its status says whether its API is up.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustKind } from '../store/kinds.js';
import { isObject, type K8sObject } from '../store/object.js';
import { labClusters } from '../cli/kubeconfig.js';
import { clusterDir } from '../store/paths.js';
import { controlPlaneObjects, controlPlaneRoutes } from '../seed/hosted.js';
import { dirname } from 'node:path';
import { hostedEtcdLab } from '../../hosted-etcd/layout.js';
import { readState } from '../../hosted-etcd/state.js';
import type { ClusterMeta, Store } from '../store/store.js';
import { syncWorkload } from './workloads.js';

const HC = mustKind('HostedCluster');
const NP = mustKind('NodePool');

// `pausedUntil: "true"` pauses for good; an RFC 3339 time pauses until then.
export function isPaused(hc: K8sObject): boolean {
  const until = hc.spec?.pausedUntil;
  if (until === undefined || until === null || until === '') return false;
  if (String(until) === 'true') return true;
  const t = Date.parse(String(until));
  return Number.isNaN(t) ? false : t > Date.now();
}

export const controlPlaneNamespace = (hc: K8sObject): string => `${hc.metadata.namespace}-${hc.metadata.name}`;

// Where the lab runs real etcd members for hosted control planes, an apiserver is only created
// once its etcd is healthy (a restore from restoreSnapshotURL takes a while), and Available says so.
function etcdReady(store: Store, hc: K8sObject): boolean {
  const labDir = dirname(dirname(store.dir));
  if (!hostedEtcdLab(labDir)) return true;
  return readState(labDir, store.meta.name, controlPlaneNamespace(hc)).healthy;
}

const WRITERS = ['kube-apiserver', 'openshift-apiserver', 'openshift-oauth-apiserver'];

export function reconcileHostedClusters(store: Store): void {
  for (const hc of store.list(HC)) {
    const paused = isPaused(hc);
    const etcd = etcdReady(store, hc);
    if (!paused) restoreControlPlane(store, hc, etcd);
    const before = JSON.stringify(hc.status ?? null);
    hc.status = hostedClusterStatus(store, hc, paused, etcd);
    if (JSON.stringify(hc.status) !== before) store.put(HC, hc);
    if (paused) continue;
    for (const np of store.list(NP, hc.metadata.namespace).filter((n) => n.spec?.clusterName === hc.metadata.name)) {
      const status = { replicas: np.spec?.replicas ?? 0, version: hc.spec?.release?.image?.split(':').pop()?.replace(/-x86_64$/, ''), conditions: np.status?.conditions ?? [] };
      if (JSON.stringify(status) !== JSON.stringify(np.status ?? null)) {
        np.status = status;
        store.put(NP, np);
      }
    }
  }
}

function restoreControlPlane(store: Store, hc: K8sObject, etcdReady: boolean): void {
  const ns = controlPlaneNamespace(hc);
  const NS = mustKind('Namespace');
  if (!store.get(NS, undefined, ns)) store.put(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, status: { phase: 'Active' } });
  for (const desired of [...controlPlaneObjects(hc), ...controlPlaneRoutes(hc)]) {
    const info = mustKind(desired.kind);
    const current = store.get(info, ns, desired.metadata.name);
    if (!current) {
      if (!etcdReady && desired.kind === 'Deployment' && WRITERS.includes(desired.metadata.name)) continue;
      store.put(info, desired);
      if (desired.kind === 'Deployment' || desired.kind === 'StatefulSet') syncWorkload(store, desired);
    } else if ((desired.kind === 'Deployment' || desired.kind === 'StatefulSet') && current.spec?.replicas !== desired.spec.replicas) {
      current.spec.replicas = desired.spec.replicas;
      syncWorkload(store, current);
    }
  }
}

function hostedClusterStatus(store: Store, hc: K8sObject, paused: boolean, etcd: boolean): Record<string, unknown> {
  const apiserver = store.get(mustKind('Deployment'), controlPlaneNamespace(hc), 'kube-apiserver');
  const up = etcd && Number(apiserver?.status?.readyReplicas ?? 0) > 0;
  const version = String(hc.spec?.release?.image ?? '').split(':').pop()?.replace(/-x86_64$/, '') ?? '';
  const cond = (type: string, status: boolean, reason: string, message: string) => ({ type, status: status ? 'True' : 'False', reason, message });
  return {
    ...(isObject(hc.status) ? hc.status : {}),
    version: { desired: { version }, history: [{ state: 'Completed', version }] },
    kubeconfig: { name: `${hc.metadata.name}-admin-kubeconfig` },
    conditions: [
      cond('Available', up, up ? 'AsExpected' : 'WaitingForAvailable', up ? 'The hosted control plane is available' : 'Waiting for hosted control plane kube-apiserver to become available'),
      cond('EtcdAvailable', etcd, etcd ? 'QuorumAvailable' : 'EtcdWaitingForQuorum', etcd ? 'Etcd has quorum' : 'Waiting for etcd to reach quorum'),
      cond('Progressing', false, 'AsExpected', 'HostedCluster is at expected version'),
      cond('ReconciliationActive', !paused, paused ? 'ReconciliationPaused' : 'AsExpected', paused ? `Reconciliation paused until: ${hc.spec?.pausedUntil}` : 'Reconciliation active on resource'),
    ],
  };
}

// A hosted cluster's API answers while some management cluster runs its kube-apiserver.
export function hostedApiReachable(labDir: string, meta: ClusterMeta): boolean {
  if (!meta.hostedBy) return true;
  return labClusters(labDir)
    .filter((c) => c !== meta.name)
    .some((c) => {
      const file = join(clusterDir(labDir, c), 'objects', meta.hostedBy!.namespace, 'deployments.json');
      if (!existsSync(file)) return false;
      const deps = JSON.parse(readFileSync(file, 'utf8')) as Record<string, K8sObject>;
      return Number(deps[meta.hostedBy!.deployment]?.status?.readyReplicas ?? 0) > 0;
    });
}
