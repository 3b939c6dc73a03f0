// The state of one simulated cluster: `cluster.json` (what it is, counters) and one JSON file
// per kind and namespace under `objects/`. Loaded lazily, written back atomically on commit,
// always under the cluster's lock (see openCluster).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../state/atomic.js';
import type { KindInfo } from './kinds.js';
import { newUid, nowIso, type K8sObject } from './object.js';

export interface HostRef {
  name: string;
  address: string;
}

/** ocp311: OpenShift 3.11 (oc 3.11 / kube 1.11 output); kubeadm and ocp4: current kubectl output. */
export type ApiFlavor = 'ocp311' | 'kubeadm' | 'ocp4';

export interface ClusterMeta {
  version: 1;
  name: string;
  flavor: ApiFlavor;
  server: string;
  /** What the API server reports: `kubectl version`, kubeadm's "Cluster version". */
  kubernetesVersion: string;
  /** Lab hosts whose static pods and API endpoints this cluster derives (empty when not a lab host cluster). */
  masters: HostRef[];
  workers: HostRef[];
  apiPort: number;
  resourceVersion: number;
  currentProject: string;
  /** A hosted cluster's API answers only while this deployment has ready replicas in a management cluster. */
  hostedBy?: { namespace: string; deployment: string };
}

const CLUSTER_SCOPE = '_cluster';

export class Store {
  readonly dir: string;
  meta: ClusterMeta;
  private readonly files = new Map<string, Record<string, K8sObject>>();
  private readonly dirty = new Set<string>();
  /** Namespaces deleted in this transaction: their directory goes at commit, and disk is never read for them again. */
  private readonly wiped = new Set<string>();
  private metaDirty = false;

  constructor(dir: string) {
    this.dir = dir;
    this.meta = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterMeta;
  }

  static create(dir: string, meta: ClusterMeta): Store {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'objects'), { recursive: true });
    writeFileAtomic(join(dir, 'cluster.json'), JSON.stringify(meta, null, 2) + '\n', 0o644);
    return new Store(dir);
  }

  list(info: KindInfo, namespace?: string): K8sObject[] {
    const spaces = !info.namespaced ? [CLUSTER_SCOPE] : namespace !== undefined ? [namespace] : this.namespaceDirs();
    return spaces.flatMap((ns) => Object.values(this.records(info, ns)));
  }

  get(info: KindInfo, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.records(info, info.namespaced ? namespace! : CLUSTER_SCOPE)[name];
  }

  // Stores the object as the API server would: a new resourceVersion, and uid/creation time when new.
  put(info: KindInfo, obj: K8sObject): K8sObject {
    const ns = info.namespaced ? obj.metadata.namespace! : CLUSTER_SCOPE;
    const recs = this.records(info, ns);
    const prev = recs[obj.metadata.name];
    obj.metadata.uid = prev?.metadata.uid ?? obj.metadata.uid ?? newUid();
    obj.metadata.creationTimestamp = prev?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? nowIso();
    obj.metadata.resourceVersion = String(this.nextResourceVersion());
    recs[obj.metadata.name] = obj;
    this.dirty.add(this.fileOf(info, ns));
    return obj;
  }

  remove(info: KindInfo, namespace: string | undefined, name: string): boolean {
    const ns = info.namespaced ? namespace! : CLUSTER_SCOPE;
    const recs = this.records(info, ns);
    if (!(name in recs)) return false;
    delete recs[name];
    this.dirty.add(this.fileOf(info, ns));
    return true;
  }

  // Everything stored in a namespace goes with it (the namespace object itself is the caller's).
  dropNamespace(namespace: string): void {
    this.wiped.add(namespace);
    for (const file of [...this.files.keys()]) {
      if (file.startsWith(join(this.dir, 'objects', namespace) + '/')) {
        this.files.delete(file);
        this.dirty.delete(file);
      }
    }
  }

  touchMeta(): void {
    this.metaDirty = true;
  }

  commit(): void {
    for (const ns of this.wiped) rmSync(join(this.dir, 'objects', ns), { recursive: true, force: true });
    for (const file of this.dirty) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileAtomic(file, JSON.stringify(this.files.get(file), null, 1) + '\n', 0o644);
    }
    if (this.metaDirty || this.dirty.size > 0) {
      writeFileAtomic(join(this.dir, 'cluster.json'), JSON.stringify(this.meta, null, 2) + '\n', 0o644);
    }
    this.dirty.clear();
    this.wiped.clear();
    this.metaDirty = false;
  }

  private nextResourceVersion(): number {
    this.meta.resourceVersion += 1;
    this.metaDirty = true;
    return this.meta.resourceVersion;
  }

  private namespaceDirs(): string[] {
    const root = join(this.dir, 'objects');
    const onDisk = existsSync(root) ? readdirSync(root).filter((d) => !this.wiped.has(d)) : [];
    const inMemory = [...this.files.keys()].map((f) => f.slice(root.length + 1).split('/')[0]);
    return [...new Set([...onDisk, ...inMemory])].filter((d) => d !== CLUSTER_SCOPE).sort();
  }

  private fileOf(info: KindInfo, ns: string): string {
    return join(this.dir, 'objects', ns, `${info.plural}.json`);
  }

  private records(info: KindInfo, ns: string): Record<string, K8sObject> {
    const file = this.fileOf(info, ns);
    let recs = this.files.get(file);
    if (!recs) {
      recs = !this.wiped.has(ns) && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, K8sObject>) : {};
      this.files.set(file, recs);
    }
    return recs;
  }
}
