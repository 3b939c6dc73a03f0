// What the hosted etcd members of one management cluster should be, read from its API state:
// a member per running `etcd-N` pod of each hosted control plane, the StatefulSet's size for the
// initial cluster, and the HostedCluster's restoreSnapshotURL list (HyperShift restores a member
// from it when its volume is empty).
import { existsSync, readdirSync } from 'node:fs';
import { mustKind } from '../kube/store/kinds.js';
import { Store } from '../kube/store/store.js';
import { clusterDir } from '../kube/store/paths.js';
import { clusterEtcdDir } from './layout.js';

export interface DesiredEtcd {
  namespace: string;
  /** Indexes of the etcd pods that exist and run. */
  members: number[];
  /** StatefulSet replicas: the size of the initial cluster. */
  size: number;
  restoreURLs: string[];
}

export interface DesiredCluster {
  planes: DesiredEtcd[];
  /** Control plane namespaces with volumes on disk but gone from the API: their PVs go. */
  gone: string[];
}

export function desiredEtcd(labDir: string, cluster: string): DesiredCluster {
  const dir = clusterDir(labDir, cluster);
  const planes: DesiredEtcd[] = [];
  if (existsSync(`${dir}/cluster.json`)) {
    const store = new Store(dir);
    for (const hc of store.list(mustKind('HostedCluster'))) {
      const namespace = `${hc.metadata.namespace}-${hc.metadata.name}`;
      if (!store.get(mustKind('Namespace'), undefined, namespace)) continue;
      const sts = store.get(mustKind('StatefulSet'), namespace, 'etcd');
      const pods = store.list(mustKind('Pod'), namespace).filter((p) => /^etcd-\d+$/.test(p.metadata.name) && p.status?.phase === 'Running');
      const urls = hc.spec?.etcd?.managed?.storage?.restoreSnapshotURL;
      planes.push({
        namespace,
        members: pods.map((p) => Number(p.metadata.name.slice(5))).sort((a, b) => a - b),
        size: Number(sts?.spec?.replicas ?? 0) || pods.length,
        restoreURLs: Array.isArray(urls) ? urls.map(String) : [],
      });
    }
  }
  const root = clusterEtcdDir(labDir, cluster);
  // Directories only: the worker's pid and log files sit beside them.
  const onDisk = existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  return { planes, gone: onDisk.filter((ns) => !planes.some((p) => p.namespace === ns)) };
}
