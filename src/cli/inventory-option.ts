// Which inventory a command uses, in the order an operator expects: -i (several with commas, or a
// host list `a,b,`), OPSCTL_INVENTORY, then what Ansible itself would use (ANSIBLE_INVENTORY,
// inventory= in ansible.cfg); ansible.cfg's connection defaults apply to every host either way.
import type { GlobalOptions } from './global-options.js';
import { loadInventory } from '../inventory/load.js';
import { loadAnsibleDefaults } from '../inventory/ansible-cfg-find.js';
import { applyAnsibleDefaults } from '../inventory/ansible-cfg.js';
import { emptyInventory, type Inventory } from '../inventory/types.js';
import { existsSync } from 'node:fs';

let cached: { key: string; inventory: Inventory; sources: string[] } | undefined;

/** The inventory sources in effect (paths, or a host list), [] when there is none. */
export function inventorySources(g: Pick<GlobalOptions, 'inventory'>): string[] {
  const given = g.inventory ?? process.env.OPSCTL_INVENTORY;
  if (given) return existsSync(given) || !given.includes(',') ? [given] : splitSources(given);
  return loadAnsibleDefaults().inventory ?? [];
}

// `a.ini,b.yml` is two files when they exist; otherwise the whole value is Ansible's host list.
function splitSources(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((p) => existsSync(p)) ? parts : [value];
}

export function loadInventoryOption(g: Pick<GlobalOptions, 'inventory'>): Inventory {
  const sources = inventorySources(g);
  const key = JSON.stringify(sources);
  if (cached?.key === key) return cached.inventory;
  const defaults = loadAnsibleDefaults();
  const base = sources.length > 0 ? loadInventory(sources) : emptyInventory();
  const { inventory, warnings } = applyAnsibleDefaults(base, defaults);
  for (const w of [...defaults.warnings, ...warnings]) process.stderr.write(`warning: ${w}\n`);
  cached = { key, inventory, sources };
  return inventory;
}
