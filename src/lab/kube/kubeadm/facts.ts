// What kubeadm reads before it acts: its own version (the package on this host), the
// cluster's version (kubeadm-config), whether this host is a control-plane node, and the
// kubelets' versions. Shared by `upgrade plan`, `upgrade apply` and `upgrade node`.
import { existsSync } from 'node:fs';
import { flagValue, type ParsedArgs } from '../cli/args.js';
import type { Cluster } from '../store/cluster.js';
import { ToolError } from '../cli/errors.js';
import { packageSemver, readHostState } from '../packages/host-state.js';
import { mustKind } from '../store/kinds.js';
import { manifestDir } from '../seed/static-pod-manifests.js';
import { hostRoot, onHost, type LabEnv } from '../store/paths.js';
import { parseVersion, type Semver } from './versions.js';

export interface KubeadmFacts {
  host: string;
  kubeadm: Semver;
  cluster: Semver;
  controlPlane: boolean;
  /** The real manifest directory as seen from outside the host, or undefined for a host without files. */
  manifestsAt?: string;
  kubelets: string[];
}

export const STACK_HINT = 'To see the stack trace of this error execute with --v=5 or higher';

export function kubeadmVersion(lab: LabEnv, fallback: string): Semver {
  const installed = lab.host ? readHostState(lab.labDir, lab.host).packages.kubeadm?.version : undefined;
  return parseVersion(installed ? packageSemver(installed) : fallback)!;
}

// plan and apply talk to the API as admin (admin.conf exists on control-plane nodes only);
// `upgrade node` uses the node's own kubelet.conf.
export function gatherFacts(lab: LabEnv, c: Cluster, args: ParsedArgs, needsAdmin: boolean): KubeadmFacts {
  if (c.meta.flavor !== 'kubeadm') throw new ToolError('kubeadm: command not found (this opsctl lab is OpenShift 3.11; kubeadm exists on `--flavor kubeadm` labs)', 127);
  const host = lab.host ?? c.meta.masters[0].name;
  const controlPlane = c.meta.masters.some((m) => m.name === host);
  const kubeconfig = flagValue(args, 'kubeconfig') ?? '/etc/kubernetes/admin.conf';
  if (needsAdmin && !controlPlane && kubeconfig === '/etc/kubernetes/admin.conf') {
    throw new ToolError(`couldn't create a Kubernetes client from file "${kubeconfig}": failed to load admin kubeconfig: open ${kubeconfig}: no such file or directory\n${STACK_HINT}`);
  }
  const hasTree = existsSync(hostRoot(lab.labDir, host));
  return {
    host,
    kubeadm: kubeadmVersion(lab, c.meta.kubernetesVersion),
    cluster: parseVersion(c.meta.kubernetesVersion)!,
    controlPlane,
    manifestsAt: hasTree ? onHost(lab.labDir, host, manifestDir('kubeadm')) : undefined,
    kubelets: c.list(mustKind('Node')).map((n) => String(n.status?.nodeInfo?.kubeletVersion ?? '')),
  };
}

// kubeadm manages clusters of its own minor and the one before.
export function requireSupported(f: KubeadmFacts): void {
  if (f.cluster.minor < f.kubeadm.minor - 1) {
    throw new ToolError(`[upgrade/version] FATAL: this version of kubeadm only supports deploying clusters with the control plane version >= 1.${f.kubeadm.minor - 1}.0. Current version: v1.${f.cluster.minor}.${f.cluster.patch}\n${STACK_HINT}`);
  }
}
