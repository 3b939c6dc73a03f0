// May this node be drained now? The refusals an operator needs before a drain starts (exit 3,
// nothing cordoned): the last Ready control-plane node; a PodDisruptionBudget that allows no
// disruption of a pod on the node (the drain would wait until its timeout); pods kubectl drain
// refuses without --force; and, in a rolling upgrade, more workers out at once than allowed.
// Pure: the caller brings what kubectl printed.
import { selectorMatches } from './label-selector.js';
import { isControlPlaneNode, isReadyNode } from '../upgrade/parse-versions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

export interface DrainQuestion {
  node: string;
  nodes: Obj[];
  /** Pods on the node (all namespaces). */
  pods: Obj[];
  pdbs: Obj[];
  /** Control-plane node names from the inventory, added to those the node labels say. */
  controlPlane?: string[];
  /** Rolling upgrades: the pool of nodes and how many of them may be out at once. */
  maxUnavailable?: { limit: number; pool: string[] };
}

export interface DrainVerdict {
  ok: boolean;
  refusals: string[];
  /** What was looked at, for the operator (printed either way). */
  facts: string[];
}

const ownerOf = (pod: Obj): Obj | undefined => ((pod.metadata?.ownerReferences ?? []) as Obj[]).find((r) => r.controller !== false);
const ref = (o: Obj) => `${o.metadata?.namespace}/${o.metadata?.name}`;
const isMirror = (pod: Obj) => 'kubernetes.io/config.mirror' in (pod.metadata?.annotations ?? {}) || ownerOf(pod)?.kind === 'Node';
const isFinished = (pod: Obj) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

// The pods a drain evicts: not DaemonSet pods (ignored with --ignore-daemonsets), not static pods.
export function evictablePods(pods: Obj[]): Obj[] {
  return pods.filter((p) => !isMirror(p) && ownerOf(p)?.kind !== 'DaemonSet' && !isFinished(p));
}

// status.disruptionsAllowed as the API server computes it; from the spec when status is missing.
function disruptionsAllowed(pdb: Obj): { allowed: number; why: string } {
  const s = pdb.status ?? {};
  const spec = pdb.spec ?? {};
  const rule = spec.minAvailable !== undefined ? `minAvailable ${spec.minAvailable}` : spec.maxUnavailable !== undefined ? `maxUnavailable ${spec.maxUnavailable}` : 'no rule';
  if (typeof s.disruptionsAllowed === 'number') {
    return { allowed: s.disruptionsAllowed, why: `${rule}, ${s.currentHealthy ?? '?'} healthy of ${s.expectedPods ?? '?'}, ${s.desiredHealthy ?? '?'} required` };
  }
  return { allowed: 0, why: `${rule}, status not computed yet` };
}

// Every reason to refuse the drain, and what was looked at, for the operator either way.
export function judgeDrain(q: DrainQuestion): DrainVerdict {
  const refusals: string[] = [];
  const facts: string[] = [];
  const target = q.nodes.find((n) => n.metadata?.name === q.node);
  if (!target) return { ok: false, refusals: [`${q.node} is not a node of this cluster (kubectl get nodes)`], facts };
  const cp = (n: Obj) => isControlPlaneNode(n) || (q.controlPlane ?? []).includes(n.metadata?.name);

  if (cp(target)) {
    const others = q.nodes.filter((n) => n !== target && cp(n) && isReadyNode(n)).map((n) => n.metadata.name as string);
    facts.push(`control-plane nodes Ready besides ${q.node}: ${others.join(', ') || 'none'}`);
    if (isReadyNode(target) && others.length === 0) refusals.push(`${q.node} is the last Ready control-plane node: draining it would leave no Ready control plane to schedule onto; bring another control-plane node back first`);
  }

  const evictable = evictablePods(q.pods.filter((p) => p.spec?.nodeName === q.node || p.spec?.nodeName === undefined));
  const bare = evictable.filter((p) => !ownerOf(p));
  if (bare.length) refusals.push(`pods without a controller would be deleted for good and kubectl drain refuses them without --force: ${bare.map(ref).join(', ')}; move or delete them first`);

  for (const pdb of q.pdbs) {
    const ns = pdb.metadata?.namespace;
    const covered = evictable.filter((p) => p.metadata?.namespace === ns && selectorMatches(pdb.spec?.selector, p.metadata?.labels ?? {}));
    if (covered.length === 0) continue;
    const { allowed, why } = disruptionsAllowed(pdb);
    facts.push(`PodDisruptionBudget ${ref(pdb)} (${why}) allows ${allowed} disruption(s); ${q.node} runs ${covered.map((p) => p.metadata.name).join(', ')}`);
    if (allowed < 1) refusals.push(`PodDisruptionBudget ${ref(pdb)} allows no disruption now (${why}) and ${q.node} runs ${covered.map(ref).join(', ')}: the drain could not evict them and would wait until its timeout`);
  }

  if (q.maxUnavailable) {
    const { limit, pool } = q.maxUnavailable;
    const out = q.nodes.filter((n) => pool.includes(n.metadata?.name) && n.metadata?.name !== q.node && (!isReadyNode(n) || n.spec?.unschedulable)).map((n) => n.metadata.name as string);
    facts.push(`out of service now (NotReady or cordoned) besides ${q.node}: ${out.join(', ') || 'none'}; at most ${limit} at once`);
    if (out.length + 1 > limit) refusals.push(`draining ${q.node} would put ${out.length + 1} nodes out of service at once (${[...out, q.node].join(', ')}), more than --max-unavailable ${limit}`);
  }
  return { ok: refusals.length === 0, refusals, facts };
}
