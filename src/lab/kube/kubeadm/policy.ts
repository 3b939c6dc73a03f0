// kubeadm's upgrade version policy: which target versions are refused outright (a skipped
// minor, a minor above kubeadm's own) and which only with --force (above kubeadm's patch,
// a downgrade, kubelets too old), with kubeadm's own wording.
import type { KubeadmFacts } from './facts.js';
import { compareVersions, formatVersion, isReleased, parseVersion, type Semver } from './versions.js';

export interface SkewErrors {
  mandatory: string[];
  skippable: string[];
}

export function checkTarget(f: KubeadmFacts, target: Semver): SkewErrors {
  const t = formatVersion(target);
  const mandatory: string[] = [];
  const skippable: string[] = [];
  if (target.minor > f.cluster.minor + 1) mandatory.push(`Specified version to upgrade to "${t}" is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (target.minor > f.kubeadm.minor) {
    mandatory.push(`Specified version to upgrade to "${t}" is at least one minor release higher than the kubeadm minor release (${target.minor} > ${f.kubeadm.minor}). Such an upgrade is not supported`);
  } else if (compareVersions(target, f.kubeadm) > 0) {
    skippable.push(`Specified version to upgrade to "${t}" is higher than the kubeadm version "${formatVersion(f.kubeadm)}". Upgrade kubeadm first using the tool you used to install kubeadm`);
  }
  if (compareVersions(target, f.cluster) < 0) skippable.push(`Specified version to upgrade to "${t}" is equal to or lower than the cluster version "${formatVersion(f.cluster)}". Downgrades are not supported yet`);
  if (target.minor < f.cluster.minor - 1) mandatory.push(`Specified version to upgrade to "${t}" is too low; kubeadm can downgrade only 1 minor version at a time`);
  const oldest = target.minor - (target.minor >= 28 ? 3 : 2);
  const tooOld = [...new Set(f.kubelets.filter((k) => (parseVersion(k)?.minor ?? 0) < oldest))];
  if (tooOld.length) skippable.push(`There are kubelets in this cluster that are too old that have these versions [${tooOld.join(' ')}]`);
  if (!isReleased(target)) mandatory.push(`Specified version to upgrade to "${t}" was not found: there is no such Kubernetes release`);
  return { mandatory, skippable };
}

export function skewFailure(errors: SkewErrors, force: boolean): string | undefined {
  const fatal = [...errors.mandatory, ...(force ? [] : errors.skippable)];
  if (fatal.length === 0) return undefined;
  const bypass = errors.mandatory.length === 0 ? '\nCan be bypassed if you pass the --force flag' : '';
  return `[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n${fatal.map((e) => `\t- ${e}\n`).join('')}${bypass}`.trimEnd();
}
