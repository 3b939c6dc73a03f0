// The judgements the kubeadm-upgrade runbook asks `opsctl upgrade check` for: the whole path
// before anything changes, one hop live, every node at the target.
import { describe, expect, it } from 'vitest';
import { judgeHop, judgePreflight, judgeVerify, pathForCluster } from '../../src/upgrade/verdicts.js';
import { hopItems } from '../../src/upgrade/path.js';
import type { ClusterVersions, NodeVersions } from '../../src/upgrade/cluster-versions.js';
import { parseKubeVersion } from '../../src/upgrade/kube-version.js';

const v = (s: string) => parseKubeVersion(s)!;
const cp = (name: string, ver: string): NodeVersions => ({ name, controlPlane: true, ready: true, unschedulable: false, versions: { 'kube-apiserver': v(ver), 'kube-controller-manager': v(ver), 'kube-scheduler': v(ver), kubelet: v(ver), 'kube-proxy': v(ver) } });
const worker = (name: string, ver: string, ready = true): NodeVersions => ({ name, controlPlane: false, ready, unschedulable: false, versions: { kubelet: v(ver), 'kube-proxy': v(ver) } });
const cluster = (nodes: NodeVersions[], kubectl = 'v1.28.2'): ClusterVersions => ({ nodes, kubectl: v(kubectl), kubeadm: v(kubectl), via: 'm0' });
const nodes = ['m0', 'w0', 'w1'];
const healthy = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.28.2'), worker('w1', 'v1.28.2')]);

describe('judgePreflight', () => {
  it('holds for the path from the cluster\'s version, with what runs where', () => {
    const r = judgePreflight(healthy, { from: 'v1.28.2', to: 'v1.30.1', path: ['v1.29.x', 'v1.30.1'], nodes });
    expect(r.ok).toBe(true);
    expect(r.lines[0]).toBe('what runs where now:');
    expect(r.lines).toContain('path: v1.28.2 → v1.29.x (newest patch in the package repository) → v1.30.1');
    expect(r.lines.at(-1)).toBe('version skew holds for every hop (v1.29.x, v1.30.1)');
  });

  it('refuses a kubelet the second hop would leave too far behind, naming hop, node and rule', () => {
    const old = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.28.2'), worker('w1', 'v1.25.16')]);
    const r = judgePreflight(old, { from: 'v1.28.2', to: 'v1.29.3', path: ['v1.29.3'], nodes: ['m0', 'w0'] });
    expect(r.ok).toBe(false);
    expect(r.lines.slice(-4)).toEqual([
      'refused (nothing was changed):',
      '  a hop would break the version skew policy:',
      '  hop to v1.29: kubelet v1.25.16 on w1: would be 4 minors behind kube-apiserver v1.29 (at most 3 from 1.28 on); upgrade this node first',
      '  hop to v1.29: kube-proxy v1.25.16 on w1: would be 4 minors behind kube-apiserver v1.29 (at most 3 from 1.28 on); upgrade this node first',
    ]);
    expect(r.lines).toContain('  kubelet                  v1.25.16  w1');
  });

  it('refuses a stale plan, a path that is not the computed one, inventory hosts that are no nodes', () => {
    expect(judgePreflight(healthy, { from: 'v1.27.3', to: 'v1.30.1', path: ['v1.28.x', 'v1.29.x', 'v1.30.1'], nodes }).lines.at(-1)).toBe(
      '  the cluster runs kube-apiserver v1.28.2, but this plan starts from v1.27.3: plan again (the path depends on it)',
    );
    expect(judgePreflight(healthy, { from: 'v1.28.2', to: 'v1.30.1', path: ['v1.30.1'], nodes }).lines.at(-1)).toBe(
      '  the path given (v1.30.1) is not the one from v1.28.2 to v1.30.1 (v1.29.x, v1.30.1)',
    );
    expect(judgePreflight(healthy, { from: 'v1.28.2', to: 'v1.29.1', path: ['v1.29.1'], nodes: ['m0', 'node-9'] }).lines.at(-1)).toMatch(/not nodes of this cluster \(kubectl get nodes\): node-9/);
    expect(judgePreflight(healthy, { from: 'v1.28.2', to: 'v1.27.1', path: [], nodes }).lines.at(-1)).toMatch(/kubeadm does not downgrade/);
  });

  it('refuses to start on a node that is NotReady or cordoned', () => {
    const down = cluster([cp('m0', 'v1.28.2'), worker('w0', 'v1.28.2', false), { ...worker('w1', 'v1.28.2'), unschedulable: true }]);
    const r = judgePreflight(down, { from: 'v1.28.2', to: 'v1.29.3', path: ['v1.29.3'], nodes });
    expect(r.ok).toBe(false);
    expect(r.lines.slice(-2)).toEqual([
      '  w0 is NotReady: bring it back, or leave it out of the upgrade with --control-plane/--workers',
      '  w1 is cordoned: bring it back (kubectl uncordon w1), or leave it out of the upgrade with --control-plane/--workers',
    ]);
    expect(judgePreflight(down, { from: 'v1.28.2', to: 'v1.29.3', path: ['v1.29.3'], nodes: ['m0'] }).ok).toBe(true);
  });

  it('at the target: nothing to do, or one re-applying hop when a node lags', () => {
    const done = cluster([cp('m0', 'v1.30.1'), worker('w0', 'v1.30.1')], 'v1.30.1');
    expect(hopItems(pathForCluster(done, v('v1.30.1'), v('v1.30.1'), ['m0', 'w0']))).toEqual([]);
    expect(judgePreflight(done, { from: 'v1.30.1', to: 'v1.30.1', path: [], nodes: ['m0', 'w0'] }).lines.at(-1)).toBe('every node already runs v1.30.1: nothing to upgrade');
    const lagging = cluster([cp('m0', 'v1.30.1'), worker('w0', 'v1.29.15')], 'v1.30.1');
    expect(hopItems(pathForCluster(lagging, v('v1.30.1'), v('v1.30.1'), ['m0', 'w0']))).toEqual(['v1.30.1']);
  });
});

describe('judgeHop and judgeVerify', () => {
  it('judges one hop on the live versions', () => {
    expect(judgeHop(healthy, 'v1.29.x').ok).toBe(true);
    const r = judgeHop(healthy, 'v1.30.1');
    expect(r.ok).toBe(false);
    expect(r.lines).toContain('  hop to v1.30: kube-apiserver v1.28.2 on m0: the hop to v1.30 would skip a minor: this kube-apiserver is at v1.28; kubeadm upgrades one minor at a time');
    expect(r.lines.at(-1)).toBe('  hop to v1.30: kubectl v1.28.2 on m0: must be within one minor of kube-apiserver (v1.28 now, v1.30 during the hop)');
  });

  it('verifies every upgraded node at the target and Ready', () => {
    const done = cluster([cp('m0', 'v1.30.1'), worker('w0', 'v1.30.1'), worker('w1', 'v1.30.1', false), worker('other', 'v1.28.2')], 'v1.30.1');
    expect(judgeVerify(done, 'v1.30.1', ['m0', 'w0']).ok).toBe(true);
    const r = judgeVerify(done, 'v1.30.1', ['m0', 'w0', 'w1', 'other']);
    expect(r.lines.slice(0, 4)).toEqual(['not every node runs v1.30.1:', '  w1: not Ready', '  other: kubelet v1.28.2', '  other: kube-proxy v1.28.2']);
  });
});
