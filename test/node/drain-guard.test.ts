// When a drain is refused before it starts: the last Ready control-plane node, a PDB that allows
// no disruption of a pod on the node, bare pods, too many nodes out at once.
import { describe, expect, it } from 'vitest';
import { judgeDrain } from '../../src/node/drain-guard.js';
import { selectorMatches } from '../../src/node/label-selector.js';

const node = (name: string, opts: { cp?: boolean; ready?: boolean; cordoned?: boolean } = {}) => ({
  metadata: { name, labels: opts.cp ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  spec: opts.cordoned ? { unschedulable: true } : {},
  status: { conditions: [{ type: 'Ready', status: opts.ready === false ? 'Unknown' : 'True' }] },
});
const pod = (ns: string, name: string, nodeName: string, labels: Record<string, string>, owner: string | null = 'ReplicaSet') => ({
  metadata: { namespace: ns, name, labels, ...(owner ? { ownerReferences: [{ kind: owner, name: `${name}-owner`, controller: true }] } : {}) },
  spec: { nodeName },
  status: { phase: 'Running' },
});
const pdb = (ns: string, name: string, matchLabels: Record<string, string>, allowed: number) => ({
  metadata: { namespace: ns, name },
  spec: { minAvailable: 2, selector: { matchLabels } },
  status: { disruptionsAllowed: allowed, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 },
});

const nodes = [node('cp-1', { cp: true }), node('cp-2', { cp: true, ready: false }), node('w-1'), node('w-2'), node('w-3', { cordoned: true })];

describe('judgeDrain', () => {
  it('refuses the last Ready control-plane node, allows one while another is Ready', () => {
    const last = judgeDrain({ node: 'cp-1', nodes, pods: [], pdbs: [] });
    expect(last.ok).toBe(false);
    expect(last.refusals).toEqual(['cp-1 is the last Ready control-plane node: draining it would leave no Ready control plane to schedule onto; bring another control-plane node back first']);
    expect(last.facts).toEqual(['control-plane nodes Ready besides cp-1: none']);
    const two = judgeDrain({ node: 'cp-1', nodes: [node('cp-1', { cp: true }), node('cp-2', { cp: true })], pods: [], pdbs: [] });
    expect(two.ok).toBe(true);
    // Control-plane membership may come from the inventory when labels do not say it.
    const byInventory = judgeDrain({ node: 'w-1', nodes: [node('w-1'), node('w-2', { ready: false })], pods: [], pdbs: [], controlPlane: ['w-1', 'w-2'] });
    expect(byInventory.refusals[0]).toMatch(/^w-1 is the last Ready control-plane node/);
  });

  it('refuses when a PDB allows no disruption of a pod on the node; ignores PDBs of other pods', () => {
    const pods = [pod('default', 'web-a', 'w-1', { app: 'web' }), pod('default', 'cache-a', 'w-1', { app: 'cache' }), pod('kube-system', 'proxy-a', 'w-1', { app: 'web' }, 'DaemonSet')];
    const blocked = judgeDrain({ node: 'w-1', nodes, pods, pdbs: [pdb('default', 'web', { app: 'web' }, 0), pdb('other', 'web', { app: 'web' }, 0)] });
    expect(blocked.refusals).toEqual([
      'PodDisruptionBudget default/web allows no disruption now (minAvailable 2, 2 healthy of 2, 2 required) and w-1 runs default/web-a: the drain could not evict them and would wait until its timeout',
    ]);
    expect(judgeDrain({ node: 'w-1', nodes, pods, pdbs: [pdb('default', 'web', { app: 'web' }, 1)] }).ok).toBe(true);
    expect(judgeDrain({ node: 'w-2', nodes, pods, pdbs: [pdb('default', 'web', { app: 'web' }, 0)] }).ok).toBe(true);
  });

  it('refuses bare pods kubectl drain would refuse without --force', () => {
    const r = judgeDrain({ node: 'w-1', nodes, pods: [pod('default', 'debug', 'w-1', {}, null)], pdbs: [] });
    expect(r.refusals).toEqual(['pods without a controller would be deleted for good and kubectl drain refuses them without --force: default/debug; move or delete them first']);
  });

  it('counts the nodes already out against --max-unavailable', () => {
    const pool = ['w-1', 'w-2', 'w-3'];
    const one = judgeDrain({ node: 'w-1', nodes, pods: [], pdbs: [], maxUnavailable: { limit: 1, pool } });
    expect(one.refusals).toEqual(['draining w-1 would put 2 nodes out of service at once (w-3, w-1), more than --max-unavailable 1']);
    expect(judgeDrain({ node: 'w-1', nodes, pods: [], pdbs: [], maxUnavailable: { limit: 2, pool } }).ok).toBe(true);
  });

  it('refuses a node the cluster does not have', () => {
    expect(judgeDrain({ node: 'w-9', nodes, pods: [], pdbs: [] }).refusals).toEqual(['w-9 is not a node of this cluster (kubectl get nodes)']);
  });
});

describe('selectorMatches', () => {
  it.each([
    [{ matchLabels: { app: 'web' } }, { app: 'web', tier: 'x' }, true],
    [{ matchLabels: { app: 'web' } }, { app: 'db' }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, { app: 'api' }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, { app: 'web' }, false],
    [{ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, { app: 'web' }, false],
    [{ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, { app: 'web' }, true],
    [undefined, { app: 'web' }, true],
  ])('%j matches %j: %s', (selector, labels, want) => {
    expect(selectorMatches(selector, labels)).toBe(want);
  });
});
