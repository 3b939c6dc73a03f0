import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/edit/diff.js';
import { removeHostFromGroups } from '../../src/edit/ini-groups.js';
import { parseAnsibleIni } from '../../src/inventory/ini.js';
import { crlf, expectIdempotent, inventoryFixture } from './helpers.js';

const hosts = inventoryFixture('ocp311-hosts.ini');
const MASTER2_NODE = "master-2.example.com ansible_host=10.0.0.12 openshift_node_group_name='node-config-master'";

describe('removeHostFromGroups (OCP 3.11 5.2.1.3 step 5, 5.2.1.4 step 3)', () => {
  it('removes the host from [masters], [nodes] and [etcd], expanding ranges, and nothing else', () => {
    const r = removeHostFromGroups(hosts, 'master-2.example.com', ['masters', 'nodes', 'etcd']);
    const twoMasters = 'master-0.example.com\nmaster-1.example.com\n';
    expect(r.text).toBe(
      hosts
        .replace('[masters]\nmaster-[0:2].example.com\n', `[masters]\n${twoMasters}`)
        .replace('[etcd]\nmaster-[0:2].example.com\n', `[etcd]\n${twoMasters}`)
        .replace(`${MASTER2_NODE}\n`, ''),
    );
    expect(r.notes).toEqual([
      'expanded master-[0:2].example.com in [masters] (line 21) into 2 lines without master-2.example.com',
      'expanded master-[0:2].example.com in [etcd] (line 24) into 2 lines without master-2.example.com',
      'removed master-2.example.com from [nodes] (line 34)',
    ]);
    expect(unifiedDiff(hosts, r.text, { oldLabel: '/etc/ansible/hosts', newLabel: '/etc/ansible/hosts' })).toBe(
      [
        '--- /etc/ansible/hosts',
        '+++ /etc/ansible/hosts',
        '@@ -18,10 +18,12 @@',
        " ansible_ssh_common_args='-o ProxyJump=bastion.example.com'",
        ' ',
        ' [masters]',
        '-master-[0:2].example.com',
        '+master-0.example.com',
        '+master-1.example.com',
        ' ',
        ' [etcd]',
        '-master-[0:2].example.com',
        '+master-0.example.com',
        '+master-1.example.com',
        ' ',
        ' # host group for the load balancer',
        ' [lb]',
        '@@ -31,7 +33,6 @@',
        ' [nodes]',
        " master-0.example.com ansible_host=10.0.0.10 openshift_node_group_name='node-config-master'",
        " master-1.example.com ansible_host=10.0.0.11 openshift_node_group_name='node-config-master'",
        `-${MASTER2_NODE}`,
        " infra-node-[0:1].example.com openshift_node_group_name='node-config-infra'",
        " node[01:02].example.com openshift_node_group_name='node-config-compute' ansible_port=2222",
        ' node01.example.com ansible_become=yes ansible_user=cloud-user ansible_ssh_private_key_file=~/.ssh/ocp_ed25519   # per-host override',
        '',
      ].join('\n'),
    );
    const after = parseAnsibleIni(r.text, 'hosts').inventory;
    expect(after.groups.etcd).toEqual(['master-0.example.com', 'master-1.example.com']);
    expect(after.groups.all).not.toContain('master-2.example.com');
    const notes = expectIdempotent((t) => removeHostFromGroups(t, 'master-2.example.com', ['masters', 'nodes', 'etcd']), r);
    expect(notes).toEqual([
      'master-2.example.com is not in [masters]',
      'master-2.example.com is not in [nodes]',
      'master-2.example.com is not in [etcd]',
    ]);
  });

  it('only touches the named sections', () => {
    const r = removeHostFromGroups(hosts, 'master-2.example.com', ['etcd', 'glusterfs']);
    expect(r.text).toBe(hosts.replace('[etcd]\nmaster-[0:2].example.com\n', '[etcd]\nmaster-0.example.com\nmaster-1.example.com\n'));
    expect(r.notes[1]).toBe('there is no [glusterfs] section');
  });

  it('keeps CRLF, vars and ports on expanded lines, and comments', () => {
    const text = crlf('[etcd]\n# etcd members\nm[1:3]:2379 a=1\n[etcd:vars]\nm2=x\n');
    const r = removeHostFromGroups(text, 'm2', ['etcd']);
    expect(r.text).toBe(crlf('[etcd]\n# etcd members\nm1:2379 a=1\nm3:2379 a=1\n[etcd:vars]\nm2=x\n'));
  });

  it('removes host lines with a port or vars, and a last line without newline', () => {
    expect(removeHostFromGroups('[g]\nh1\nh2:2222 x=1', 'h2', ['g']).text).toBe('[g]\nh1\n');
    expect(removeHostFromGroups('[g]\nh[1:2]', 'h1', ['g']).text).toBe('[g]\nh2');
    expect(removeHostFromGroups('h1\n[g]\nh1\n', 'h1', ['ungrouped']).text).toBe('[g]\nh1\n');
  });
});
