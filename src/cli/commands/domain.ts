// Runs a domain command: its flags become the runbook's params (explicit -p values win), then the
// same stages as `opsctl run`.
import { resolve } from 'node:path';
import type { GlobalOptions, RunFlags } from '../global-options.js';
import type { DomainCommand } from '../domain-commands.js';
import { executeRunbook, loadInventoryOption, paramsFromFlags } from '../execute.js';
import { InputError } from '../../errors.js';
import { suggest } from '../../runbook/suggest.js';
import { inventorySources } from '../inventory-option.js';
import { existsSync, statSync } from 'node:fs';
import { speakInFlags } from '../domain-messages.js';
import { runExtras } from './run.js';

export default async function domain(g: GlobalOptions, cmd: DomainCommand, opts: RunFlags & Record<string, unknown>, positionals: unknown[] = []): Promise<number> {
  if (opts.dryRun && opts.check) throw new InputError('--dry-run and --check cannot be used together');
  const params: Record<string, unknown> = {};
  (cmd.args ?? []).forEach((a, i) => {
    if (positionals[i] !== undefined) params[a.param] = positionals[i];
  });
  const setBy: Record<string, string> = {};
  for (const f of cmd.flags) {
    const key = optionKey(f.flag);
    const value = opts[key];
    if (value === undefined) continue;
    if (f.negate) {
      if (value === false) params[f.param] = false;
      continue;
    }
    // Two flags may feed one param (`--host a,b` or `--group masters`): one of them, not both.
    const flagName = f.flag.split(/[ ,]/)[0];
    if (setBy[f.param]) throw new InputError(`${setBy[f.param]} and ${flagName} cannot be used together`);
    setBy[f.param] = flagName;
    params[f.param] = f.group ? groupHosts(g, flagName, String(value)) : f.path ? resolve(String(value)) : value;
  }
  Object.assign(params, paramsFromFlags(opts.param ?? []), cmd.fixed ?? {});
  const mode = opts.dryRun ? 'dry-run' : opts.check ? 'check' : 'run';
  if (cmd.derive) {
    const derive = await cmd.derive();
    // Runbooks that edit the inventory need one file: the only source, when it is a file.
    const sources = inventorySources(g);
    const path = sources.length === 1 && existsSync(sources[0]) && statSync(sources[0]).isFile() ? sources[0] : undefined;
    const derived = await derive(params, { path: path ? resolve(path) : undefined, inventory: loadInventoryOption(g) }, { mode, globals: g });
    for (const [k, v] of Object.entries(derived)) if (params[k] === undefined) params[k] = v;
  }
  const notes = cmd.notes ? (await cmd.notes())(params, { inventory: loadInventoryOption(g) }) : undefined;
  try {
    return await executeRunbook(g, { ref: cmd.runbook, params, mode, summary: cmd.summary, report: cmd.report, notes, ...runExtras(opts) });
  } catch (e) {
    throw speakInFlags(e, cmd);
  }
}

// commander's attribute name for a flag: `--backup-root <dir>` → backupRoot, `--no-compress` → compress.
export function optionKey(flag: string): string {
  const long = /--(?:no-)?([a-z0-9-]+)/.exec(flag)![1];
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// `--group masters`: the group's hosts, in inventory order, so the plan names every host.
function groupHosts(g: GlobalOptions, flag: string, name: string): string {
  const inventory = loadInventoryOption(g);
  const groups = Object.keys(inventory.groups);
  if (!inventory.source && groups.length === 0) throw new InputError(`${flag} ${name}: ${flag} needs an inventory`, { hint: 'pass -i INVENTORY (or set OPSCTL_INVENTORY)' });
  const hosts = Object.hasOwn(inventory.groups, name) ? inventory.groups[name] : undefined;
  if (!hosts) {
    const close = suggest(name, groups);
    throw new InputError(`${flag} ${name}: no such group in the inventory`, { hint: close ? `did you mean "${close}"?` : `groups: ${groups.join(', ') || 'none'}` });
  }
  if (hosts.length === 0) throw new InputError(`${flag} ${name}: the group has no hosts`);
  return hosts.join(',');
}

