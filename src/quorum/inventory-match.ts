// Ties etcd members to inventory hosts. etcd names a member by whatever ETCD_NAME said and reaches
// it by URL; the inventory names hosts its own way (master-0.example.com, with openshift_ip,
// etcd_ip, ansible_host). A member is a host when any of these agree. Pure.
import type { Inventory } from '../inventory/types.js';
import type { MemberState } from './etcd-json.js';
import { urlHost } from './etcd-json.js';

const IDENTITY_VARS = ['openshift_ip', 'etcd_ip', 'openshift_hostname', 'etcd_hostname', 'openshift_public_ip', 'openshift_public_hostname'];

/** Every name or address the inventory knows a host by, lower-cased. */
export function hostIdentities(inventory: Inventory, name: string): string[] {
  const h = Object.hasOwn(inventory.hosts, name) ? inventory.hosts[name] : undefined;
  const ids = [name];
  if (h) {
    if (h.address) ids.push(h.address);
    for (const v of IDENTITY_VARS) if (typeof h.vars[v] === 'string' && h.vars[v] !== '') ids.push(h.vars[v] as string);
  }
  return [...new Set(ids.map((s) => s.toLowerCase()))];
}

function memberIdentities(m: MemberState): string[] {
  const hosts = [...m.peerURLs, ...m.clientURLs].map(urlHost).filter((h): h is string => Boolean(h));
  return [...new Set([m.name.toLowerCase(), ...hosts].filter(Boolean))];
}

/** The inventory host a member runs on, preferring hosts of the `etcd` group; undefined if none. */
export function inventoryHostOf(m: MemberState, inventory: Inventory): string | undefined {
  const mine = new Set(memberIdentities(m));
  const etcd = inventory.groups.etcd ?? [];
  const order = [...etcd, ...Object.keys(inventory.hosts).filter((h) => !etcd.includes(h))];
  return order.find((h) => hostIdentities(inventory, h).some((id) => mine.has(id)));
}

/** The address other hosts list a host by: openshift_ip, else etcd_ip, else ansible_host, else the name. */
export function hostAddress(inventory: Inventory, name: string): string {
  const h = Object.hasOwn(inventory.hosts, name) ? inventory.hosts[name] : undefined;
  const v = (k: string) => (typeof h?.vars[k] === 'string' && h.vars[k] !== '' ? (h.vars[k] as string) : undefined);
  return v('openshift_ip') ?? v('etcd_ip') ?? h?.address ?? name;
}
