// The controllers the lab runs synchronously: deployments, statefulsets and daemonsets keep
// their pods at the declared count on schedulable nodes, and report it in status, right after
// the change that needs it (scale, eviction, node deletion, apply).
import { mustKind } from '../store/kinds.js';
import { clone, nowIso, ownerKind, randomSuffix, stableSuffix, type K8sObject } from '../store/object.js';
import type { Store } from '../store/store.js';
import { nodeStatus } from '../print/columns.js';

const POD = mustKind('Pod');
const NODE = mustKind('Node');
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

const rsName = (dep: K8sObject) => `${dep.metadata.name}-${stableSuffix(`${dep.metadata.namespace}/${dep.metadata.name}`)}`;

function ownedPods(store: Store, owner: K8sObject, ownerName = owner.metadata.name): K8sObject[] {
  return store.list(POD, owner.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.name === ownerName && r.controller !== false));
}

const isReady = (node: K8sObject) => nodeStatus(node).startsWith('Ready');

export function schedulableNodes(store: Store, exclude?: string): K8sObject[] {
  return store.list(NODE).filter((n) => isReady(n) && !n.spec?.unschedulable && n.metadata.name !== exclude);
}

// The least busy schedulable node, as a scheduler spreading replicas would pick.
function pickNode(store: Store, exclude?: string): K8sObject | undefined {
  const load = new Map<string, number>();
  for (const p of store.list(POD)) if (p.spec?.nodeName) load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1);
  return schedulableNodes(store, exclude).sort((a, b) => (load.get(a.metadata.name) ?? 0) - (load.get(b.metadata.name) ?? 0) || a.metadata.name.localeCompare(b.metadata.name))[0];
}

const nodeIp = (node: K8sObject): string | undefined =>
  (node.status?.addresses as Array<{ type: string; address: string }> | undefined)?.find((a) => a.type === 'InternalIP')?.address;

const podNetwork = (store: Store) => (store.meta.flavor === 'kubeadm' ? '10.244' : '10.128');

