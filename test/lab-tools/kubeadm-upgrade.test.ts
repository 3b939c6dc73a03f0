// One kubeadm upgrade hop against the lab: packages held and unheld, the plan, a refused minor
// skip, `upgrade apply` rewriting the first master's manifests, `upgrade node` on the others,
// and node versions that move only when the kubelet restarts.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onKubeletRestart, onKubeletStop } from '../../src/lab/kube/controllers/kubelet-hooks.js';
import { hostFile, kubeadm, kubectl, makeLab, pkg, rows, run, writeHostFile, type Lab } from './helpers.js';

const versions = async (lab: Lab) => Object.fromEntries(rows((await kubectl(lab, ['get', 'nodes', '--no-headers'])).stdout).map((r) => [r[0], r[4]]));

async function upgradeKubeadmPackage(lab: Lab, host: string, version: string) {
  await pkg(lab, host, ['apt-mark', 'unhold', 'kubeadm']);
  const r = await pkg(lab, host, ['apt-get', 'install', '-y', `kubeadm=${version}`]);
  await pkg(lab, host, ['apt-mark', 'hold', 'kubeadm']);
  return r;
}

describe('kubeadm version and plan', () => {
  it('version reports the package on this host; plan offers one minor at a time', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', hostTree: true });
    expect((await kubeadm(lab, ['version', '-o', 'short'], { host: 'master-0' })).stdout).toBe('v1.28.8\n');
    expect((await kubeadm(lab, ['version'], { host: 'master-0' })).stdout).toMatch(/^kubeadm version: &version\.Info\{Major:"1", Minor:"28", GitVersion:"v1\.28\.8", /);
    expect((await kubeadm(lab, ['upgrade', 'plan'], { host: 'master-0' })).stdout).toMatch(/\nAwesome, you're up-to-date! Enjoy!\n$/);
    await upgradeKubeadmPackage(lab, 'master-0', '1.29.3-1.1');
    const plan = (await kubeadm(lab, ['upgrade', 'plan'], { host: 'master-0' })).stdout;
    expect(plan).toContain('[upgrade/versions] Cluster version: v1.28.8\n[upgrade/versions] kubeadm version: v1.29.3\n');
    expect(plan).toMatch(/^kubelet\s+3 x v1\.28\.8\s+v1\.29\.3$/m);
    expect(plan).toMatch(/^kube-apiserver\s+v1\.28\.8\s+v1\.29\.3$/m);
    expect(plan).toContain('\n\tkubeadm upgrade apply v1.29.3\n');
    const worker = makeLab({ flavor: 'kubeadm', workers: 1 });
    expect((await kubeadm(worker, ['upgrade', 'plan'], { host: 'node-0' })).stderr).toMatch(/^couldn't create a Kubernetes client from file "\/etc\/kubernetes\/admin\.conf"/);
  });
});

describe('kubeadm upgrade apply', () => {
  it('refuses to skip a minor, and a version above kubeadm\'s own without --force', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', hostTree: true });
    const skip = await kubeadm(lab, ['upgrade', 'apply', 'v1.30.0', '-y'], { host: 'master-0' });
    expect(skip.code).toBe(1);
    expect(skip.stderr).toContain('\t- Specified version to upgrade to "v1.30.0" is too high; kubeadm can upgrade only 1 minor version at a time\n');
    expect(skip.stderr).not.toContain('Can be bypassed');
    await upgradeKubeadmPackage(lab, 'master-0', '1.29.3-1.1');
    const above = await kubeadm(lab, ['upgrade', 'apply', 'v1.29.5', '-y'], { host: 'master-0' });
    expect(above.stderr).toContain('is higher than the kubeadm version "v1.29.3". Upgrade kubeadm first');
    expect(above.stderr).toContain('\nCan be bypassed if you pass the --force flag\n');
    const unanswered = await kubeadm(lab, ['upgrade', 'apply', 'v1.29.3'], { host: 'master-0', input: '' });
    expect([unanswered.code, unanswered.stderr]).toEqual([1, expect.stringMatching(/^won't proceed; the user didn't answer \(Y\|y\) in order to continue/)]);
    expect((await kubectl(lab, ['version', '-o', 'json'])).stdout).toContain('"gitVersion": "v1.28.8"');
  });

  it('upgrades the control plane of the first master, then the others with upgrade node; kubelets follow on restart', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', workers: 1, hostTree: true });
    await upgradeKubeadmPackage(lab, 'master-0', '1.29.3-1.1');
    const apply = await kubeadm(lab, ['upgrade', 'apply', 'v1.29.3', '-y'], { host: 'master-0' });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('[upgrade/successful] SUCCESS! Your cluster was upgraded to "v1.29.3". Enjoy!\n');
    expect(readFileSync(hostFile(lab.dir, 'master-0', '/etc/kubernetes/manifests/kube-apiserver.yaml'), 'utf8')).toMatch(/image: registry\.k8s\.io\/kube-apiserver:v1\.29\.3$/m);
    expect(readdirSync(hostFile(lab.dir, 'master-0', '/etc/kubernetes/tmp'))[0]).toMatch(/^kubeadm-backup-manifests-/);
    const images = async () =>
      (await kubectl(lab, ['get', 'pods', '-n', 'kube-system', '-l', 'component=kube-apiserver', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}={.spec.containers[0].image}{" "}{end}'])).stdout;
    expect(await images()).toBe('master-0=registry.k8s.io/kube-apiserver:v1.29.3 master-1=registry.k8s.io/kube-apiserver:v1.28.8 master-2=registry.k8s.io/kube-apiserver:v1.28.8 ');
    expect((await kubectl(lab, ['version'])).stdout).toMatch(/^Server Version: v1\.29\.3$/m);

    const early = await kubeadm(lab, ['upgrade', 'node'], { host: 'master-1' });
    expect(early.stderr).toMatch(/older than the cluster version v1\.29\.3/);
    await upgradeKubeadmPackage(lab, 'master-1', '1.29.3-1.1');
    expect((await kubeadm(lab, ['upgrade', 'node'], { host: 'master-1' })).stdout).toContain('[upgrade] The control plane instance for this node was successfully updated!\n');
    expect(await images()).toContain('master-1=registry.k8s.io/kube-apiserver:v1.29.3');
    const worker = await kubeadm(lab, ['upgrade', 'node'], { host: 'node-0' });
    expect(worker.stdout).toContain('[upgrade] Skipping phase. Not a control plane node.\n');

    expect((await versions(lab))['master-0']).toBe('v1.28.8');
    const held = await pkg(lab, 'master-0', ['apt-get', 'install', '-y', 'kubelet=1.29.3-1.1', 'kubectl=1.29.3-1.1']);
    expect([held.code, held.stderr]).toEqual([100, 'E: Held packages were changed and -y was used without --allow-change-held-packages.\n']);
    const installed = await pkg(lab, 'master-0', ['apt-get', 'install', '-y', '--allow-change-held-packages', 'kubelet=1.29.3-1.1', 'kubectl=1.29.3-1.1']);
    expect(installed.stdout).toContain('Unpacking kubelet (1.29.3-1.1) over (1.28.8-1.1) ...\n');
    expect((await versions(lab))['master-0']).toBe('v1.28.8');
    expect(onKubeletRestart(lab.dir, 'master-0')).toEqual({ node: 'master-0', version: 'v1.29.3' });
    expect(await versions(lab)).toEqual({ 'master-0': 'v1.29.3', 'master-1': 'v1.28.8', 'master-2': 'v1.28.8', 'node-0': 'v1.28.8' });
    expect((await kubectl(lab, ['version'], { host: 'master-0' })).stdout).toMatch(/^Client Version: v1\.29\.3$/m);
    onKubeletStop(lab.dir, 'node-0');
    expect(rows((await kubectl(lab, ['get', 'node', 'node-0', '--no-headers'])).stdout)[0][1]).toBe('NotReady');
  });
});

describe('package managers', () => {
  it('apt: holds, missing versions, the repo file\'s minor, madison', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', workers: 1 });
    expect((await pkg(lab, 'node-0', ['apt-mark', 'unhold', 'kubeadm'])).stdout).toBe('Canceled hold on kubeadm.\n');
    expect((await pkg(lab, 'node-0', ['apt-mark', 'unhold', 'kubeadm'])).stdout).toBe('kubeadm was already not on hold.\n');
    expect((await pkg(lab, 'node-0', ['apt-mark', 'showhold'])).stdout).toBe('kubelet\nkubectl\n');
    const missing = await pkg(lab, 'node-0', ['apt-get', 'install', '-y', 'kubeadm=1.29.99-1.1']);
    expect([missing.code, missing.stderr]).toEqual([100, "E: Version '1.29.99-1.1' for 'kubeadm' was not found\n"]);
    expect((await pkg(lab, 'node-0', ['apt-get', 'install', '-y', 'nginx'])).stderr).toBe('E: Unable to locate package nginx\n');
    writeHostFile(lab.dir, 'node-0', '/etc/apt/sources.list.d/kubernetes.list', 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.29/deb/ /\n');
    expect((await pkg(lab, 'node-0', ['apt-cache', 'madison', 'kubeadm'])).stdout.split('\n')[0]).toBe('   kubeadm | 1.29.15-1.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages');
    expect((await pkg(lab, 'node-0', ['apt-get', 'install', '-y', 'kubeadm=1.30.0-1.1'])).code).toBe(100);
    const glob = await pkg(lab, 'node-0', ['apt-get', 'install', '-y', "kubeadm=1.29.3-*"]);
    expect(glob.stdout).toContain('Setting up kubeadm (1.29.3-1.1) ...\n');
    expect((await kubeadm(lab, ['version', '-o', 'short'], { host: 'node-0' })).stdout).toBe('v1.29.3\n');
    const aborted = await pkg(lab, 'node-0', ['apt-get', 'install', 'kubeadm=1.29.4-1.1'], '');
    expect([aborted.code, aborted.stderr]).toEqual([1, 'Abort.\n']);
  });

  it('yum: the repo\'s exclude= needs --disableexcludes=kubernetes; the tool name may come from OPSCTL_LAB_TOOL', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', workers: 1 });
    writeHostFile(lab.dir, 'node-0', '/etc/yum.repos.d/kubernetes.repo', '[kubernetes]\nname=Kubernetes\nbaseurl=https://pkgs.k8s.io/core:/stable:/v1.29/rpm/\nenabled=1\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n');
    const hidden = await pkg(lab, 'node-0', ['yum', 'install', '-y', 'kubeadm-1.29.3']);
    expect([hidden.code, hidden.stderr]).toEqual([1, 'No package kubeadm-1.29.3 available.\nError: Nothing to do\n']);
    const ok = await pkg(lab, 'node-0', ['yum', 'install', '-y', 'kubeadm-1.29.3', '--disableexcludes=kubernetes']);
    expect(ok.stdout).toMatch(/\nComplete!\n$/);
    const listed = await run(lab, 'pkg', ['list', 'installed', 'kubeadm'], { host: 'node-0', env: { OPSCTL_LAB_TOOL: 'yum' } });
    expect(listed.stdout).toMatch(/^kubeadm\.x86_64\s+1\.29\.3-150500\.1\.1\s+@kubernetes$/m);
  });
});
