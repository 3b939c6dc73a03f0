// One simulated cluster as the verbs see it: the stored objects plus what is derived at read
// time (the masters' static pods from their manifest files, the `kubernetes` endpoints from
// the masters whose API server runs, disruption budgets' status from their pods), and the side
// effects the real control plane would have (a deleted node takes its pods along, a deleted
// namespace its contents).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../cli/errors.js';
import { hostedApiReachable, reconcileHostedClusters } from '../controllers/hosted.js';
import { mustKind, resourceRef, type KindInfo } from './kinds.js';
import { withLock } from './lock.js';
import type { K8sObject } from './object.js';
import { clusterDir } from './paths.js';
import { staticPods } from '../controllers/static-pods.js';
import { withBudgetStatus } from '../controllers/disruption.js';
import { Store, type ClusterMeta } from './store.js';
import { syncHostedEtcd } from '../../hosted-etcd/sync.js';
import { deleteOwnedPods, podsOnNode, syncOwnerOf, syncWorkload, WORKLOAD_KINDS } from '../controllers/workloads.js';

const NODE = mustKind('Node');
const POD = mustKind('Pod');
const NAMESPACE = mustKind('Namespace');

export class Cluster {
  readonly labDir: string;
  readonly store: Store;
  private derivedPods?: K8sObject[];

  constructor(labDir: string, store: Store) {
    this.labDir = labDir;
    this.store = store;
  }

  get meta(): ClusterMeta {
    return this.store.meta;
  }

  // Objects in API order (namespace, then name); `namespace` undefined means all namespaces.
  list(info: KindInfo, namespace?: string): K8sObject[] {
    let objects = this.store.list(info, namespace);
    if (info.kind === 'Pod') objects = [...objects, ...this.staticPods().filter((p) => namespace === undefined || p.metadata.namespace === namespace)];
    if (info.kind === 'Endpoints') objects = objects.map((e) => this.withEndpoints(e));
    if (info.kind === 'PodDisruptionBudget') objects = objects.map((b) => withBudgetStatus(this.store, b));
    return objects.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  }

  get(info: KindInfo, namespace: string | undefined, name: string): K8sObject | undefined {
    const stored = this.store.get(info, namespace, name);
    if (stored) return info.kind === 'Endpoints' ? this.withEndpoints(stored) : info.kind === 'PodDisruptionBudget' ? withBudgetStatus(this.store, stored) : stored;
    if (info.kind === 'Pod') return this.staticPods().find((p) => p.metadata.namespace === namespace && p.metadata.name === name);
    return undefined;
  }

  mustGet(info: KindInfo, namespace: string | undefined, name: string): K8sObject {
    const found = this.get(info, namespace, name);
    if (!found) throw new ToolError(`Error from server (NotFound): ${resourceRef(info)} "${name}" not found`);
    return found;
  }

  namespaceExists(namespace: string): boolean {
    return this.store.get(NAMESPACE, undefined, namespace) !== undefined;
  }

  requireNamespace(namespace: string): void {
    if (!this.namespaceExists(namespace)) throw new ToolError(`Error from server (NotFound): namespaces "${namespace}" not found`);
  }

  save(info: KindInfo, obj: K8sObject): K8sObject {
    if (info.namespaced) this.requireNamespace(obj.metadata.namespace!);
    const saved = this.store.put(info, obj);
    if (WORKLOAD_KINDS.includes(info.kind)) syncWorkload(this.store, saved);
    this.derivedPods = undefined;
    return saved;
  }

  // Removes an object and what goes with it; a mirror pod cannot be removed (its kubelet
  // recreates it at once), so removing one reports success and changes nothing.
  remove(info: KindInfo, namespace: string | undefined, name: string): boolean {
    const obj = this.store.get(info, namespace, name);
    if (!obj) return info.kind === 'Pod' && this.get(info, namespace, name) !== undefined;
    this.store.remove(info, namespace, name);
    if (info.kind === 'Node') {
      for (const pod of podsOnNode(this.store, name)) {
        this.store.remove(POD, pod.metadata.namespace, pod.metadata.name);
        syncOwnerOf(this.store, pod);
      }
      for (const ds of this.store.list(mustKind('DaemonSet'))) syncWorkload(this.store, ds);
    } else if (info.kind === 'Namespace') {
      this.store.dropNamespace(name);
    } else if (info.kind === 'Pod') {
      syncOwnerOf(this.store, obj);
    } else if (WORKLOAD_KINDS.includes(info.kind)) {
      deleteOwnedPods(this.store, obj);
    }
    this.derivedPods = undefined;
    return true;
  }

  private staticPods(): K8sObject[] {
    if (!this.derivedPods) {
      const nodes = new Map(this.store.list(NODE).map((n) => [n.metadata.name, n.metadata.creationTimestamp]));
      this.derivedPods = staticPods(this.labDir, this.meta, nodes);
    }
    return this.derivedPods;
  }

  // The API server endpoints are the masters whose API static pod runs (the lease reconciler).
  private withEndpoints(ep: K8sObject): K8sObject {
    if (ep.metadata.namespace !== 'default' || ep.metadata.name !== 'kubernetes' || this.meta.masters.length === 0) return ep;
    const svc = this.store.get(mustKind('Service'), 'default', 'kubernetes');
    const running = new Set(
      this.staticPods()
        .filter((p) => p.metadata.labels?.['openshift.io/component'] === 'api' || p.metadata.labels?.component === 'kube-apiserver')
        .map((p) => p.spec?.nodeName as string),
    );
    const addresses = this.meta.masters.filter((m) => running.has(m.name)).map((m) => ({ ip: m.address }));
    const ports = ((svc?.spec?.ports ?? []) as Array<{ name: string; protocol: string; targetPort: number }>).map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol }));
    return { ...ep, subsets: addresses.length ? [{ addresses, ports }] : [] };
  }
}

// Runs `fn` on a cluster under its lock; what `fn` changed is written back even when it fails
// the way kubectl fails (a drain that cordoned, then refused, leaves the node cordoned).
export function openCluster<T>(labDir: string, name: string, fn: (c: Cluster) => T): T {
  const dir = clusterDir(labDir, name);
  if (!existsSync(join(dir, 'cluster.json'))) throw new ToolError(`error: the lab has no API state in ${dir}; was it created by \`opsctl lab up\`?`);
  return withLock(join(dir, '.lock'), () => {
    const store = new Store(dir);
    if (!hostedApiReachable(labDir, store.meta)) {
      throw new ToolError(`The connection to the server ${store.meta.server.replace(/^https?:\/\//, '')} was refused - did you specify the right host or port?`);
    }
    reconcileHostedClusters(store);
    try {
      const result = fn(new Cluster(labDir, store));
      // The operator reacts to the change itself, not only at the next call: a run whose last call
      // unpauses a HostedCluster leaves it reconciling, as the real operator would.
      reconcileHostedClusters(store);
      store.commit();
      return result;
    } catch (e) {
      if (e instanceof ToolError) store.commit();
      throw e;
    } finally {
      // The hosted etcd members follow the pods this change left (a background worker).
      syncHostedEtcd(labDir, name);
    }
  });
}
