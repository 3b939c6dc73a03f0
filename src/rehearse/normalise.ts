// Two clean runs of a procedure on two fresh labs never leave byte-identical hosts: certificates,
// member ids, timestamps, run ids and addresses differ. End states are compared after replacing
// those with placeholders, so what remains is what a procedure did: which files exist, what the
// text files say, which members and keys etcd has. Pure.
import { parse as parseYaml } from 'yaml';

export interface NormaliseContext {
  /** Absolute paths that differ per trial (the lab dir, the work dir), with their placeholder. */
  paths: Array<[string, string]>;
}

const RULES: Array<[RegExp, string]> = [
  [/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g, '<pem $1>'],
  [/\b\d{8}-\d{6}-[a-z0-9][a-z0-9-]*-[0-9a-f]{4}(?:[0-9a-f]{4})?\b/g, '<run-id>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  // kubeadm names its backups by time: /etc/kubernetes/tmp/kubeadm-backup-manifests-2026-12-03-13-03-14.
  [/\b\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\b/g, '<time>'],
  [/\b\d{8}T?-?\d{6}\b/g, '<stamp>'],
  [/\b(?:19|20)\d{6}\b/g, '<date>'],
  [/\b\d{2}:\d{2}:\d{2}\b/g, '<hms>'],
  // `etcdctl snapshot status -w json`: the hash covers the member and cluster ids a fresh etcd
  // picks, and the bolt file's size (its pages) differs between members holding the same keys at
  // the same revision. revision and totalKey stay compared.
  [/"hash":\s*\d+/g, '"hash":<n>'],
  [/"totalSize":\s*\d+/g, '"totalSize":<n>'],
  // A presigned S3 URL's signing time (`aws s3 presign`): X-Amz-Date and the credential's date scope.
  [/X-Amz-Date=\d{8}T\d{6}Z/g, 'X-Amz-Date=<stamp>'],
  [/(X-Amz-Credential=[^&%"\s]*%2F)\d{8}(%2F)/g, '$1<date>$2'],
  [/\b127\.0\.\d{1,3}\.(\d{1,3})\b/g, '127.0.N.$1'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/[A-Za-z0-9+/]{40,}={0,2}/g, '<b64>'],
  [/\b\d{9,}\b/g, '<n>'],
];

export function normaliseText(text: string, ctx: NormaliseContext): string {
  let out = text;
  for (const [p, placeholder] of ctx.paths) out = out.split(p).join(placeholder);
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}

/** Glob over normalised paths: `*` within one name, `**` across directories. */
export function globMatches(glob: string, path: string): boolean {
  const re = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${re}$`).test(path);
}

// Kubernetes generates names (`router-7f9c8d6b5-x2k9p`: a template hash, then 5 characters from
// an alphabet without vowels) and fields per object (uid, resourceVersion, times, pod IPs).
const GENERATED = /-(?:[bcdfghjklmnpqrstvwxz2456789]{9,10}-)?[bcdfghjklmnpqrstvwxz2456789]{5}(?![a-z0-9-])/g;
const VOLATILE_FIELDS = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'startTime', 'startedAt', 'podIP', 'podIPs', 'lastTransitionTime', 'lastHeartbeatTime', 'lastProbeTime', 'observedGeneration']);

// A Secret's values in the lab are random per lab (the seed draws them), so two clean labs never
// agree on them; their keys and lengths are compared.
function hideSecretValues(o: unknown): unknown {
  const obj = o as { kind?: unknown; data?: Record<string, unknown>; stringData?: Record<string, unknown> };
  if (!obj || typeof obj !== 'object' || obj.kind !== 'Secret') return o;
  const hide = (d: Record<string, unknown> | undefined) => d && typeof d === 'object' ? Object.fromEntries(Object.entries(d).map(([k, v]) => [k, `<secret ${String(v ?? '').length}>`])) : d;
  return { ...obj, data: hide(obj.data), stringData: hide(obj.stringData) };
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !VOLATILE_FIELDS.has(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, strip(x)]));
  return v;
}

/** A simulated API object file (`{name: object}` or one object): its objects, normalised and sorted. */
export function normaliseApiJson(text: string, ctx: NormaliseContext): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return normaliseText(text, ctx);
  }
  const isMap = data && typeof data === 'object' && !Array.isArray(data) && Object.values(data).every((o) => o && typeof o === 'object' && 'kind' in (o as object));
  const objects = isMap ? Object.values(data as object) : [data];
  return normaliseObjects(objects, ctx);
}

// `kubectl apply` keeps what it applied as a JSON string in an annotation: normalised as an object.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function normaliseObject(o: unknown): unknown {
  const obj = strip(hideSecretValues(o)) as { metadata?: { annotations?: Record<string, unknown> } };
  const applied = obj?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof applied !== 'string') return obj;
  let parsed: unknown;
  try {
    parsed = JSON.parse(applied);
  } catch {
    return obj;
  }
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata!.annotations, [LAST_APPLIED]: normaliseObject(parsed) } } };
}

function normaliseObjects(objects: unknown[], ctx: NormaliseContext): string {
  return objects
    .map((o) => normaliseText(JSON.stringify(normaliseObject(o)), ctx).replace(GENERATED, '-<generated>'))
    .sort()
    .join('\n');
}

/** A file holding a Kubernetes object or List as YAML (`oc get -o yaml` into a backup dir):
 * compared like the API's objects; undefined when it is not one. */
export function normaliseK8sYaml(text: string, ctx: NormaliseContext): string | undefined {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return undefined;
  }
  const o = data as { apiVersion?: unknown; kind?: unknown; items?: unknown };
  if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return undefined;
  return normaliseObjects(o.kind === 'List' && Array.isArray(o.items) ? o.items : [o], ctx);
}
