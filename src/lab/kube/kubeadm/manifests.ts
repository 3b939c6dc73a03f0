// What `kubeadm upgrade apply|node` does on a control-plane host: back up each static pod
// manifest to /etc/kubernetes/tmp and write it again with the new image, so the derived
// static pods (and `kubectl get pods -o jsonpath=...image`) show the new version.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../state/atomic.js';
import { ToolError } from '../cli/errors.js';
import type { KubeadmFacts } from './facts.js';
import { addonVersions, formatVersion, imageRegistry, type Semver } from './versions.js';

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

function imageFor(component: string, target: Semver): string {
  const registry = imageRegistry(target.minor);
  return component === 'etcd' ? `${registry}/etcd:${addonVersions(target.minor).etcd}` : `${registry}/${component}:${formatVersion(target)}`;
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');

// Returns the log lines kubeadm prints; writes nothing when `dryRun` or the host has no files.
export function upgradeStaticPods(f: KubeadmFacts, from: Semver, target: Semver, dryRun: boolean): string[] {
  const components = [...(addonVersions(from.minor).etcd !== addonVersions(target.minor).etcd ? ['etcd'] : []), ...COMPONENTS];
  const real = (c: string) => `/etc/kubernetes/manifests/${c}.yaml`;
  const dir = f.manifestsAt;
  if (dir) {
    for (const c of components) {
      if (!existsSync(join(dir, `${c}.yaml`))) {
        throw new ToolError(`[upgrade/staticpods] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: failed to read manifest for "${c}": open ${real(c)}: no such file or directory`);
      }
    }
  }
  const backup = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${stamp()}`;
  const lines = [`[upgrade/staticpods] Writing new Static Pod manifests to "/etc/kubernetes/tmp/kubeadm-upgraded-manifests${Math.floor(Math.random() * 1e9)}"`];
  for (const c of components) {
    lines.push(
      `[upgrade/staticpods] Preparing for "${c}" upgrade`,
      `[upgrade/staticpods] Renewing ${c} certificate`,
      `[upgrade/staticpods] Moved new manifest to "${real(c)}" and backed up old manifest to "${backup}/${c}.yaml"`,
      '[upgrade/staticpods] Waiting for the kubelet to restart the component',
      '[upgrade/staticpods] This can take up to 5m0s',
      `[apiclient] Found 1 Pods for label selector component=${c}`,
      `[upgrade/staticpods] Component "${c}" upgraded successfully!`,
    );
    if (!dir || dryRun) continue;
    const file = join(dir, `${c}.yaml`);
    const backupDir = join(dir, '..', 'tmp', backup.split('/').pop()!);
    mkdirSync(backupDir, { recursive: true });
    copyFileSync(file, join(backupDir, `${c}.yaml`));
    const text = readFileSync(file, 'utf8').replace(/^(\s*(?:-\s+)?image:\s*)\S+\s*$/m, `$1${imageFor(c, target)}`);
    writeFileAtomic(file, text, 0o600);
  }
  return lines;
}
