// What both Ansible parsers (INI and YAML) build while reading: groups with their own hosts,
// children and vars, and per-host vars, each with its source position. `buildInventory` then
// checks the graph, flattens it and applies Ansible's variable precedence.
import type { Diagnostic } from '../errors.js';
import { findCycleEdges, flattenGroups, groupDepths, removeEdges, type GroupEdges } from './groups.js';
import { toInventoryHost, type SourcedValue, type Where } from './host-vars.js';
import type { InventoryHost, InventoryParseResult } from './types.js';

export interface ModelGroup {
  /** Declared by a `[g]`/`[g:children]` section or a YAML group key, not only referred to. */
  defined: boolean;
  hosts: string[];
  children: Array<{ name: string; at: Where }>;
  vars: Map<string, SourcedValue>;
  /** `hosts` as a set, so adding stays O(1) in groups of 200k hosts. */
  seen?: Set<string>;
  /** The first place the group was used while still undefined, reported if it never is. */
  pending?: { at: Where; message: string; hint: string };
}

export interface AnsibleModel {
  hostOrder: string[];
  hostVars: Map<string, Map<string, SourcedValue>>;
  groups: Map<string, ModelGroup>;
}

// `all` and `ungrouped` always exist in Ansible, whether or not the file names them.
export function newModel(): AnsibleModel {
  const m: AnsibleModel = { hostOrder: [], hostVars: new Map(), groups: new Map() };
  useGroup(m, 'all').defined = true;
  useGroup(m, 'ungrouped').defined = true;
  return m;
}

// A group is created when first named; it counts as defined only once a section/key declares it.
export function useGroup(m: AnsibleModel, name: string): ModelGroup {
  let g = m.groups.get(name);
  if (!g) m.groups.set(name, (g = { defined: false, hosts: [], children: [], vars: new Map() }));
  return g;
}

// A host is known from its first mention; `hostOrder` is the order `all` lists hosts in.
export function addHost(m: AnsibleModel, group: string, host: string): void {
  if (!m.hostVars.has(host)) {
    m.hostOrder.push(host);
    m.hostVars.set(host, new Map());
  }
  const g = useGroup(m, group);
  const seen = (g.seen ??= new Set(g.hosts));
  if (!seen.has(host)) {
    seen.add(host);
    g.hosts.push(host);
  }
}

// Host vars given on any line apply to the host everywhere; a later line overrides an earlier one.
export function setHostVar(m: AnsibleModel, host: string, key: string, value: SourcedValue): void {
  m.hostVars.get(host)?.set(key, value);
}

// Children keep their source position, so an undefined or cyclic child is reported where it is named.
export function addChild(m: AnsibleModel, parent: string, child: string, at: Where): void {
  const p = useGroup(m, parent);
  useGroup(m, child);
  if (!p.children.some((c) => c.name === child)) p.children.push({ name: child, at });
}

/**
 * Vars from files beside the inventory (group_vars/, host_vars/), one entry per inventory source
 * in source order: they rank above the inventory's own group vars and host vars respectively.
 */
export interface VarsFileLayers {
  groupVars: Array<Map<string, Map<string, SourcedValue>>>;
  hostVars: Array<Map<string, Map<string, SourcedValue>>>;
}

// The parsed model → an Inventory: report undefined and cyclic groups, flatten, merge vars by precedence.
export function buildInventory(m: AnsibleModel, file: string, diagnostics: Diagnostic[], files?: VarsFileLayers): InventoryParseResult {
  for (const g of m.groups.values()) {
    if (!g.defined && g.pending) diagnostics.push({ file, ...g.pending.at, message: g.pending.message, hint: g.pending.hint });
  }
  const edges = new Map<string, GroupEdges>();
  for (const [name, g] of m.groups) edges.set(name, { hosts: g.hosts, children: g.children.map((c) => c.name) });
  const cycles = findCycleEdges(edges);
  for (const c of cycles) {
    const at = m.groups.get(c.parent)?.children.find((x) => x.name === c.child)?.at;
    diagnostics.push({
      file,
      ...at,
      message: `group children form a cycle: ${c.cycle.join(' → ')}`,
      hint: 'a group cannot contain itself; remove one of these children entries',
    });
  }
  const acyclic = removeEdges(edges, cycles);
  const groups = flattenGroups(acyclic, m.hostOrder);
  const depths = groupDepths(acyclic);
  const memberOf = new Map<string, string[]>();
  for (const [name, hosts] of Object.entries(groups)) {
    if (name === 'all') continue;
    for (const h of hosts) {
      const list = memberOf.get(h);
      if (list) list.push(name);
      else memberOf.set(h, [name]);
    }
  }
  const reported = new Set(diagnostics.map((d) => `${d.line}:${d.col}:${d.message}`));
  const hosts: Record<string, InventoryHost> = Object.create(null); // `__proto__` is a host name too
  const priority = (g: string) => Number(m.groups.get(g)?.vars.get('ansible_group_priority')?.value ?? 1) || 1;
  for (const name of m.hostOrder) {
    // Ansible's precedence, lowest first: the inventory's `all` vars, its group vars (groups by
    // depth, then ansible_group_priority, then name), group_vars/all of every source, then
    // group_vars/<group> in the same order, the inventory's host vars, host_vars/<host>. Each
    // layer replaces whole keys (Ansible's default hash_behaviour=replace).
    const ranked = (memberOf.get(name) ?? []).sort(
      (a, b) => (depths.get(a) ?? 1) - (depths.get(b) ?? 1) || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0),
    );
    const layers = [
      m.groups.get('all')?.vars,
      ...ranked.map((g) => withoutPriority(m.groups.get(g)?.vars)),
      ...(files?.groupVars ?? []).map((byGroup) => byGroup.get('all')),
      ...(files?.groupVars ?? []).flatMap((byGroup) => ranked.map((g) => byGroup.get(g))),
      m.hostVars.get(name),
      ...(files?.hostVars ?? []).map((byHost) => byHost.get(name)),
    ];
    const merged = new Map<string, SourcedValue>();
    layers.forEach((vars, rank) => vars?.forEach((v, k) => merged.set(k, { ...v, rank })));
    const built = toInventoryHost(name, merged, file);
    hosts[name] = built.host;
    // A bad group var would otherwise be reported once per host of the group.
    for (const d of built.diagnostics) {
      const key = `${d.line}:${d.col}:${d.message}`;
      if (!reported.has(key)) reported.add(key), diagnostics.push(d);
    }
  }
  return { inventory: { source: file, hosts, groups }, diagnostics };
}

// Ansible takes a group's ansible_group_priority as its rank, not as a variable.
function withoutPriority(vars: Map<string, SourcedValue> | undefined): Map<string, SourcedValue> | undefined {
  if (!vars?.has('ansible_group_priority')) return vars;
  const copy = new Map(vars);
  copy.delete('ansible_group_priority');
  return copy;
}
