// What `kubectl get` prints for each type: its columns and, with `-o wide`, the extra ones.
// Column sets follow the real printers (core types) and the CRDs' additionalPrinterColumns.
import type { K8sObject } from '../store/object.js';
import { ageOf } from './table.js';

export interface Columns {
  headers: string[];
  wide: string[];
  row(obj: K8sObject, wide: boolean): string[];
}

const none = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : String(v));
const blank = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const age = (o: K8sObject) => ageOf(o.metadata.creationTimestamp);

function condition(o: K8sObject, type: string): string | undefined {
  return (o.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === type)?.status;
}

export function nodeStatus(o: K8sObject): string {
  const ready = condition(o, 'Ready');
  // kubectl prints "Not<Type>" for any status but True (False and Unknown alike).
  const base = ready === 'True' ? 'Ready' : ready !== undefined ? 'NotReady' : 'Unknown';
  return o.spec?.unschedulable ? `${base},SchedulingDisabled` : base;
}

export function nodeRoles(o: K8sObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((l) => l.startsWith('node-role.kubernetes.io/'))
    .map((l) => l.slice('node-role.kubernetes.io/'.length))
    .sort();
  return roles.length ? roles.join(',') : '<none>';
}

const nodeAddress = (o: K8sObject, type: string) =>
  (o.status?.addresses as Array<{ type: string; address: string }> | undefined)?.find((a) => a.type === type)?.address;

export function podReady(o: K8sObject): string {
  const statuses = (o.status?.containerStatuses ?? []) as Array<{ ready: boolean }>;
  const total = (o.spec?.containers ?? []).length;
  return `${statuses.filter((s) => s.ready).length}/${total}`;
}

function ports(o: K8sObject): string {
  const list = (o.spec?.ports ?? []) as Array<{ port: number; protocol?: string }>;
  return list.length ? list.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') : '<none>';
}

export function endpointList(o: K8sObject): string[] {
  const out: string[] = [];
  for (const subset of (o.subsets ?? []) as Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number }> }>) {
    for (const port of subset.ports ?? []) for (const a of subset.addresses ?? []) out.push(`${a.ip}:${port.port}`);
  }
  return out;
}

function endpointsCell(o: K8sObject): string {
  const all = endpointList(o);
  if (all.length === 0) return '<none>';
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}

const count = (v: unknown): string => String(v ?? 0);
const hcVersion = (o: K8sObject) => o.status?.version?.history?.[0]?.version ?? o.spec?.release?.image?.split(':').pop();

const simple = (headers: string[], row: (o: K8sObject) => string[], wide: string[] = [], wideRow?: (o: K8sObject) => string[]): Columns => ({
  headers: ['NAME', ...headers],
  wide,
  row: (o, w) => [o.metadata.name, ...row(o), ...(w && wideRow ? wideRow(o) : [])],
});

