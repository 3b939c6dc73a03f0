// The three judgements the upgrade runbook asks for, each from versions read on the cluster:
// before anything changes (the whole path, projected hop by hop), before each hop (live), and at
// the end (every node at the target). Each returns lines for the operator and whether it holds.
import { COMPONENTS, apiserverRange, type ClusterVersions } from './cluster-versions.js';
import { compareVersions, formatVersion, parseKubeVersion, parseMinor, type KubeVersion } from './kube-version.js';
import { computeUpgradePath, describePath, hopItems, PathRefusal, type UpgradePath } from './path.js';
import { checkHop, checkPath, type Violation } from './skew.js';
import { renderWhatRunsWhere } from './versions-table.js';

export interface Verdict {
  ok: boolean;
  lines: string[];
}

const hopVersion = (item: string): KubeVersion | undefined => parseKubeVersion(item) ?? parseMinor(item);

function violationLines(violations: Violation[]): string[] {
  return violations.map((v) => `  hop to ${v.hop}: ${v.component} ${v.version}${v.node ? ` on ${v.node}` : ''}: ${v.reason}`);
}

// Inventory hosts the cluster does not know, and the nodes it has that the run will not touch.
function coverage(state: ClusterVersions, nodes: string[]): { missing: string[]; untouched: string[] } {
  const names = new Set(state.nodes.map((n) => n.name));
  return { missing: nodes.filter((n) => !names.has(n)), untouched: state.nodes.map((n) => n.name).filter((n) => !nodes.includes(n)) };
}

// The path from the cluster's version to the target; at the target already, one re-applying hop
// when an upgraded node still runs something else (a run abandoned half-way), else none.
export function pathForCluster(state: ClusterVersions, from: KubeVersion, to: KubeVersion, nodes: string[]): UpgradePath {
  const lagging = state.nodes.some((n) => nodes.includes(n.name) && COMPONENTS.some((c) => n.versions[c] && compareVersions(n.versions[c]!, to) !== 0));
  return computeUpgradePath(from, to, lagging);
}

// Before anything changes: the plan still fits the cluster, and every hop keeps the skew policy.
export function judgePreflight(state: ClusterVersions, p: { from: string; to: string; path: string[]; nodes: string[] }): Verdict {
  const lines = ['what runs where now:', ...renderWhatRunsWhere(state).map((l) => `  ${l}`)];
  const refuse = (why: string[]) => ({ ok: false, lines: [...lines, 'refused (nothing was changed):', ...why] });
  const { oldest } = apiserverRange(state);
  const from = parseKubeVersion(p.from);
  const to = parseKubeVersion(p.to);
  if (!from || !to) return refuse([`  --from ${p.from} / --to ${p.to}: expected versions like v1.29.3`]);
  if (!oldest) return refuse(['  no kube-apiserver static pod in kube-system: this does not look like a kubeadm cluster']);
  if (compareVersions(oldest, from) !== 0) {
    return refuse([`  the cluster runs kube-apiserver ${formatVersion(oldest)}, but this plan starts from ${p.from}: plan again (the path depends on it)`]);
  }
  const { missing, untouched } = coverage(state, p.nodes);
  if (missing.length) return refuse([`  not nodes of this cluster (kubectl get nodes): ${missing.join(', ')}; inventory host names must be the node names`]);
  // An upgrade starts from a healthy cluster: a node down or already out of service would fail
  // its own hop, or hold every drain back (--max-unavailable), after the control plane changed.
  const out = state.nodes.filter((n) => p.nodes.includes(n.name) && (!n.ready || n.unschedulable));
  if (out.length) {
    return refuse(out.map((n) => `  ${n.name} is ${n.ready ? 'cordoned' : 'NotReady'}: bring it back${n.ready ? ` (kubectl uncordon ${n.name})` : ''}, or leave it out of the upgrade with --control-plane/--workers`));
  }
  let expected: string[];
  try {
    expected = hopItems(pathForCluster(state, from, to, p.nodes));
  } catch (e) {
    if (e instanceof PathRefusal) return refuse([`  ${e.message}`]);
    throw e;
  }
  if (expected.join(',') !== p.path.join(',')) return refuse([`  the path given (${p.path.join(', ') || 'none'}) is not the one from ${p.from} to ${p.to} (${expected.join(', ') || 'none'})`]);
  lines.push(`path: ${describePath({ from: p.from, to: p.to, hops: expected.map((h) => (parseKubeVersion(h) ? { minor: h, version: h } : { minor: h.replace(/\.x$/, '') })) })}`);
  if (untouched.length) lines.push(`not in the inventory, left at their versions: ${untouched.join(', ')}`);
  const violations = checkPath(state, p.path.map((h) => hopVersion(h)!), new Set(p.nodes));
  if (violations.length) return refuse([`  a hop would break the version skew policy:`, ...violationLines(violations)]);
  lines.push(p.path.length ? `version skew holds for every hop (${p.path.join(', ')})` : `every node already runs ${p.to}: nothing to upgrade`);
  return { ok: true, lines };
}

// Right before a hop, on the cluster as the earlier hops left it.
export function judgeHop(state: ClusterVersions, hop: string): Verdict {
  const v = hopVersion(hop);
  const lines = ['what runs where now:', ...renderWhatRunsWhere(state).map((l) => `  ${l}`)];
  if (!v) return { ok: false, lines: [...lines, `hop ${hop}: expected a version like v1.29 or v1.29.3`] };
  const violations = checkHop(state, v);
  if (violations.length) return { ok: false, lines: [...lines, `the hop to ${hop} would break the version skew policy:`, ...violationLines(violations)] };
  return { ok: true, lines: [...lines, `version skew holds for the hop to ${hop}`] };
}

// Every component of every upgraded node at the target.
export function judgeVerify(state: ClusterVersions, to: string, nodes: string[]): Verdict {
  const target = parseKubeVersion(to);
  const behind: string[] = [];
  for (const n of state.nodes.filter((x) => nodes.includes(x.name))) {
    for (const c of COMPONENTS) {
      const v = n.versions[c];
      if (v && target && compareVersions(v, target) !== 0) behind.push(`${n.name}: ${c} ${formatVersion(v)}`);
    }
    if (!n.ready) behind.push(`${n.name}: not Ready`);
  }
  const lines = renderWhatRunsWhere(state).map((l) => `  ${l}`);
  if (behind.length) return { ok: false, lines: [`not every node runs ${to}:`, ...behind.map((b) => `  ${b}`), 'what runs where now:', ...lines] };
  return { ok: true, lines: [`every node runs ${to} and is Ready`] };
}
