// Turning inventory entries (or bare names) into the connection facts a plan carries, and the
// `hosts.*` / `groups.*` values templates see.
import type { Inventory } from '../inventory/types.js';
import type { PlanHost } from './types.js';

export const LOCAL = 'local';

export function planHostFor(name: string, inventory: Inventory): PlanHost {
  if (name === LOCAL) return { name, transport: 'local' };
  const h = Object.hasOwn(inventory.hosts, name) ? inventory.hosts[name] : undefined;
  if (!h) return { name, transport: 'ssh' };
  const local = h.vars.ansible_connection === 'local';
  const host: PlanHost = { name, transport: local ? 'local' : 'ssh' };
  if (h.address) host.address = h.address;
  if (h.port) host.port = h.port;
  if (h.user) host.user = h.user;
  if (h.identityFile) host.identityFile = h.identityFile;
  if (h.proxyJump) host.proxyJump = h.proxyJump;
  if (h.become !== undefined) host.become = h.become;
  if (h.becomeUser) host.becomeUser = h.becomeUser;
  if (h.sshOptions) host.sshOptions = { ...h.sshOptions };
  return host;
}

export function templateHosts(inventory: Inventory): Record<string, Record<string, unknown>> {
  // Null-prototype: host names such as `constructor` or `__proto__` are plain keys.
  const groupsOf: Record<string, string[]> = Object.create(null);
  for (const [g, members] of Object.entries(inventory.groups)) for (const m of members) (groupsOf[m] ??= []).push(g);
  const out: Record<string, Record<string, unknown>> = Object.create(null);
  for (const [name, h] of Object.entries(inventory.hosts)) {
    out[name] = {
      ...h.vars,
      name,
      address: h.address ?? name,
      port: h.port ?? 22,
      user: h.user,
      groups: groupsOf[name] ?? [],
    };
  }
  return out;
}
