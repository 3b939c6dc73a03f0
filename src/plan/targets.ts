// Resolving a step's `on:` to concrete host names: a runbook target (templated), an inventory group
// or host, `local`, or — for targets filled from params such as `--host` — a name taken as given.
import type { Inventory } from '../inventory/types.js';
import type { TemplateContext } from '../template/types.js';
import { renderValue } from '../template/index.js';
import { suggest } from '../runbook/suggest.js';
import { LOCAL } from './hosts.js';
import type { ClusterTarget } from '../runbook/schema.js';

export class TargetError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export function resolveOn(
  on: string | undefined,
  targets: Record<string, string | string[] | ClusterTarget>,
  inventory: Inventory,
  ctx: TemplateContext,
): string[] {
  if (!on || on === LOCAL) return [LOCAL];
  // Own keys only: a host or group named `constructor` or `__proto__` is just a name.
  if (Object.hasOwn(targets, on)) {
    const raw = targets[on];
    // A cluster target is its own host: the compiler binds it to its kubeconfig.
    if (!Array.isArray(raw) && typeof raw === 'object') return [on];
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => toNames(renderValue(v, ctx)));
    return unique(values.flatMap((n) => expandName(n, inventory)));
  }
  if (on.includes('{{')) return unique(toNames(renderValue(on, ctx)).flatMap((n) => expandName(n, inventory)));
  if (Object.hasOwn(inventory.groups, on)) return [...inventory.groups[on]];
  if (Object.hasOwn(inventory.hosts, on)) return [on];
  const known = [...Object.keys(targets), ...Object.keys(inventory.groups), ...Object.keys(inventory.hosts), LOCAL];
  const close = suggest(on, known);
  throw new TargetError(
    `on: "${on}" is not a target of this runbook, an inventory group or host, or "local"`,
    close ? `did you mean "${close}"?` : inventory.source ? `targets: ${Object.keys(targets).join(', ') || 'none'}` : 'pass an inventory with -i, or declare it under targets:',
  );
}

function toNames(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(toNames);
  return String(value)
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function expandName(name: string, inventory: Inventory): string[] {
  if (name === LOCAL) return [LOCAL];
  if (Object.hasOwn(inventory.hosts, name)) return [name];
  if (Object.hasOwn(inventory.groups, name)) return [...inventory.groups[name]];
  return [name];
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

export function itemsToList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (value === undefined || value === null || value === '') return [];
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
