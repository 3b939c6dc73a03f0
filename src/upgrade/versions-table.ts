// The tables an operator reads: "what runs where" (each component's versions and the nodes that
// run them, grouped so a 200-node cluster still fits a screen) and the before/after of an upgrade.
import { COMPONENTS, type ClusterVersions } from './cluster-versions.js';
import { formatVersion } from './kube-version.js';

const MAX_NAMES = 8;

function names(list: string[]): string {
  return list.length <= MAX_NAMES ? list.join(' ') : `${list.slice(0, MAX_NAMES).join(' ')} (+${list.length - MAX_NAMES} more)`;
}

// Left-aligned columns two spaces apart, as kubectl prints tables.
export function renderColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

// COMPONENT  VERSION  NODES, one row per (component, version).
export function renderWhatRunsWhere(c: ClusterVersions): string[] {
  const rows = [['COMPONENT', 'VERSION', 'NODES']];
  for (const comp of COMPONENTS) {
    const groups = new Map<string, string[]>();
    for (const n of c.nodes) {
      const v = n.versions[comp];
      if (!v) continue;
      const key = formatVersion(v);
      groups.set(key, [...(groups.get(key) ?? []), n.name]);
    }
    for (const [v, nodes] of [...groups].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))) rows.push([comp, v, names(nodes)]);
  }
  if (c.kubectl) rows.push(['kubectl', formatVersion(c.kubectl), c.via ? `(on ${c.via})` : '']);
  if (c.kubeadm) rows.push(['kubeadm', formatVersion(c.kubeadm), c.via ? `(on ${c.via})` : '']);
  return renderColumns(rows);
}

// `master-0=v1.28.2 node-0=v1.28.2`: the kubelet versions, compact enough for a capture.
export function kubeletSummary(c: ClusterVersions): string {
  return c.nodes.map((n) => `${n.name}=${n.versions.kubelet ? formatVersion(n.versions.kubelet) : '?'}`).join(' ');
}

// Back from kubeletSummary (a capture) to node → version.
export function parseKubeletSummary(text: string): Map<string, string> {
  return new Map(text.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split('=', 2) as [string, string]));
}

// NODE  ROLE  BEFORE  AFTER (kubelet), in the order the cluster lists its nodes.
export function renderBeforeAfter(before: Map<string, string>, after: ClusterVersions): string[] {
  const rows = [['NODE', 'ROLE', 'BEFORE', 'AFTER']];
  for (const n of after.nodes) rows.push([n.name, n.controlPlane ? 'control-plane' : 'worker', before.get(n.name) ?? '-', n.versions.kubelet ? formatVersion(n.versions.kubelet) : '?']);
  return renderColumns(rows);
}
