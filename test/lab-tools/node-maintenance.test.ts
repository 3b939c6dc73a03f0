// drain / uncordon / wait around a reboot, in current kubectl's words, and what the
// controllers do with the evicted pods.
import { describe, expect, it } from 'vitest';
import { onKubeletRestart, onKubeletStop } from '../../src/lab/kube/controllers/kubelet-hooks.js';
import { kubectl, makeLab } from './helpers.js';

describe('node maintenance (kubeadm)', () => {
  it('drain refuses daemonset and emptyDir pods until told, then evicts and reschedules elsewhere', async () => {
    const lab = makeLab({ flavor: 'kubeadm', workers: 2 });
    const node = (await kubectl(lab, ['get', 'pods', '-n', 'default', '-l', 'app=cache', '-o', 'jsonpath={.items[0].spec.nodeName}'])).stdout;
    const refused = await kubectl(lab, ['drain', node]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe(`node/${node} cordoned\n`);
    const [first, pending, name, ...errors] = refused.stderr.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^error: unable to drain node "${node}" due to error: \\[cannot delete DaemonSet-managed Pods \\(use --ignore-daemonsets to ignore\\): kube-system/kube-proxy-\\w{5}, cannot delete Pods with local storage \\(use --delete-emptydir-data to override\\): default/cache-\\w+-\\w{5}\\], continuing command\\.\\.\\.$`));
    expect([pending, name]).toEqual(['There are pending nodes to be drained:', ` ${node}`]);
    expect(errors.map((e) => e.split(':')[0])).toEqual(['cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)', 'cannot delete Pods with local storage (use --delete-emptydir-data to override)']);

    const drained = await kubectl(lab, ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=5m']);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(new RegExp(`^node/${node} already cordoned\\n(evicting pod \\S+\\n)+(pod/\\S+ evicted\\n)+node/${node} drained\\n$`));
    expect(drained.stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w{5}\nWarning: deleting Pods with local storage: default\/cache-/);
    const cache = (await kubectl(lab, ['get', 'deploy', 'cache', '-n', 'default', '-o', 'jsonpath={.status.readyReplicas}'])).stdout;
    expect(cache).toBe('1');
    const where = (await kubectl(lab, ['get', 'pods', '-n', 'default', '-l', 'app=cache', '-o', 'jsonpath={.items[*].spec.nodeName}'])).stdout;
    expect(where).not.toBe(node);
    expect((await kubectl(lab, ['uncordon', node])).stdout).toBe(`node/${node} uncordoned\n`);
  });

  it('wait --for=condition=Ready follows the kubelet; scale deployment/x moves replicas', async () => {
    const lab = makeLab({ flavor: 'kubeadm', workers: 1 });
    onKubeletStop(lab.dir, 'node-0');
    const late = await kubectl(lab, ['wait', '--for=condition=Ready', 'node/node-0', '--timeout=1s']);
    expect([late.code, late.stderr]).toEqual([1, 'error: timed out waiting for the condition on nodes/node-0\n']);
    const waiting = kubectl(lab, ['wait', '--for=condition=Ready', 'node/node-0', '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 1500));
    onKubeletRestart(lab.dir, 'node-0');
    expect((await waiting).stdout).toBe('node/node-0 condition met\n');
    expect((await kubectl(lab, ['scale', '--replicas=4', 'deployment/web', '-n', 'default'])).stdout).toBe('deployment.apps/web scaled\n');
    expect((await kubectl(lab, ['get', 'deploy', 'web', '-n', 'default', '--no-headers'])).stdout).toMatch(/^web\s+4\/4\s+4\s+4\s/);
    expect((await kubectl(lab, ['rollout', 'status', 'deployment/web', '-n', 'default'])).stdout).toBe('deployment "web" successfully rolled out\n');
    const missing = await kubectl(lab, ['scale', 'deployment', 'nope', '--replicas=1', '-n', 'default']);
    expect(missing.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect((await kubectl(lab, ['scale', 'deployment', 'web', '-n', 'default'])).stderr).toBe('error: required flag(s) "replicas" not set\n');
  });
});
