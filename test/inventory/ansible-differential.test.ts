// Differential test: every inventory in fixtures/ansible-diff/ is read by the real
// `ansible-inventory --list` (Debian's ansible-core) and by opsctl; both must see the same hosts,
// the same groups with the same members, and the same variables per host — connection variables
// included — after group_vars/, host_vars/ and Ansible's precedence rules.
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';

const DIR = join(import.meta.dirname, '../../fixtures/ansible-diff');
const cases = readdirSync(DIR).filter((d) => /^\d\d-/.test(d)).sort();
// No ansible.cfg of this machine or user may change what Ansible reads.
const cfgDir = mkdtempSync(join(tmpdir(), 'opsctl-ansible-cfg-'));
writeFileSync(join(cfgDir, 'ansible.cfg'), '[defaults]\n');
afterAll(() => rmSync(cfgDir, { recursive: true, force: true }));
// Any source Ansible cannot parse is an error (by default it would warn and go on without it).
const ANSIBLE_ENV = { ANSIBLE_CONFIG: join(cfgDir, 'ansible.cfg'), ANSIBLE_LOCAL_TEMP: cfgDir, ANSIBLE_HOME: cfgDir, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'true' };

function sourcesOf(name: string): string[] {
  const dir = join(DIR, name);
  if (existsSync(join(dir, 'sources'))) return readFileSync(join(dir, 'sources'), 'utf8').split('\n').filter(Boolean).map((s) => join(dir, s));
  const entries = readdirSync(dir).filter((e) => e !== 'group_vars' && e !== 'host_vars');
  if (entries.length !== 1) throw new Error(`${name}: expected one inventory source beside group_vars/host_vars, found ${entries.join(', ')}`);
  return [join(dir, entries[0])];
}

interface Seen {
  hosts: string[];
  groups: Record<string, string[]>;
  vars: Record<string, Record<string, unknown>>;
}

async function ansibleSees(sources: string[]): Promise<Seen | { error: string }> {
  const r = await execa('ansible-inventory', [...sources.flatMap((s) => ['-i', s]), '--list'], { env: ANSIBLE_ENV, cwd: cfgDir, reject: false });
  if (r.exitCode !== 0) return { error: r.stderr };
  const list = JSON.parse(r.stdout) as Record<string, { hosts?: string[]; children?: string[]; hostvars?: Record<string, Record<string, unknown>> }>;
  const meta = (list._meta?.hostvars ?? {}) as Record<string, Record<string, unknown>>;
  const members = (g: string, seen = new Set<string>()): string[] => {
    if (seen.has(g)) return [];
    seen.add(g);
    return [...(list[g]?.hosts ?? []), ...(list[g]?.children ?? []).flatMap((c) => members(c, seen))];
  };
  const groups: Record<string, string[]> = {};
  for (const g of Object.keys(list)) if (g !== '_meta') groups[g] = [...new Set(members(g))].sort();
  const hosts = groups.all;
  return { hosts, groups, vars: Object.fromEntries(hosts.map((h) => [h, meta[h] ?? {}])) };
}

function opsctlSees(sources: string[]): Seen {
  const inv = loadInventory(sources.length === 1 ? sources[0] : sources);
  const groups: Record<string, string[]> = {};
  // ansible-inventory --list leaves out groups with no hosts, and `ungrouped` when it is empty.
  for (const [g, hosts] of Object.entries(inv.groups)) if (hosts.length > 0 || g === 'all') groups[g] = [...hosts].sort();
  const hosts = [...inv.groups.all].sort();
  return { hosts, groups, vars: Object.fromEntries(hosts.map((h) => [h, JSON.parse(JSON.stringify(inv.hosts[h].vars))])) };
}

describe('inventories read as ansible-inventory --list reads them', () => {
  it(`compares at least 20 inventories (${cases.length} here)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', { timeout: 120_000 }, async (name) => {
    const sources = sourcesOf(name);
    const ansible = await ansibleSees(sources);
    // What Ansible refuses, opsctl refuses too (exit 2), rather than guessing.
    if ('error' in ansible) {
      expect(() => opsctlSees(sources), ansible.error).toThrow(/./);
      return;
    }
    const ours = opsctlSees(sources);
    expect(ours.hosts, 'hosts').toEqual(ansible.hosts);
    expect(ours.groups, 'groups and their members').toEqual(Object.fromEntries(Object.entries(ansible.groups).filter(([, h]) => h.length > 0)));
    for (const h of ansible.hosts) expect(ours.vars[h], `variables of ${h}`).toEqual(ansible.vars[h]);
  });
});
