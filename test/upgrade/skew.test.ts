// The version skew policy for one hop and for a whole path (projected hop by hop).
import { describe, expect, it } from 'vitest';
import { checkHop, checkPath } from '../../src/upgrade/skew.js';
import type { ClusterVersions, NodeVersions } from '../../src/upgrade/cluster-versions.js';
import { parseKubeVersion, parseMinor } from '../../src/upgrade/kube-version.js';
import { renderWhatRunsWhere } from '../../src/upgrade/versions-table.js';

const v = (s: string) => parseKubeVersion(s)!;
const m = (s: string) => parseMinor(s)!;

function cp(name: string, ver: string, extra: Partial<NodeVersions['versions']> = {}): NodeVersions {
  const x = v(ver);
  return { name, controlPlane: true, ready: true, unschedulable: false, versions: { 'kube-apiserver': x, 'kube-controller-manager': x, 'kube-scheduler': x, kubelet: x, 'kube-proxy': x, ...extra } };
}
function worker(name: string, kubelet: string, proxy = kubelet): NodeVersions {
  return { name, controlPlane: false, ready: true, unschedulable: false, versions: { kubelet: v(kubelet), 'kube-proxy': v(proxy) } };
}
function cluster(nodes: NodeVersions[], kubectl = 'v1.28.2'): ClusterVersions {
  return { nodes, kubectl: v(kubectl), kubeadm: v(kubectl), via: nodes[0].name };
}
const all = (c: ClusterVersions) => new Set(c.nodes.map((n) => n.name));

describe('checkHop', () => {
  const healthy = cluster([cp('m0', 'v1.28.2'), cp('m1', 'v1.28.2'), worker('w0', 'v1.28.2')]);

  it('lets a consistent cluster move one minor, or re-apply its own', () => {
    expect(checkHop(healthy, m('v1.29'))).toEqual([]);
    expect(checkHop(healthy, m('v1.28'))).toEqual([]);
  });

  it('refuses a skipped minor', () => {
    const r = checkHop(healthy, m('v1.30'));
    expect(r.filter((x) => x.component === 'kube-apiserver').map((x) => x.node)).toEqual(['m0', 'm1']);
    expect(r[0].reason).toMatch(/would skip a minor/);
  });

  it('kubelets: three minors behind from 1.28 on, two before', () => {
    const c = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.25.16'), worker('w1', 'v1.26.15')]);
    // At 1.28 a 1.25 kubelet is allowed; the hop to 1.29 makes it four behind.
    expect(checkHop(c, m('v1.28'))).toEqual([]);
    const r = checkHop(c, m('v1.29'));
    expect(r.map((x) => [x.component, x.node, x.version])).toEqual([['kubelet', 'w0', 'v1.25.16'], ['kube-proxy', 'w0', 'v1.25.16']]);
    expect(r[0].reason).toBe('would be 4 minors behind kube-apiserver v1.29 (at most 3 from 1.28 on); upgrade this node first');
    const old = cluster([cp('m0', 'v1.26.5'), worker('w0', 'v1.24.17')], 'v1.26.5');
    expect(checkHop(old, m('v1.27')).map((x) => x.reason)).toContain('would be 3 minors behind kube-apiserver v1.27 (at most 2 before 1.28); upgrade this node first');
  });

  it('controller-manager and scheduler at most one minor behind', () => {
    const c = cluster([cp('m0', 'v1.28.2', { 'kube-scheduler': v('v1.27.9') })]);
    expect(checkHop(c, m('v1.28'))).toEqual([]);
    expect(checkHop(c, m('v1.29')).map((x) => [x.component, x.reason])).toEqual([['kube-scheduler', 'would be 2 minors behind kube-apiserver v1.29 (at most 1)']]);
  });

  it('nothing newer than kube-apiserver; API servers within one minor', () => {
    const ahead = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.29.0')]);
    expect(checkHop(ahead, m('v1.29')).map((x) => [x.node, x.component])).toEqual([['w0', 'kubelet'], ['w0', 'kube-proxy']]);
    // Mid-upgrade in kubeadm's own order: m0 done, m1 not yet: fine to re-apply v1.29.
    const mid = cluster([cp('m0', 'v1.29.3'), cp('m1', 'v1.28.2'), worker('w0', 'v1.28.2')], 'v1.29.3');
    expect(checkHop(mid, m('v1.29'))).toEqual([]);
    const split = cluster([cp('m0', 'v1.30.1'), cp('m1', 'v1.28.2')], 'v1.29.0');
    expect(checkHop(split, m('v1.30')).some((x) => /within one minor of each other/.test(x.reason))).toBe(true);
  });

  it('kubectl within one minor of kube-apiserver, before and during the hop', () => {
    expect(checkHop(cluster([cp('m0', 'v1.28.2')], 'v1.27.4'), m('v1.29')).map((x) => x.component)).toEqual(['kubectl']);
    expect(checkHop(cluster([cp('m0', 'v1.28.2')], 'v1.29.0'), m('v1.29'))).toEqual([]);
    expect(checkHop(cluster([cp('m0', 'v1.28.2')], 'v1.30.0'), m('v1.29')).map((x) => x.component)).toEqual(['kubectl']);
  });
});

describe('checkPath', () => {
  it('projects each hop: upgraded nodes move, nodes outside the inventory stay behind', () => {
    const c = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.28.2'), worker('stray', 'v1.26.0')]);
    const upgraded = new Set(['m0', 'w0']);
    const hops = [m('v1.29'), m('v1.30')];
    expect(checkPath(c, hops, all(c)).length).toBe(0);
    const r = checkPath(c, hops, upgraded);
    expect(r.map((x) => [x.hop, x.node, x.component])).toEqual([['v1.30', 'stray', 'kubelet'], ['v1.30', 'stray', 'kube-proxy']]);
  });

  it('catches a control-plane node left out of the inventory at the second hop', () => {
    const c = cluster([cp('m0', 'v1.28.2'), cp('m1', 'v1.28.2')]);
    const r = checkPath(c, [m('v1.29'), m('v1.30')], new Set(['m0']));
    expect(r.some((x) => x.hop === 'v1.30' && x.node === 'm1' && /skip a minor/.test(x.reason))).toBe(true);
  });
});

describe('renderWhatRunsWhere', () => {
  it('groups nodes by component and version', () => {
    const lines = renderWhatRunsWhere(cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.28.2'), worker('w1', 'v1.25.16')]));
    expect(lines).toEqual([
      'COMPONENT                VERSION   NODES',
      'kube-apiserver           v1.28.2   m0',
      'kube-controller-manager  v1.28.2   m0',
      'kube-scheduler           v1.28.2   m0',
      'kubelet                  v1.25.16  w1',
      'kubelet                  v1.28.2   m0 w0',
      'kube-proxy               v1.25.16  w1',
      'kube-proxy               v1.28.2   m0 w0',
      'kubectl                  v1.28.2   (on m0)',
      'kubeadm                  v1.28.2   (on m0)',
    ]);
  });
});