const COLUMNS: Record<string, Columns> = {
  Node: simple(
    ['STATUS', 'ROLES', 'AGE', 'VERSION'],
    (o) => [nodeStatus(o), nodeRoles(o), age(o), none(o.status?.nodeInfo?.kubeletVersion)],
    ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    (o) => [
      none(nodeAddress(o, 'InternalIP')),
      none(nodeAddress(o, 'ExternalIP')),
      none(o.status?.nodeInfo?.osImage),
      none(o.status?.nodeInfo?.kernelVersion),
      none(o.status?.nodeInfo?.containerRuntimeVersion),
    ],
  ),
  Namespace: simple(['STATUS', 'AGE'], (o) => [o.status?.phase ?? 'Active', age(o)]),
  Project: simple(['DISPLAY NAME', 'STATUS'], (o) => [blank(o.metadata.annotations?.['openshift.io/display-name']), o.status?.phase ?? 'Active']),
  Pod: simple(
    ['READY', 'STATUS', 'RESTARTS', 'AGE'],
    (o) => [podReady(o), o.status?.phase ?? 'Pending', '0', age(o)],
    ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    (o) => [none(o.status?.podIP), none(o.spec?.nodeName), '<none>', '<none>'],
  ),
  Service: simple(
    ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    (o) => [o.spec?.type ?? 'ClusterIP', none(o.spec?.clusterIP), '<none>', ports(o), age(o)],
    ['SELECTOR'],
    (o) => [o.spec?.selector ? Object.entries(o.spec.selector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>'],
  ),
  Endpoints: simple(['ENDPOINTS', 'AGE'], (o) => [endpointsCell(o), age(o)]),
  ConfigMap: simple(['DATA', 'AGE'], (o) => [String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o)]),
  Secret: simple(['TYPE', 'DATA', 'AGE'], (o) => [o.type ?? 'Opaque', String(Object.keys(o.data ?? {}).length), age(o)]),
  Deployment: simple(
    ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    (o) => [`${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}`, count(o.status?.updatedReplicas), count(o.status?.availableReplicas), age(o)],
    ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    (o) => {
      const cs = (o.spec?.template?.spec?.containers ?? []) as Array<{ name: string; image: string }>;
      const sel = o.spec?.selector?.matchLabels ?? {};
      return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',')];
    },
  ),
  StatefulSet: simple(['READY', 'AGE'], (o) => [`${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}`, age(o)]),
  DaemonSet: simple(['DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], (o) => [
    count(o.status?.desiredNumberScheduled),
    count(o.status?.currentNumberScheduled),
    count(o.status?.numberReady),
    count(o.status?.updatedNumberScheduled),
    count(o.status?.numberAvailable),
    o.spec?.template?.spec?.nodeSelector ? Object.entries(o.spec.template.spec.nodeSelector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>',
    age(o),
  ]),
  PodDisruptionBudget: simple(['MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'], (o) => [
    o.spec?.minAvailable === undefined ? 'N/A' : String(o.spec.minAvailable),
    o.spec?.maxUnavailable === undefined ? 'N/A' : String(o.spec.maxUnavailable),
    count(o.status?.disruptionsAllowed),
    age(o),
  ]),
  HostedCluster: simple(['VERSION', 'KUBECONFIG', 'PROGRESS', 'AVAILABLE', 'PROGRESSING', 'MESSAGE'], (o) => [
    blank(hcVersion(o)),
    blank(o.status?.kubeconfig?.name),
    blank(o.status?.version?.history?.[0]?.state),
    blank(condition(o, 'Available')),
    blank(condition(o, 'Progressing')),
    blank((o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Available')?.message),
  ]),
  NodePool: simple(
    ['CLUSTER', 'DESIRED NODES', 'CURRENT NODES', 'AUTOSCALING', 'AUTOREPAIR', 'VERSION', 'UPDATINGVERSION', 'UPDATINGCONFIG', 'MESSAGE'],
    (o) => [
      blank(o.spec?.clusterName),
      blank(o.spec?.replicas),
      blank(o.status?.replicas),
      String(condition(o, 'AutoscalingEnabled') ?? 'False'),
      String(condition(o, 'AutorepairEnabled') ?? 'False'),
      blank(o.status?.version),
      blank(condition(o, 'UpdatingVersion')),
      blank(condition(o, 'UpdatingConfig')),
      '',
    ],
  ),
  Cluster: simple(['CLUSTERCLASS', 'PHASE', 'AGE', 'VERSION'], (o) => [blank(o.spec?.topology?.class), blank(o.status?.phase), age(o), blank(o.spec?.topology?.version)]),
  AWSCluster: simple(['CLUSTER', 'READY', 'VPC', 'BASTION IP'], (o) => [
    blank(o.metadata.labels?.['cluster.x-k8s.io/cluster-name']),
    blank(o.status?.ready),
    blank(o.spec?.network?.vpc?.id),
    blank(o.status?.bastion?.publicIp),
  ]),
  AWSMachine: simple(['CLUSTER', 'STATE', 'READY', 'INSTANCEID', 'MACHINE'], (o) => [
    blank(o.metadata.labels?.['cluster.x-k8s.io/cluster-name']),
    blank(o.status?.instanceState),
    blank(o.status?.ready),
    blank(o.spec?.providerID),
    blank(o.metadata.ownerReferences?.find((r) => r.kind === 'Machine')?.name),
  ]),
  MachineDeployment: simple(['CLUSTER', 'REPLICAS', 'READY', 'UPDATED', 'UNAVAILABLE', 'PHASE', 'AGE', 'VERSION'], (o) => [
    blank(o.spec?.clusterName),
    blank(o.status?.replicas),
    blank(o.status?.readyReplicas),
    blank(o.status?.updatedReplicas),
    blank(o.status?.unavailableReplicas),
    blank(o.status?.phase),
    age(o),
    blank(o.spec?.template?.spec?.version),
  ]),
  MachineSet: simple(['CLUSTER', 'REPLICAS', 'READY', 'AVAILABLE', 'AGE', 'VERSION'], (o) => [
    blank(o.spec?.clusterName),
    blank(o.spec?.replicas),
    blank(o.status?.readyReplicas),
    blank(o.status?.availableReplicas),
    age(o),
    blank(o.spec?.template?.spec?.version),
  ]),
  Machine: simple(['CLUSTER', 'NODENAME', 'PROVIDERID', 'PHASE', 'AGE', 'VERSION'], (o) => [
    blank(o.spec?.clusterName),
    blank(o.status?.nodeRef?.name),
    blank(o.spec?.providerID),
    blank(o.status?.phase),
    age(o),
    blank(o.spec?.version),
  ]),
  Route: simple(['HOST/PORT', 'PATH', 'SERVICES', 'PORT', 'TERMINATION', 'WILDCARD'], (o) => [
    blank(o.spec?.host),
    blank(o.spec?.path),
    blank(o.spec?.to?.name),
    blank(o.spec?.port?.targetPort),
    blank(o.spec?.tls ? [o.spec.tls.termination, o.spec.tls.insecureEdgeTerminationPolicy].filter(Boolean).join('/') : ''),
    o.spec?.wildcardPolicy ?? 'None',
  ]),
  ClusterVersion: simple(['VERSION', 'AVAILABLE', 'PROGRESSING', 'SINCE', 'STATUS'], (o) => [
    blank(o.status?.desired?.version),
    blank(condition(o, 'Available')),
    blank(condition(o, 'Progressing')),
    age(o),
    blank((o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing')?.message),
  ]),
};

const GENERIC = simple(['AGE'], (o) => [age(o)]);

export const columnsFor = (kind: string): Columns => COLUMNS[kind] ?? GENERIC;
