// A plan saved with `opsctl plan ... --out FILE` and run with `opsctl apply FILE`: the plan value
// itself plus fingerprints of what it was made from — the runbook files, the inventory as parsed
// and, for a plan made with --check, the facts the read-only steps found on the hosts. apply runs
// exactly that plan, or refuses (exit 3) naming what changed, as Terraform refuses a stale plan.
import type { Inventory } from '../inventory/types.js';
import { digestOf } from './digest.js';
import type { Plan } from './types.js';

export const SAVED_PLAN_KIND = 'opsctl/saved-plan';
export const SAVED_PLAN_VERSION = 1;

/** What one read-only step found under --check: its exit code and captures. */
export interface Fact {
  key: string;
  host: string;
  exitCode: number | null;
  digest: string;
}

export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  version: typeof SAVED_PLAN_VERSION;
  /** `dry-run`, or `check` when facts were read on the hosts. */
  madeWith: 'dry-run' | 'check';
  /** The inventory sources in effect (paths or a host list). */
  inventorySources: string[];
  fingerprints: { inventory: string; hosts: Record<string, string>; groups: Record<string, string[]>; facts?: Fact[] };
  plan: Plan;
}

// Connection facts and variables of each host, and each group's members: what a plan depends on.
export function inventoryFingerprint(inv: Inventory): SavedPlan['fingerprints'] {
  const hosts = Object.fromEntries(Object.entries(inv.hosts).map(([name, h]) => [name, digestOf(h)]));
  return { inventory: digestOf({ hosts, groups: inv.groups }), hosts, groups: inv.groups };
}

export function factDigest(exitCode: number | null, captures: Record<string, string> | undefined): string {
  return digestOf({ exitCode, captures: captures ?? {} });
}

// Everything that changed in the inventory since, in words an operator can check.
export function inventoryChanges(saved: SavedPlan['fingerprints'], now: SavedPlan['fingerprints']): string[] {
  if (saved.inventory === now.inventory) return [];
  const out: string[] = [];
  for (const h of Object.keys(saved.hosts)) {
    if (!(h in now.hosts)) out.push(`host ${h} is no longer in the inventory`);
    else if (saved.hosts[h] !== now.hosts[h]) out.push(`host ${h} changed (address, user, port, keys or variables)`);
  }
  for (const h of Object.keys(now.hosts)) if (!(h in saved.hosts)) out.push(`host ${h} was added to the inventory`);
  for (const g of new Set([...Object.keys(saved.groups), ...Object.keys(now.groups)])) {
    const a = (saved.groups[g] ?? []).join(',');
    const b = (now.groups[g] ?? []).join(',');
    if (a !== b) out.push(`group ${g}: ${a || '(none)'} → ${b || '(none)'}`);
  }
  return out.length > 0 ? out : ['the inventory changed'];
}

export function factChanges(saved: Fact[], now: Map<string, Fact>): string[] {
  return saved.flatMap((f) => {
    const n = now.get(f.key);
    if (!n) return [`step ${f.key} did not run this time`];
    if (n.digest === f.digest) return [];
    return [`step ${f.key} on ${f.host} found something else${n.exitCode !== f.exitCode ? ` (exit ${f.exitCode} → ${n.exitCode})` : ' (its captured values differ)'}`];
  });
}
