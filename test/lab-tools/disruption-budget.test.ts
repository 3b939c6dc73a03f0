// PodDisruptionBudgets as the API server applies them to a drain: status from the pods the
// selector matches, evictions one at a time while the budget allows, a refused eviction retried
// until --timeout; kube-proxy rolled when kubeadm changes its image; `kubelet --version`.
import { describe, expect, it } from 'vitest';
import { kubeadm, kubectl, makeLab, pkg, run } from './helpers.js';

const budget = (minAvailable: number | string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: default
spec:
  minAvailable: ${typeof minAvailable === 'string' ? `"${minAvailable}"` : minAvailable}
  selector:
    matchLabels:
      app: web
`;

describe('PodDisruptionBudget and drain', () => {
  it('computes the budget, evicts while it allows, retries a refused eviction until --timeout', async () => {
    const lab = makeLab({ flavor: 'kubeadm', workers: 3 });
    expect((await kubectl(lab, ['apply', '-f', '-'], { input: budget(2) })).stdout).toBe('poddisruptionbudget.policy/web created\n');
    expect((await kubectl(lab, ['get', 'pdb', '-n', 'default', '--no-headers'])).stdout).toMatch(/^web\s+2\s+N\/A\s+1\s+\d+s\n$/);
    const status = JSON.parse((await kubectl(lab, ['get', 'poddisruptionbudget', 'web', '-n', 'default', '-o', 'json'])).stdout).status;
    expect(status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });

    // One disruption allowed: each eviction's replacement lands elsewhere at once, so a drain goes through.
    const node = (await kubectl(lab, ['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}'])).stdout;
    const ok = await kubectl(lab, ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=30s']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`node/${node} drained\\n$`));
    await kubectl(lab, ['uncordon', node]);

    // 100% must stay available: the eviction is refused and retried until --timeout.
    await kubectl(lab, ['apply', '-f', '-'], { input: budget('100%') });
    const other = (await kubectl(lab, ['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}'])).stdout;
    const started = Date.now();
    const blocked = await kubectl(lab, ['drain', other, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=2s']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/error when evicting pods\/"web-\S+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
    expect(blocked.stderr).toMatch(new RegExp(`error: unable to drain node "${other}" due to error: \\[error when evicting pods/"web-\\S+" -n "default": global timeout reached: 2s\\], continuing command\\.\\.\\.`));
    // Cordoned, as kubectl leaves a node whose drain failed; the budget's pod still runs there.
    expect((await kubectl(lab, ['get', 'node', other, '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('true');
    expect((await kubectl(lab, ['get', 'pods', '-n', 'default', '-l', 'app=web', '--field-selector', `spec.nodeName=${other}`, '--no-headers'])).stdout).not.toBe('');
  }, 60_000);
});

describe('kube-proxy and kubelet across a kubeadm upgrade', () => {
  it('rolls kube-proxy to the image kubeadm upgrade apply sets; kubelet --version reports the package', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', workers: 1, hostTree: true });
    const images = async () => (await kubectl(lab, ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).stdout.split(' ');
    expect(new Set(await images())).toEqual(new Set(['registry.k8s.io/kube-proxy:v1.28.8']));
    await pkg(lab, 'master-0', ['apt-get', 'install', '-y', '--allow-change-held-packages', 'kubeadm=1.29.3-1.1']);
    expect((await kubeadm(lab, ['upgrade', 'apply', 'v1.29.3', '-y'], { host: 'master-0' })).code).toBe(0);
    const after = await images();
    expect(after).toHaveLength(4);
    expect(new Set(after)).toEqual(new Set(['registry.k8s.io/kube-proxy:v1.29.3']));
    expect((await run(lab, 'kubelet', ['--version'], { host: 'node-0' })).stdout).toBe('Kubernetes v1.28.8\n');
    await pkg(lab, 'node-0', ['apt-get', 'install', '-y', '--allow-change-held-packages', 'kubelet=1.29.3-1.1']);
    expect((await run(lab, 'kubelet', ['--version'], { host: 'node-0' })).stdout).toBe('Kubernetes v1.29.3\n');
  }, 60_000);
});
