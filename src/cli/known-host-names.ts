// A host name that neither the inventory nor ssh_config knows is almost always a typo
// (`master-O` for `master-0`); plain ssh would try DNS and fail late, or reach the wrong machine.
// It is bad input (exit 2) with a did-you-mean, before anything connects, dry-runs included.
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import type { GlobalOptions } from './global-options.js';
import { InputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { loadSshConfig } from '../ssh/config-load.js';
import type { SshConfigItem } from '../ssh/config-types.js';
import { matchPattern } from '../ssh/patterns.js';
import { suggest } from '../runbook/suggest.js';
import { loadInventoryOption } from './inventory-option.js';

export async function requireKnownHosts(plan: Plan, g: GlobalOptions): Promise<void> {
  const remote = Object.values(plan.hosts).filter((h) => h.transport === 'ssh').map((h) => h.name);
  const inventory = loadInventoryOption(g);
  const unknown = remote.filter((h) => !(h in inventory.hosts) && !isIP(h));
  if (unknown.length === 0) return;
  const patterns = hostPatterns(loadSshConfig(g.sshConfig, process.env.HOME ?? homedir()).items);
  const specific = patterns.filter((p) => /[^*?]/.test(p));
  const missing = unknown.filter((h) => !specific.some((p) => matchPattern(h.toLowerCase(), p.toLowerCase())));
  if (missing.length === 0) return;
  const names = [...Object.keys(inventory.hosts), ...specific.filter((p) => !/[*?]/.test(p))];
  throw new InputError(
    missing.map((h) => {
      const close = suggest(h, names);
      return { message: `unknown host "${h}": it is in neither the inventory${inventory.source ? ` (${inventory.source})` : ''} nor ssh_config`, ...(close ? { hint: `did you mean "${close}"?` } : {}) };
    }),
    { hint: inventory.source ? 'check the name, or add the host to the inventory (or a Host block to ~/.ssh/config)' : 'pass the inventory with -i (or OPSCTL_INVENTORY / ansible.cfg), or add a Host block to ~/.ssh/config' },
  );
}

// `hosts check NAME`: a name ssh_config knows (a specific Host pattern) is fine without an inventory entry.
export function knownToSshConfig(name: string, g: Pick<GlobalOptions, 'sshConfig'>): boolean {
  if (isIP(name)) return true;
  const patterns = hostPatterns(loadSshConfig(g.sshConfig, process.env.HOME ?? homedir()).items).filter((p) => /[^*?]/.test(p));
  return patterns.some((p) => matchPattern(name.toLowerCase(), p.toLowerCase()));
}

function hostPatterns(items: SshConfigItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'host' ? i.patterns.filter((p) => !p.startsWith('!')) : i.kind === 'include' ? i.files.flatMap((f) => hostPatterns(f.items)) : []));
}
