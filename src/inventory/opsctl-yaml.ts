// opsctl's own inventory format (docs/inventory.md): typed connection fields instead of Ansible
// variables, checked strictly so a misspelt field is an error at its line:col, not a silent no-op.
import { z } from 'zod';
import type { Diagnostic } from '../errors.js';
import { formatPath, locateValue } from '../runbook/yaml-locate.js';
import { findCycleEdges, flattenGroups, removeEdges, type GroupEdges } from './groups.js';
import { issueDiagnostics } from './opsctl-issues.js';
import type { InventoryHost, InventoryParseResult } from './types.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

const NAME = /^[^\s[\]:,]+$/;
const name = z.string().regex(NAME, 'expected a name without spaces, brackets, ":" or ","');

const connection = {
  address: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identityFile: z.string().min(1).optional(),
  become: z.boolean().optional(),
  becomeUser: z.string().min(1).optional(),
  proxyJump: z.string().min(1).optional(),
};

const hostSpec = z.strictObject({ ...connection, groups: z.array(name).optional(), vars: z.record(z.string(), z.unknown()).optional() });
const groupSpec = z.preprocess(
  (v) => (Array.isArray(v) ? { hosts: v } : v),
  z.strictObject(
    { hosts: z.array(name).optional(), children: z.array(name).optional() },
    { error: (i) => (i.code === 'invalid_type' ? 'expected a list of host names, or a mapping with hosts: and children:' : undefined) },
  ),
);

export const opsctlInventorySchema = z.strictObject({
  apiVersion: z.literal('opsctl/v1'),
  kind: z.literal('Inventory'),
  defaults: z.strictObject(connection).optional(),
  hosts: z.record(name, hostSpec.nullable()).optional(),
  groups: z.record(name, groupSpec).optional(),
});
export type OpsctlInventory = z.infer<typeof opsctlInventorySchema>;

// Schema errors stop here (the rest would be guesses); semantic checks run on a valid document.
export function parseOpsctlYaml(text: string, file: string): InventoryParseResult {
  const src = parseYamlSource(text, file);
  const empty: InventoryParseResult = { inventory: { source: file, hosts: {}, groups: { all: [], ungrouped: [] } }, diagnostics: src.diagnostics };
  if (src.diagnostics.length > 0) return empty;
  const data: unknown = src.doc.toJS();
  const parsed = opsctlInventorySchema.safeParse(data);
  if (!parsed.success) return { ...empty, diagnostics: parsed.error.issues.flatMap((i) => issueDiagnostics(i, src, file)) };
  return build(parsed.data, data as Record<string, Record<string, unknown>>, src, file);
}

function build(inv: OpsctlInventory, raw: Record<string, Record<string, unknown>>, src: YamlSource, file: string): InventoryParseResult {
  const diagnostics: Diagnostic[] = [];
  const report = (path: Array<string | number>, message: string, hint?: string) =>
    diagnostics.push({ file, ...pos(src, path), path: formatPath(path), message, ...(hint ? { hint } : {}) });
  const specs = inv.hosts ?? {};
  const edges = new Map<string, GroupEdges>();
  const edgesOf = (g: string) => edges.get(g) ?? edges.set(g, { hosts: [], children: [] }).get(g)!;
  for (const [h, spec] of Object.entries(specs)) for (const g of spec?.groups ?? []) edgesOf(g).hosts.push(h);
  for (const [g, spec] of Object.entries(inv.groups ?? {})) {
    if (g === 'all' || g === 'ungrouped') report(['groups', g], `"${g}" is implicit and cannot be declared`);
    const listed = Array.isArray(raw.groups?.[g]) ? ['groups', g] : ['groups', g, 'hosts'];
    (spec.hosts ?? []).forEach((h, i) => {
      if (!(h in specs)) report([...listed, i], `group "${g}" lists host "${h}", which is not under hosts:`, `add "${h}:" under hosts:`);
      else if (!edgesOf(g).hosts.includes(h)) edgesOf(g).hosts.push(h);
    });
    edgesOf(g).children.push(...(spec.children ?? []));
  }
  for (const [g, spec] of Object.entries(inv.groups ?? {})) {
    (spec.children ?? []).forEach((c, i) => {
      if (!edges.has(c)) report(['groups', g, 'children', i], `group "${g}" has child "${c}", which is not a group`);
    });
  }
  const cycles = findCycleEdges(edges);
  for (const c of cycles) {
    const i = inv.groups?.[c.parent]?.children?.indexOf(c.child) ?? 0;
    report(['groups', c.parent, 'children', i], `group children form a cycle: ${c.cycle.join(' → ')}`);
  }
  const hosts: Record<string, InventoryHost> = Object.create(null); // `__proto__` is a host name too
  for (const [h, spec] of Object.entries(specs)) {
    const host: InventoryHost = { name: h, vars: spec?.vars ?? {} };
    for (const key of Object.keys(connection) as Array<keyof typeof connection>) {
      const value = spec?.[key] ?? inv.defaults?.[key];
      if (value !== undefined) Object.assign(host, { [key]: value });
    }
    hosts[h] = host;
  }
  const groups = flattenGroups(removeEdges(edges, cycles), Object.keys(specs));
  return { inventory: { source: file, hosts, groups }, diagnostics };
}

function pos(src: YamlSource, path: Array<string | number>): { line: number; col: number } {
  const { line, col } = locateValue(src.doc, src.lines, path);
  return { line, col };
}