// A running pod from a template, bound to `node` (or Pending when there is none).
export interface PodTemplate {
  metadata: { labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
}

export function makePod(store: Store, template: PodTemplate, name: string, namespace: string, owner: { apiVersion: string; kind: string; name: string }, node?: K8sObject): K8sObject {
  const spec = clone(template.spec ?? { containers: [] });
  const containers = (spec.containers ?? []) as Array<{ name: string; image: string }>;
  const now = nowIso();
  const ip = spec.hostNetwork && node ? nodeIp(node) : `${podNetwork(store)}.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 2}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { ...(template.metadata?.labels ?? {}) }, ownerReferences: [{ ...owner, controller: true }] },
    spec: { ...spec, ...(node ? { nodeName: node.metadata.name } : {}) },
    status: node
      ? {
          phase: 'Running',
          hostIP: nodeIp(node),
          podIP: ip,
          startTime: now,
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } })),
        }
      : { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
  };
}

const running = (pods: K8sObject[]) => pods.filter((p) => p.status?.phase === 'Running').length;

// Status fields that are zero are left out, as the API server's omitempty does.
function counts(entries: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== 0));
}

export function syncDeployment(store: Store, dep: K8sObject): void {
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName(dep) };
  const want = Number(dep.spec?.replicas ?? 1);
  let pods = ownedPods(store, dep, owner.name).sort((a, b) => a.metadata.creationTimestamp!.localeCompare(b.metadata.creationTimestamp!));
  const template = { metadata: { labels: { ...(dep.spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': owner.name.slice(dep.metadata.name.length + 1) } }, spec: dep.spec?.template?.spec } as PodTemplate;
  while (pods.length > want) store.remove(POD, dep.metadata.namespace, pods.pop()!.metadata.name);
  while (pods.length < want) {
    const pod = makePod(store, template, `${owner.name}-${randomSuffix()}`, dep.metadata.namespace!, owner, pickNode(store));
    pods.push(store.put(POD, pod));
  }
  pods = ownedPods(store, dep, owner.name);
  const ready = running(pods);
  dep.status = {
    ...counts({ replicas: pods.length, readyReplicas: ready, availableReplicas: ready, updatedReplicas: pods.length, unavailableReplicas: pods.length - ready }),
    observedGeneration: 1,
    conditions: [{ type: 'Available', status: ready >= want ? 'True' : 'False', reason: ready >= want ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable' }],
  };
  store.put(mustKind('Deployment'), dep);
}

export function syncStatefulSet(store: Store, sts: K8sObject): void {
  const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name };
  const want = Number(sts.spec?.replicas ?? 1);
  const template = { metadata: { labels: sts.spec?.template?.metadata?.labels ?? {} }, spec: sts.spec?.template?.spec } as PodTemplate;
  for (const p of ownedPods(store, sts)) {
    const ordinal = Number(p.metadata.name.slice(sts.metadata.name.length + 1));
    if (!(ordinal < want)) store.remove(POD, sts.metadata.namespace, p.metadata.name);
  }
  for (let i = 0; i < want; i++) {
    const name = `${sts.metadata.name}-${i}`;
    if (store.get(POD, sts.metadata.namespace, name)) continue;
    const pod = makePod(store, template, name, sts.metadata.namespace!, owner, pickNode(store));
    pod.metadata.labels = { ...pod.metadata.labels, 'statefulset.kubernetes.io/pod-name': name };
    store.put(POD, pod);
  }
  const pods = ownedPods(store, sts);
  sts.status = { ...counts({ replicas: pods.length, readyReplicas: running(pods), availableReplicas: running(pods), currentReplicas: pods.length, updatedReplicas: pods.length }), observedGeneration: 1 };
  store.put(mustKind('StatefulSet'), sts);
}

export function syncDaemonSet(store: Store, ds: K8sObject): void {
  const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name };
  const nodes = store.list(NODE);
  const pods = ownedPods(store, ds);
  const template = { metadata: { labels: ds.spec?.template?.metadata?.labels ?? {} }, spec: ds.spec?.template?.spec } as PodTemplate;
  // RollingUpdate: a pod whose images are not the template's (kubeadm changed kube-proxy's) is replaced.
  const images = (spec: { containers?: Array<{ image: string }> } | undefined) => (spec?.containers ?? []).map((c) => c.image).join(',');
  const current = pods.filter((p) => {
    const keep = nodes.some((n) => n.metadata.name === p.spec?.nodeName) && images(p.spec) === images(template.spec);
    if (!keep) store.remove(POD, ds.metadata.namespace, p.metadata.name);
    return keep;
  });
  for (const node of nodes) {
    if (current.some((p) => p.spec?.nodeName === node.metadata.name)) continue;
    store.put(POD, makePod(store, template, `${ds.metadata.name}-${randomSuffix()}`, ds.metadata.namespace!, owner, node));
  }
  const n = ownedPods(store, ds).length;
  ds.status = { ...counts({ desiredNumberScheduled: n, currentNumberScheduled: n, numberReady: n, updatedNumberScheduled: n, numberAvailable: n }), numberMisscheduled: 0, observedGeneration: 1 };
  store.put(mustKind('DaemonSet'), ds);
}

export function syncWorkload(store: Store, obj: K8sObject): void {
  if (obj.kind === 'Deployment') syncDeployment(store, obj);
  else if (obj.kind === 'StatefulSet') syncStatefulSet(store, obj);
  else if (obj.kind === 'DaemonSet') syncDaemonSet(store, obj);
}

// After a pod is gone (evicted, deleted, its node removed) its controller makes a replacement.
export function syncOwnerOf(store: Store, pod: K8sObject): void {
  const ns = pod.metadata.namespace;
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller !== false);
  if (!ref) return;
  if (ref.kind === 'ReplicaSet') {
    const dep = store.list(mustKind('Deployment'), ns).find((d) => rsName(d) === ref.name);
    if (dep) syncDeployment(store, dep);
  } else if (ref.kind === 'StatefulSet' || ref.kind === 'DaemonSet') {
    const owner = store.get(mustKind(ref.kind), ns, ref.name);
    if (owner) syncWorkload(store, owner);
  }
}

export function deleteOwnedPods(store: Store, owner: K8sObject): void {
  const name = owner.kind === 'Deployment' ? rsName(owner) : owner.metadata.name;
  for (const p of ownedPods(store, owner, name)) store.remove(POD, owner.metadata.namespace, p.metadata.name);
}

export const isControlled = (pod: K8sObject): boolean => ['ReplicaSet', 'ReplicationController', 'StatefulSet', 'Job', 'DaemonSet'].includes(ownerKind(pod) ?? '');

export const podsOnNode = (store: Store, node: string): K8sObject[] => store.list(POD).filter((p) => p.spec?.nodeName === node);

