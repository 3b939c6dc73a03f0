// From what kubectl and kubeadm print to the versions model: static pod images, kube-proxy pods,
// node roles and readiness, client versions; malformed output is an error naming its source.
import { describe, expect, it } from 'vitest';
import { parseClusterVersions } from '../../src/upgrade/parse-versions.js';
import { formatVersion } from '../../src/upgrade/kube-version.js';
import { kubeletSummary, parseKubeletSummary, renderBeforeAfter } from '../../src/upgrade/versions-table.js';

const node = (name: string, kubelet: string, opts: { cp?: boolean; ready?: boolean; cordoned?: boolean } = {}) => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.cp ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } },
  spec: opts.cordoned ? { unschedulable: true } : {},
  status: { conditions: [{ type: 'Ready', status: opts.ready === false ? 'Unknown' : 'True' }], nodeInfo: { kubeletVersion: kubelet } },
});
const staticPod = (component: string, nodeName: string, tag: string) => ({
  metadata: { name: `${component}-${nodeName}`, labels: { component, tier: 'control-plane' }, ownerReferences: [{ kind: 'Node', name: nodeName, controller: true }] },
  spec: { nodeName, containers: [{ name: component, image: `registry.k8s.io/${component}:${tag}` }] },
});
const proxyPod = (nodeName: string, tag: string, label = true) => ({
  metadata: { name: `kube-proxy-${nodeName}`, labels: label ? { 'k8s-app': 'kube-proxy' } : { app: 'kube-proxy' }, ownerReferences: [{ kind: 'DaemonSet', name: 'kube-proxy', controller: true }] },
  spec: { nodeName, containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${tag}` }] },
});
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

describe('parseClusterVersions', () => {
  const parsed = parseClusterVersions({
    nodesJson: list([node('cp-1', 'v1.29.3', { cp: true }), node('cp-2', 'v1.28.8'), node('w-1', 'v1.28.8', { ready: false, cordoned: true })]),
    kubeSystemPodsJson: list([
      staticPod('kube-apiserver', 'cp-1', 'v1.29.3'),
      staticPod('kube-controller-manager', 'cp-1', 'v1.29.3'),
      staticPod('kube-scheduler', 'cp-1', 'v1.29.3'),
      staticPod('kube-apiserver', 'cp-2', 'v1.28.8'),
      staticPod('etcd', 'cp-2', '3.5.9-0'),
      proxyPod('cp-1', 'v1.29.3'),
      proxyPod('w-1', 'v1.28.8', false),
      { metadata: { name: 'coredns-x', labels: { 'k8s-app': 'kube-dns' } }, spec: { nodeName: 'w-1', containers: [{ image: 'registry.k8s.io/coredns/coredns:v1.11.1' }] } },
    ]),
    kubectlVersionJson: JSON.stringify({ clientVersion: { gitVersion: 'v1.29.3' }, serverVersion: { gitVersion: 'v1.29.3' } }),
    kubeadmVersionJson: JSON.stringify({ clientVersion: { gitVersion: 'v1.29.3' } }),
    via: 'cp-1',
  });
  const byName = Object.fromEntries(parsed.nodes.map((n) => [n.name, n]));
  const versions = (name: string) => Object.fromEntries(Object.entries(byName[name].versions).map(([k, v]) => [k, formatVersion(v!)]));

  it('reads each node\'s components from the static pods and kube-proxy pods', () => {
    expect(versions('cp-1')).toEqual({ kubelet: 'v1.29.3', 'kube-apiserver': 'v1.29.3', 'kube-controller-manager': 'v1.29.3', 'kube-scheduler': 'v1.29.3', 'kube-proxy': 'v1.29.3' });
    expect(versions('cp-2')).toEqual({ kubelet: 'v1.28.8', 'kube-apiserver': 'v1.28.8' });
    expect(versions('w-1')).toEqual({ kubelet: 'v1.28.8', 'kube-proxy': 'v1.28.8' });
  });

  it('knows control-plane nodes by label or by their static pods, and readiness', () => {
    expect(parsed.nodes.map((n) => [n.name, n.controlPlane, n.ready, n.unschedulable])).toEqual([
      ['cp-1', true, true, false],
      ['cp-2', true, true, false],
      ['w-1', false, false, true],
    ]);
    expect([formatVersion(parsed.kubectl!), formatVersion(parsed.kubeadm!), parsed.via]).toEqual(['v1.29.3', 'v1.29.3', 'cp-1']);
  });

  it('names the command whose output was not JSON', () => {
    expect(() => parseClusterVersions({ nodesJson: 'error: You must be logged in to the server (Unauthorized)', kubeSystemPodsJson: '{}' })).toThrow(
      'kubectl get nodes -o json did not print a JSON object: error: You must be logged in to the server (Unauthorized)',
    );
  });

  it('renders the before/after table from a kubelet summary', () => {
    const before = parseKubeletSummary('cp-1=v1.28.8 cp-2=v1.28.8 w-1=v1.28.8');
    expect(kubeletSummary(parsed)).toBe('cp-1=v1.29.3 cp-2=v1.28.8 w-1=v1.28.8');
    expect(renderBeforeAfter(before, parsed)).toEqual([
      'NODE  ROLE           BEFORE   AFTER',
      'cp-1  control-plane  v1.28.8  v1.29.3',
      'cp-2  control-plane  v1.28.8  v1.28.8',
      'w-1   worker         v1.28.8  v1.28.8',
    ]);
  });
});
