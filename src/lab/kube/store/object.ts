// The object model: plain JSON objects shaped like the Kubernetes API's, with the few metadata
// helpers every verb needs. No schema: the lab stores what it is given, like a CRD would.
import { createHash, randomUUID } from 'node:crypto';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }>;
  [key: string]: unknown;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Objects are free-form below metadata, as in the real API's unstructured form.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export const newUid = (): string => randomUUID();

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Pod-name suffixes in the alphabet the real generators use (no vowels, no confusable digits).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

// A stable suffix (a ReplicaSet's pod-template hash) so a deployment's pods share one prefix.
export function stableSuffix(seed: string, length = 10): string {
  const digest = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[digest[i] % ALPHABET.length];
  return s;
}

export function labelsOf(obj: K8sObject): Record<string, string> {
  return obj.metadata.labels ?? {};
}

export function ownerKind(obj: K8sObject): string | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller !== false)?.kind;
}
