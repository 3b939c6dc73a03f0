// The Kubernetes version skew policy, checked for one upgrade hop before it starts (and, by
// projection, for every hop of a path before anything changes): nothing newer than
// kube-apiserver; kube-apiserver instances within one minor of each other; controller-manager
// and scheduler at most one minor behind; kubelet and kube-proxy at most two minors behind (three
// from 1.28 on); kubectl within one minor. Pure.
import { apiserverRange, COMPONENTS, type ClusterVersions, type Component, type NodeVersions } from './cluster-versions.js';
import { formatVersion, minorLabel, type KubeVersion } from './kube-version.js';

export interface Violation {
  /** The hop being checked, `v1.29`. */
  hop: string;
  component: Component | 'kubectl';
  node?: string;
  version: string;
  /** Why, in the policy's words. */
  reason: string;
}

// kubelet / kube-proxy may be this many minors older than kube-apiserver (upstream policy).
export const nodeSkewFor = (apiserverMinor: number): number => (apiserverMinor >= 28 ? 3 : 2);

// Would moving the cluster (as `state` says it is now) to minor `target` break the policy?
export function checkHop(state: ClusterVersions, target: KubeVersion): Violation[] {
  const hop = minorLabel(target);
  const T = target.minor;
  const out: Violation[] = [];
  const add = (component: Violation['component'], node: NodeVersions | undefined, v: KubeVersion, reason: string) =>
    out.push({ hop, component, node: node?.name, version: formatVersion(v), reason });
  const { oldest, newest } = apiserverRange(state);
  if (!oldest || !newest) {
    out.push({ hop, component: 'kube-apiserver', version: '-', reason: 'no kube-apiserver static pod found in kube-system: is this a kubeadm cluster?' });
    return out;
  }
  const A = oldest.minor;
  for (const n of state.nodes) {
    const api = n.versions['kube-apiserver'];
    if (api && api.minor < T - 1) add('kube-apiserver', n, api, `the hop to ${hop} would skip a minor: this kube-apiserver is at ${minorLabel(api)}; kubeadm upgrades one minor at a time`);
    if (api && newest.minor - api.minor > 1) add('kube-apiserver', n, api, `kube-apiserver instances must be within one minor of each other (newest ${formatVersion(newest)})`);
    if (api && api.minor > T) add('kube-apiserver', n, api, `already newer than the hop's ${hop}: that would be a downgrade`);
    for (const c of COMPONENTS) {
      const v = n.versions[c];
      if (!v || c === 'kube-apiserver') continue;
      // Mid-upgrade (kubeadm's own order) a control-plane node and kube-proxy may run ahead of the
      // API servers not upgraded yet, never ahead of the newest; a worker's kubelet of none.
      const limit = c === 'kubelet' && !n.controlPlane ? oldest : newest;
      if (v.minor > limit.minor) add(c, n, v, `newer than kube-apiserver ${formatVersion(limit)}: nothing may be newer than kube-apiserver`);
      else if ((c === 'kube-controller-manager' || c === 'kube-scheduler') && v.minor < T - 1) {
        add(c, n, v, `would be ${T - v.minor} minors behind kube-apiserver ${hop} (at most 1)`);
      } else if ((c === 'kubelet' || c === 'kube-proxy') && v.minor < T - nodeSkewFor(T)) {
        add(c, n, v, `would be ${T - v.minor} minors behind kube-apiserver ${hop} (at most ${nodeSkewFor(T)}${T >= 28 ? ' from 1.28 on' : ' before 1.28'}); upgrade this node first`);
      }
    }
  }
  // kubectl talks to old and new API servers during the hop: within one minor of both.
  const k = state.kubectl;
  if (k && (k.minor < T - 1 || k.minor > A + 1)) {
    out.push({ hop, component: 'kubectl', node: state.via, version: formatVersion(k), reason: `must be within one minor of kube-apiserver (${minorLabel(oldest)} now, ${hop} during the hop)` });
  }
  return out;
}

// The cluster as it will be after a hop: every upgraded node's components at the hop's version;
// nodes the upgrade does not cover keep theirs.
export function projectHop(state: ClusterVersions, version: KubeVersion, upgraded: ReadonlySet<string>): ClusterVersions {
  return {
    ...state,
    kubectl: state.via && upgraded.has(state.via) ? version : state.kubectl,
    nodes: state.nodes.map((n) => {
      if (!upgraded.has(n.name)) return n;
      const versions: NodeVersions['versions'] = {};
      for (const c of COMPONENTS) if (n.versions[c]) versions[c] = version;
      if (!n.versions.kubelet) versions.kubelet = version;
      return { ...n, versions };
    }),
  };
}

// Every hop of a path, each against the state the hops before it leave.
export function checkPath(state: ClusterVersions, hops: KubeVersion[], upgraded: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  let now = state;
  for (const hop of hops) {
    out.push(...checkHop(now, hop));
    now = projectHop(now, hop, upgraded);
  }
  return out;
}
