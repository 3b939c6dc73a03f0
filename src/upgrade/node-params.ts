// What `opsctl node drain|cordon|uncordon|maintain NODE` works out from the inventory before the
// plan is compiled: the inventory file (the drain check reaches kubectl through it), the
// control-plane nodes, and the host kubectl runs on (--via, else the first control-plane node
// other than the one being maintained, when there is one). Pure.
import type { DeriveParams } from '../cli/domain-commands.js';
import { InputError } from '../errors.js';
import { clusterRoles } from './inventory-roles.js';

// The DeriveParams of the four node commands.
export const deriveNodeMaintenance: DeriveParams = (given, input) => {
  if (!input.path) throw new InputError('node commands need the inventory of the cluster: pass it with -i (or OPSCTL_INVENTORY)');
  const { controlPlane } = clusterRoles({ controlPlane: given.controlPlane }, input.inventory, input.path);
  const node = String(given.node ?? '');
  // kubectl from another control-plane node, so a reboot of this one does not take kubectl away.
  const via = typeof given.via === 'string' && given.via ? given.via : (controlPlane.find((h) => h !== node) ?? controlPlane[0]);
  return { inventoryFile: input.path, controlPlane, via };
};
