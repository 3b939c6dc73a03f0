// What `opsctl upgrade kubeadm` works out before the plan is compiled: the control-plane and
// worker nodes from the inventory, and the upgrade path from the versions actually running —
// read with kubectl/kubeadm on the first control-plane node (a dry-run connects to nothing, so
// there the operator says where the cluster is with --from). The plan then carries the path.
import { resolve } from 'node:path';
import type { DeriveParams } from './domain-commands.js';
import { InputError, PreconditionError } from '../errors.js';
import { resolveStateDir } from '../state/paths.js';
import { clusterRoles } from '../upgrade/inventory-roles.js';
import { computeUpgradePath, hopItems, PathRefusal, type UpgradePath } from '../upgrade/path.js';
import { compareVersions, formatVersion, parseKubeVersion } from '../upgrade/kube-version.js';
import { apiserverRange } from '../upgrade/cluster-versions.js';

const version = (v: unknown, flag: string) => {
  const parsed = typeof v === 'string' ? parseKubeVersion(v) : undefined;
  if (!parsed || !/^v?\d+\.\d+\.\d+$/.test(String(v))) throw new InputError(`${flag} ${String(v ?? '')}: expected a version like v1.30.1`);
  return parsed;
};

// The DeriveParams of `opsctl upgrade kubeadm`.
export const deriveKubeadmUpgrade: DeriveParams = async (given, input, { mode, globals }) => {
  if (!input.path) throw new InputError('upgrade kubeadm needs the inventory of the cluster: pass it with -i (or OPSCTL_INVENTORY)');
  const to = version(given.to, '--to');
  const { controlPlane, workers } = clusterRoles(given, input.inventory, input.path);
  const out: Record<string, unknown> = { inventoryFile: input.path, controlPlane, workers, fetchTo: resolve(resolveStateDir(globals.stateDir), 'backups') };
  if (given.path !== undefined) return out;
  let path: UpgradePath;
  try {
    if (mode === 'dry-run') {
      if (given.from === undefined) {
        throw new InputError('a dry-run connects to nothing, so it cannot read the version the cluster runs: give it with --from (kubectl version on a control-plane node)', {
          hint: 'or see the real path with --check, which reads the cluster and changes nothing',
        });
      }
      path = computeUpgradePath(version(given.from, '--from'), to);
    } else {
      const { withKubectlHost } = await import('./kubectl-host.js');
      const { readClusterVersions } = await import('../upgrade/read-cluster.js');
      const { pathForCluster } = await import('../upgrade/verdicts.js');
      const kubeconfig = typeof given.kubeconfig === 'string' ? given.kubeconfig : '/etc/kubernetes/admin.conf';
      const state = await withKubectlHost(globals, controlPlane[0], kubeconfig, readClusterVersions);
      const { oldest } = apiserverRange(state);
      if (!oldest) throw new PreconditionError(`no kube-apiserver static pod in kube-system on ${controlPlane[0]}: this does not look like a kubeadm cluster`);
      if (given.from !== undefined && compareVersions(version(given.from, '--from'), oldest) !== 0) {
        throw new PreconditionError(`--from ${String(given.from)}, but the cluster runs kube-apiserver ${formatVersion(oldest)}`, { hint: 'leave --from out: a run reads the version itself' });
      }
      path = pathForCluster(state, oldest, to, [...controlPlane, ...workers]);
    }
  } catch (e) {
    if (e instanceof PathRefusal) throw new PreconditionError(`kubeadm upgrade to ${formatVersion(to)} refused: ${e.message}`, { hint: 'nothing was changed' });
    throw e;
  }
  return { ...out, from: path.from, path: hopItems(path) };
};
