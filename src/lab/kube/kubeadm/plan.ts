// `kubeadm upgrade plan [version]`: the cluster and kubeadm versions, the one upgrade kubeadm
// can make from here (its own version: the lab is offline, as kubeadm falls back to then),
// the kubelets to upgrade by hand, and the `kubeadm upgrade apply` to run.
import type { KubeadmFacts } from './facts.js';
import { checkTarget, skewFailure } from './policy.js';
import { ToolError } from '../cli/errors.js';
import { formatTable } from '../print/table.js';
import { addonVersions, compareVersions, formatVersion, type Semver } from './versions.js';

const HEADER = [
  '[preflight] Running pre-flight checks.',
  '[upgrade/config] Reading configuration from the cluster...',
  "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'",
  '[upgrade] Running cluster health checks',
  '[upgrade] Fetching available versions to upgrade to',
];

export function renderPlan(f: KubeadmFacts, requested: Semver | undefined): string {
  const target = requested ?? f.kubeadm;
  const c = formatVersion(f.cluster);
  const t = formatVersion(target);
  const lines = [...HEADER, `[upgrade/versions] Cluster version: ${c}`, `[upgrade/versions] kubeadm version: ${formatVersion(f.kubeadm)}`];
  if (!requested) {
    lines.push("[upgrade/versions] WARNING: Couldn't fetch latest stable version from the internet: the lab is offline", '[upgrade/versions] WARNING: Falling back to current kubeadm version as latest stable version');
  }
  lines.push(`[upgrade/versions] Target version: ${t}`, `[upgrade/versions] Latest version in the v${f.cluster.major}.${f.cluster.minor} series: ${target.minor === f.cluster.minor ? t : c}`, '');
  if (compareVersions(target, f.cluster) <= 0) return `${lines.join('\n')}\nAwesome, you're up-to-date! Enjoy!\n`;
  const failure = skewFailure(checkTarget(f, target), false);
  if (failure) throw new ToolError(`${lines.join('\n')}\n${failure}`);
  const kubelets = new Map<string, number>();
  for (const k of f.kubelets) kubelets.set(k, (kubelets.get(k) ?? 0) + 1);
  const kubeletRows = [...kubelets].map(([v, n], i) => [i === 0 ? 'kubelet' : '', `${n} x ${v}`, t]);
  const [from, to] = [addonVersions(f.cluster.minor), addonVersions(target.minor)];
  const section = target.minor === f.cluster.minor ? `Upgrade to the latest version in the v${f.cluster.major}.${f.cluster.minor} series:` : 'Upgrade to the latest stable version:';
  return [
    ...lines,
    "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':",
    formatTable([['COMPONENT', 'CURRENT', 'TARGET'], ...kubeletRows], 6).trimEnd(),
    '',
    section,
    '',
    formatTable(
      [
        ['COMPONENT', 'CURRENT', 'TARGET'],
        ['kube-apiserver', c, t],
        ['kube-controller-manager', c, t],
        ['kube-scheduler', c, t],
        ['kube-proxy', c, t],
        ['CoreDNS', from.coredns, to.coredns],
        ['etcd', from.etcd, to.etcd],
      ],
      6,
    ).trimEnd(),
    '',
    'You can now apply the upgrade by executing the following command:',
    '',
    `\tkubeadm upgrade apply ${t}`,
    '',
    '_____________________________________________________________________',
    '',
  ].join('\n');
}
