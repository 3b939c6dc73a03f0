// Which hosts a `hosts` command works on: names given, or --group G, or every inventory host.
// Unknown names and groups are bad input with a did-you-mean, as everywhere else.
import { InputError } from '../errors.js';
import type { Inventory } from '../inventory/types.js';
import { suggest } from '../runbook/suggest.js';

export function selectHosts(inventory: Inventory, names: string[], group: string | undefined, allowUnknown: (name: string) => boolean): string[] {
  if (group !== undefined) {
    const hosts = inventory.groups[group];
    if (!hosts) {
      const close = suggest(group, Object.keys(inventory.groups));
      throw new InputError(`--group ${group}: no such group in the inventory${inventory.source ? ` (${inventory.source})` : ''}`, { hint: close ? `did you mean "${close}"?` : `groups: ${Object.keys(inventory.groups).join(', ') || 'none (pass -i INVENTORY)'}` });
    }
    if (hosts.length === 0) throw new InputError(`--group ${group}: the group has no hosts`);
    return [...hosts, ...names];
  }
  if (names.length > 0) {
    const bad = names.filter((n) => !(n in inventory.hosts) && !allowUnknown(n));
    if (bad.length > 0) {
      throw new InputError(bad.map((n) => {
        const close = suggest(n, Object.keys(inventory.hosts));
        return { message: `unknown host "${n}": it is in neither the inventory nor ssh_config`, ...(close ? { hint: `did you mean "${close}"?` } : {}) };
      }));
    }
    return names;
  }
  const all = inventory.groups.all ?? Object.keys(inventory.hosts);
  if (all.length === 0) throw new InputError('no hosts to check: name them, pass --group G, or give an inventory with -i');
  return all;
}
