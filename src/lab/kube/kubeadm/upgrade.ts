// `kubeadm upgrade apply vX.Y.Z` (first control-plane node: refuses a skipped minor, rewrites
// this host's manifests, moves the cluster version and addons) and `kubeadm upgrade node`
// (other control-plane nodes get the cluster's version; workers their kubelet config).
import { readSync } from 'node:fs';
import { flagBool, type ParsedArgs } from '../cli/args.js';
import type { Cluster } from '../store/cluster.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { STACK_HINT, type KubeadmFacts } from './facts.js';
import { upgradeStaticPods } from './manifests.js';
import { checkTarget, skewFailure } from './policy.js';
import { mustKind } from '../store/kinds.js';
import { addonVersions, formatVersion, imageRegistry, parseVersion, type Semver } from './versions.js';

const CONFIG_LINES = [
  '[upgrade/config] Reading configuration from the cluster...',
  "[upgrade/config] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'",
];

function confirmed(): boolean {
  out('[upgrade/confirm] Are you sure you want to proceed with the upgrade? [y/N]: ');
  const buf = Buffer.alloc(256);
  let answer = '';
  try {
    const n = readSync(0, buf, 0, buf.length, null);
    answer = buf.subarray(0, n).toString('utf8').trim();
  } catch {
    answer = '';
  }
  return /^y(es)?$/i.test(answer);
}

export function upgradeApply(c: Cluster, f: KubeadmFacts, args: ParsedArgs, versionArg: string | undefined): void {
  if (!versionArg) throw new ToolError(`[upgrade/version] FATAL: missing one or more required arguments. Required arguments: [version]\n${STACK_HINT}`);
  const target = parseVersion(versionArg);
  if (!target) throw new ToolError(`[upgrade/version] FATAL: unable to parse version "${versionArg}"\n${STACK_HINT}`);
  if (!f.controlPlane) throw new ToolError(`[upgrade/apply] FATAL: this command must be run on a control-plane node\n${STACK_HINT}`);
  const force = flagBool(args, 'force');
  const dryRun = flagBool(args, 'dry-run');
  out(['[preflight] Running pre-flight checks.', ...CONFIG_LINES, '[upgrade] Running cluster health checks', `[upgrade/version] You have chosen to change the cluster version to "${formatVersion(target)}"`, `[upgrade/versions] Cluster version: ${formatVersion(f.cluster)}`, `[upgrade/versions] kubeadm version: ${formatVersion(f.kubeadm)}`, ''].join('\n'));
  const failure = skewFailure(checkTarget(f, target), force);
  if (failure) throw new ToolError(`${failure}\n${STACK_HINT}`);
  if (!flagBool(args, 'yes') && !force && !dryRun && !confirmed()) {
    throw new ToolError(`won't proceed; the user didn't answer (Y|y) in order to continue\n${STACK_HINT}`);
  }
  const lines = [
    '[upgrade/prepull] Pulling images required for setting up a Kubernetes cluster',
    '[upgrade/prepull] This might take a minute or two, depending on the speed of your internet connection',
    "[upgrade/prepull] You can also perform this action beforehand using 'kubeadm config images pull'",
    `[upgrade/apply] Upgrading your Static Pod-hosted control plane to version "${formatVersion(target)}" (timeout: 5m0s)...`,
    ...upgradeStaticPods(f, f.cluster, target, dryRun),
    '[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
    '[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster',
    '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"',
    '[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster',
    '[addons] Applied essential addon: CoreDNS',
    '[addons] Applied essential addon: kube-proxy',
    '',
    '',
  ];
  if (!dryRun) moveCluster(c, target);
  out(lines.join('\n'));
  out(`${dryRun ? '[upgrade/successful] Finished dryrunning successfully!' : `[upgrade/successful] SUCCESS! Your cluster was upgraded to "${formatVersion(target)}". Enjoy!`}\n\n[upgrade/kubelet] Now that your control plane is upgraded, please proceed with upgrading your kubelets if you haven't already done so.\n`);
}

// The cluster-wide part of an apply: kubeadm-config's version, kube-proxy and CoreDNS images.
function moveCluster(c: Cluster, target: Semver): void {
  c.meta.kubernetesVersion = formatVersion(target);
  c.store.touchMeta();
  const registry = imageRegistry(target.minor);
  const setImage = (kind: string, name: string, image: string) => {
    const obj = c.get(mustKind(kind), 'kube-system', name);
    if (!obj) return;
    for (const ct of obj.spec?.template?.spec?.containers ?? []) ct.image = image;
    c.save(mustKind(kind), obj);
  };
  setImage('DaemonSet', 'kube-proxy', `${registry}/kube-proxy:${formatVersion(target)}`);
  setImage('Deployment', 'coredns', `${registry}/coredns/coredns:${addonVersions(target.minor).coredns.replace(/^(?!v)/, 'v')}`);
}

export function upgradeNode(f: KubeadmFacts, args: ParsedArgs): void {
  const dryRun = flagBool(args, 'dry-run');
  const lines = ['[upgrade] Reading configuration from the cluster...', "[upgrade] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'", '[preflight] Running pre-flight checks'];
  if (f.controlPlane) {
    if (f.kubeadm.minor < f.cluster.minor) {
      throw new ToolError(`[upgrade] FATAL: the kubeadm version ${formatVersion(f.kubeadm)} is older than the cluster version ${formatVersion(f.cluster)}; upgrade the kubeadm package first\n${STACK_HINT}`);
    }
    lines.push(
      '[preflight] Pulling images required for setting up a Kubernetes cluster',
      `[upgrade] Upgrading your Static Pod-hosted control plane instance to version "${formatVersion(f.cluster)}"...`,
      ...upgradeStaticPods(f, f.cluster, f.cluster, dryRun),
      '[upgrade] The control plane instance for this node was successfully updated!',
    );
  } else {
    lines.push('[preflight] Skipping prepull. Not a control plane node.', '[upgrade] Skipping phase. Not a control plane node.');
  }
  lines.push(
    `[upgrade] Backing up kubelet config file to /etc/kubernetes/tmp/kubeadm-kubelet-config${Math.floor(Math.random() * 1e9)}/config.yaml`,
    '[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"',
    '[upgrade] The configuration for this node was successfully updated!',
    '[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.',
    '',
  );
  out(lines.join('\n'));
}
