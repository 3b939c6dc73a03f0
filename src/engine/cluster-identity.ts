// What a cluster target is, as opposed to what its kubeconfig file says today: the API server URL
// of the kubeconfig's context and the uid of the `kube-system` namespace, which a cluster keeps
// for life and no two clusters share. Read through the cluster's own transport.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PlanHost } from '../plan/types.js';
import type { Transport } from '../transport/types.js';

export interface ClusterIdentity {
  target: string;
  kubeconfig: string;
  context?: string;
  server: string;
  uid: string;
}

export type IdentityRead = { ok: true; identity: ClusterIdentity } | { ok: false; reason: string };

// kubectl if installed, else oc (OpenShift machines may have only one of them).
const UID_COMMAND =
  "if command -v kubectl > /dev/null 2>&1; then kubectl get namespace kube-system -o jsonpath='{.metadata.uid}'; else oc get namespace kube-system -o jsonpath='{.metadata.uid}'; fi";

export async function readClusterIdentity(host: PlanHost, transport: Transport, signal?: AbortSignal): Promise<IdentityRead> {
  const cluster = host.cluster!;
  const server = serverOf(cluster.kubeconfig, cluster.context);
  if (!server.ok) return server;
  const r = await transport.run(UID_COMMAND, { timeoutMs: 30_000, signal });
  const uid = r.stdout.trim();
  if (r.exitCode !== 0 || !/^[0-9a-f-]{8,}$/i.test(uid)) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] || `exit ${r.exitCode}`;
    return { ok: false, reason: `cannot read the kube-system namespace uid through ${cluster.kubeconfig}: ${why}` };
  }
  return { ok: true, identity: { target: host.name, kubeconfig: cluster.kubeconfig, ...(cluster.context ? { context: cluster.context } : {}), server: server.value, uid } };
}

// The server of the context the target names, else of the kubeconfig's current context.
function serverOf(file: string, context?: string): { ok: true; value: string } | { ok: false; reason: string } {
  let doc: { contexts?: Array<{ name?: string; context?: { cluster?: string } }>; clusters?: Array<{ name?: string; cluster?: { server?: string } }>; 'current-context'?: string };
  try {
    doc = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    return { ok: false, reason: `cannot read kubeconfig ${file}: ${(e as Error).message}` };
  }
  const name = context ?? doc['current-context'];
  const ctx = (doc.contexts ?? []).find((c) => c.name === name);
  const server = (doc.clusters ?? []).find((c) => c.name === ctx?.context?.cluster)?.cluster?.server;
  if (!server) return { ok: false, reason: `kubeconfig ${file} has no server for context "${name ?? ''}"` };
  return { ok: true, value: server };
}

export const sameCluster = (a: ClusterIdentity, b: ClusterIdentity): boolean => a.server === b.server && a.uid === b.uid;

export const describeIdentity = (i: ClusterIdentity): string => `${i.server} (kube-system uid ${i.uid})`;
