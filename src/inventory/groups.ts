// Group graph operations shared by every inventory format: find cycles, flatten children into
// host lists, and rank groups by depth (a child's vars override its parent's, as in Ansible).

export interface GroupEdges {
  hosts: string[];
  children: string[];
}

export interface CycleEdge {
  parent: string;
  child: string;
  /** The cycle as group names, first and last the same: `a → b → a`. */
  cycle: string[];
}

// Each cycle is reported once, at the edge that closes it, in file order.
export function findCycleEdges(groups: Map<string, GroupEdges>): CycleEdge[] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const found: CycleEdge[] = [];
  const visit = (g: string): void => {
    state.set(g, 'active');
    stack.push(g);
    for (const child of groups.get(g)?.children ?? []) {
      const s = state.get(child);
      if (s === 'active') found.push({ parent: g, child, cycle: [...stack.slice(stack.indexOf(child)), child] });
      else if (s === undefined) visit(child);
    }
    stack.pop();
    state.set(g, 'done');
  };
  for (const g of groups.keys()) if (!state.has(g)) visit(g);
  return found;
}

// Cycle edges are dropped after being reported, so flattening still terminates and says something useful.
export function removeEdges(groups: Map<string, GroupEdges>, edges: CycleEdge[]): Map<string, GroupEdges> {
  const out = new Map<string, GroupEdges>();
  for (const [name, g] of groups) {
    const drop = new Set(edges.filter((e) => e.parent === name).map((e) => e.child));
    out.set(name, { hosts: g.hosts, children: g.children.filter((c) => !drop.has(c)) });
  }
  return out;
}

// A group's own hosts first, then its children's (breadth-first, in listed order), each once.
// `all` is every host in file order; `ungrouped` the hosts in no group but `all`. Expects no cycles.
export function flattenGroups(groups: Map<string, GroupEdges>, hostOrder: string[]): Record<string, string[]> {
  const grouped = new Set<string>();
  for (const [name, g] of groups) if (name !== 'all' && name !== 'ungrouped') g.hosts.forEach((h) => grouped.add(h));
  const out: Record<string, string[]> = Object.assign(Object.create(null), { all: [...hostOrder], ungrouped: hostOrder.filter((h) => !grouped.has(h)) });
  for (const name of groups.keys()) {
    if (name === 'all' || name === 'ungrouped') continue;
    const hosts = new Set<string>();
    const seen = new Set([name]);
    let level = [name];
    while (level.length > 0) {
      const next: string[] = [];
      for (const g of level) {
        for (const h of groups.get(g)?.hosts ?? []) hosts.add(h);
        for (const c of groups.get(g)?.children ?? []) if (!seen.has(c)) seen.add(c), next.push(c);
      }
      level = next;
    }
    out[name] = [...hosts];
  }
  return out;
}

// Depth from `all` (0): a top-level group is 1, a child one more than its deepest parent.
export function groupDepths(groups: Map<string, GroupEdges>): Map<string, number> {
  const parents = new Map<string, string[]>();
  for (const [name, g] of groups) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), name]);
  const depths = new Map<string, number>([['all', 0]]);
  const depth = (g: string): number => {
    const known = depths.get(g);
    if (known !== undefined) return known;
    const d = 1 + Math.max(0, ...(parents.get(g) ?? []).map(depth));
    depths.set(g, d);
    return d;
  };
  for (const g of groups.keys()) depth(g);
  return depths;
}
