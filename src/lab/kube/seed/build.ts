// Terse constructors for the fixture objects the seed creates.
import { apiVersionOf, mustKind } from '../store/kinds.js';
import type { K8sObject, ObjectMeta } from '../store/object.js';

export function make(kind: string, namespace: string | undefined, name: string, body: Record<string, unknown> = {}, meta: Partial<ObjectMeta> = {}): K8sObject {
  const info = mustKind(kind);
  return {
    apiVersion: apiVersionOf(info),
    kind,
    metadata: { name, ...(info.namespaced ? { namespace } : {}), ...meta },
    ...body,
  };
}

export const namespace = (name: string, labels?: Record<string, string>): K8sObject =>
  make('Namespace', undefined, name, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, labels ? { labels } : {});

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function secret(ns: string, name: string, type: string, data: Record<string, string>, labels?: Record<string, string>): K8sObject {
  return make('Secret', ns, name, { type, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) }, labels ? { labels } : {});
}

interface ContainerSpec {
  name: string;
  image: string;
  emptyDir?: boolean;
}

function podSpec(containers: ContainerSpec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const withEmptyDir = containers.some((c) => c.emptyDir);
  return {
    containers: containers.map((c) => ({ name: c.name, image: c.image, ...(c.emptyDir ? { volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }] } : {}) })),
    ...(withEmptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
    ...extra,
  };
}

export function deployment(ns: string, name: string, replicas: number, containers: ContainerSpec[], extra: Record<string, unknown> = {}): K8sObject {
  const labels = { app: name };
  return make('Deployment', ns, name, {
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(containers, extra) } },
  });
}

export function statefulSet(ns: string, name: string, replicas: number, containers: ContainerSpec[]): K8sObject {
  const labels = { app: name };
  return make('StatefulSet', ns, name, {
    spec: { replicas, serviceName: `${name}-discovery`, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(containers) } },
  });
}

export function daemonSet(ns: string, name: string, containers: ContainerSpec[], extraLabels: Record<string, string> = {}): K8sObject {
  const labels = { app: name, ...extraLabels };
  return make('DaemonSet', ns, name, {
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(containers, { hostNetwork: true }) } },
  });
}
