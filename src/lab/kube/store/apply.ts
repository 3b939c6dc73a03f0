// Creating or updating objects from manifests (apply, create -f): server-set metadata is
// dropped from what was given and kept from what is stored; status stays the server's.
import type { Cluster } from './cluster.js';
import { ToolError } from '../cli/errors.js';
import { resourceRef, type KindInfo } from './kinds.js';
import { clone, type K8sObject } from './object.js';

const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'selfLink', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

// The namespace a document lands in: its own, else -n / the current project; a conflict is refused.
export function documentNamespace(info: KindInfo, obj: K8sObject, flagNs: string | undefined, fallback: string): string | undefined {
  if (!info.namespaced) return undefined;
  const own = obj.metadata.namespace;
  if (own && flagNs && own !== flagNs) {
    throw new ToolError(`error: the namespace from the provided object "${own}" does not match the namespace "${flagNs}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  return own ?? flagNs ?? fallback;
}

export function applyObject(c: Cluster, info: KindInfo, given: K8sObject, namespace: string | undefined, source: string, mode: 'apply' | 'create'): ApplyResult {
  const obj = clone(given);
  for (const f of SERVER_FIELDS) delete obj.metadata[f];
  if (namespace) obj.metadata.namespace = namespace;
  else delete obj.metadata.namespace;
  if (info.namespaced && !c.namespaceExists(namespace!)) {
    throw new ToolError(`Error from server (NotFound): error when creating "${source}": namespaces "${namespace}" not found`);
  }
  const current = c.get(info, namespace, obj.metadata.name);
  if (current && mode === 'create') {
    throw new ToolError(`Error from server (AlreadyExists): error when creating "${source}": ${resourceRef(info)} "${obj.metadata.name}" already exists`);
  }
  if (mode === 'apply') {
    const { status: _status, ...applied } = obj;
    const annotations = { ...(obj.metadata.annotations ?? {}) };
    delete annotations[LAST_APPLIED];
    obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: JSON.stringify({ ...applied, metadata: { ...applied.metadata, annotations: Object.keys(annotations).length ? annotations : undefined } }) + '\n' };
  }
  if (!current) {
    c.save(info, obj);
    return 'created';
  }
  obj.status = current.status ?? obj.status;
  const comparable = (o: K8sObject) => JSON.stringify({ ...o, metadata: { ...o.metadata, uid: 0, resourceVersion: 0, creationTimestamp: 0 } });
  if (comparable(obj) === comparable({ ...current, status: obj.status })) return 'unchanged';
  c.save(info, obj);
  return 'configured';
}
