// What the topology domain commands derive from the inventory before compiling: the values a
// dry-run shows (address, where oc/etcdctl run, the inventory path, the quorum preview), and the
// bad inputs they refuse early (exit 2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/parse.js';
import { InputError } from '../../src/errors.js';
import { deriveAddMember, deriveDecommission, deriveRemoveMember, removalPreview } from '../../src/quorum/domain-params.js';
import { hostAddress, inventoryHostOf } from '../../src/quorum/inventory-match.js';

const LAB = `[OSEv3:children]
masters
nodes
etcd
lb

[masters]
master-0 ansible_host=127.0.10.10 openshift_ip=127.0.10.10
master-1 ansible_host=127.0.10.11 openshift_ip=127.0.10.11
master-2 ansible_host=127.0.10.12 openshift_ip=127.0.10.12

[etcd]
master-0 etcd_ip=127.0.10.10
master-1 etcd_ip=127.0.10.11
master-2 etcd_ip=127.0.10.12

[lb]
lb-0 ansible_host=127.0.10.13

[nodes]
master-[0:2]
`;
const lab = { path: '/ops/hosts.ini', inventory: parseInventory(LAB, 'hosts.ini').inventory };
const fixture = join(import.meta.dirname, '../../fixtures/inventories/ocp311-hosts.ini');
const ocp = { path: fixture, inventory: parseInventory(readFileSync(fixture, 'utf8'), fixture).inventory };

describe('deriveDecommission', () => {
  it('fills address, oc and etcdctl hosts, the load balancer group, the inventory path and the quorum preview', () => {
    expect(deriveDecommission({ host: 'master-2' }, lab)).toEqual({
      inventoryFile: '/ops/hosts.ini',
      hostIp: '127.0.10.12',
      apiHost: 'master-0',
      etcdVia: 'master-0',
      lb: 'lb',
      quorumPreview: 'inventory [etcd]: 3 → 2 (master-0, master-1): quorum ⌊2/2⌋+1 = 2, tolerates 0 failures; even — refused without --even-plan',
    });
    expect(deriveDecommission({ host: 'master-0', evenPlan: 'add master-3' }, lab)).toMatchObject({
      apiHost: 'master-1',
      etcdVia: 'master-1',
      quorumPreview: expect.stringMatching(/even — accepted with the plan "add master-3"$/),
    });
  });

  it('uses the address other hosts know (ansible_host of the OCP fixture, names with dots)', () => {
    expect(deriveDecommission({ host: 'master-1.example.com' }, ocp)).toMatchObject({ hostIp: '10.0.0.11', apiHost: 'master-0.example.com', lb: 'lb' });
  });

  it('refuses (exit 2) without an inventory, a host outside [masters], or the only master', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InputError ? e.message : String(e);
      }
      return 'no error';
    };
    expect(code(() => deriveDecommission({ host: 'master-2' }, { inventory: lab.inventory }))).toMatch(/needs the Ansible inventory: pass it with -i/);
    expect(code(() => deriveDecommission({ host: 'lb-0' }, lab))).toMatch(/lb-0 is not in \[masters\] of \/ops\/hosts.ini/);
    const one = { path: '/x', inventory: parseInventory('[masters]\nm0\n', 'x.ini').inventory };
    expect(code(() => deriveDecommission({ host: 'm0' }, one))).toMatch(/only master/);
  });
});

describe('deriveRemoveMember / deriveAddMember', () => {
  it('picks a member that stays to run etcdctl on, and knows the member host when named', () => {
    expect(deriveRemoveMember({ member: 'master-0' }, lab)).toMatchObject({ via: 'master-1', memberHost: 'master-0', inventoryFile: '/ops/hosts.ini' });
    expect(deriveRemoveMember({ member: '127.0.10.12' }, lab)).toMatchObject({ via: 'master-0', memberHost: 'master-2' });
    const byId = deriveRemoveMember({ member: '25b9ce5fcf5b72b9', via: 'master-1' }, lab);
    expect(byId).toEqual({ inventoryFile: '/ops/hosts.ini', quorumPreview: '[etcd] lists 3 members; the member to remove is matched on the live member list' });
    expect(deriveAddMember({ host: 'master-0,master-1' }, lab)).toEqual({ via: 'master-2' });
    expect(deriveAddMember({ host: 'master-1', via: 'master-2' }, lab)).toEqual({});
  });

  it('previews odd, even and two-member removals', () => {
    expect(removalPreview(['a', 'b', 'c', 'd'], 'd', false)).toBe('inventory [etcd]: 4 → 3 (a, b, c): quorum ⌊3/2⌋+1 = 2, tolerates 1 failure; odd, fine');
    expect(removalPreview(['a', 'b', 'c'], 'c', true)).toMatch(/even — accepted \(--allow-even\)$/);
    expect(removalPreview(['a', 'b'], 'b', true)).toBe('inventory [etcd]: 2 → 1 (a): refused — removing a member of a two-member cluster is unsafe');
  });
});

describe('inventory matching', () => {
  it('ties a member to its host by name or by the address in its URLs', () => {
    const m = { id: '1', name: 'etcd-b', peerURLs: ['https://127.0.10.11:2380'], clientURLs: [], learner: false, healthy: true, leader: false };
    expect(inventoryHostOf(m, lab.inventory)).toBe('master-1');
    expect(inventoryHostOf({ ...m, peerURLs: ['https://10.9.9.9:2380'] }, lab.inventory)).toBeUndefined();
    expect(hostAddress(lab.inventory, 'lb-0')).toBe('127.0.10.13');
  });
});
