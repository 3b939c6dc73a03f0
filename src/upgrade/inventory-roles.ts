// Which inventory hosts are control-plane nodes and which are workers, in the group names the
// common kubeadm inventories use (kubespray's kube_control_plane/kube_node, control_plane/workers,
// openshift-ansible's masters/nodes). Host names are the Kubernetes node names. Pure.
import type { Inventory } from '../inventory/types.js';
import { InputError } from '../errors.js';

export const CONTROL_PLANE_GROUPS = ['kube_control_plane', 'control_plane', 'masters'];
export const WORKER_GROUPS = ['kube_node', 'workers', 'nodes'];

const listOf = (v: unknown): string[] | undefined =>
  v === undefined || v === '' ? undefined : (Array.isArray(v) ? v.map(String) : String(v).split(/[,\s]+/)).filter(Boolean);

// The node lists the runbooks take, from flags or the inventory's usual group names.
export function clusterRoles(given: { controlPlane?: unknown; workers?: unknown }, inventory: Inventory, file = 'the inventory'): { controlPlane: string[]; workers: string[] } {
  const group = (names: string[]) => names.map((n) => inventory.groups[n]).find((g) => g && g.length > 0);
  const controlPlane = listOf(given.controlPlane) ?? group(CONTROL_PLANE_GROUPS);
  if (!controlPlane?.length) {
    throw new InputError(`no control-plane nodes: ${file} has none of the groups ${CONTROL_PLANE_GROUPS.join(', ')}`, { hint: 'add one, or name them with --control-plane a,b,c' });
  }
  const workers = (listOf(given.workers) ?? group(WORKER_GROUPS) ?? []).filter((w) => !controlPlane.includes(w));
  return { controlPlane, workers };
}
