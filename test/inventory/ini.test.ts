// Ansible INI semantics that the golden file does not pin down on its own.
import { describe, expect, it } from 'vitest';
import { parseAnsibleIni } from '../../src/inventory/ini.js';

const parse = (text: string) => {
  const r = parseAnsibleIni(text, 'hosts');
  expect(r.diagnostics).toEqual([]);
  return r.inventory;
};

describe('parseAnsibleIni', () => {
  it('puts hosts before any section in ungrouped, unless a group claims them later', () => {
    const inv = parse('lonely ansible_host=10.0.0.9\nshared\n[lb]\nshared\n');
    expect(inv.groups).toEqual({ all: ['lonely', 'shared'], ungrouped: ['lonely'], lb: ['shared'] });
    expect(inv.hosts.lonely.address).toBe('10.0.0.9');
  });

  it('expands letter ranges, strides and several ranges in one name', () => {
    const inv = parse('[a]\nrack-[a:c]\n[b]\nn[0:10:5]\n[c]\ndc[1:2]-n[01:02]\n');
    expect(inv.groups.a).toEqual(['rack-a', 'rack-b', 'rack-c']);
    expect(inv.groups.b).toEqual(['n0', 'n5', 'n10']);
    expect(inv.groups.c).toEqual(['dc1-n01', 'dc1-n02', 'dc2-n01', 'dc2-n02']);
  });

  it('reads host:port and applies a range line\'s vars to every host of the range', () => {
    const inv = parse('[nodes]\nnode[1:2].example.com:2200 zone=east\n');
    expect(inv.hosts['node2.example.com']).toMatchObject({ port: 2200, vars: { ansible_port: 2200, zone: 'east' } });
  });

  it('merges host vars given on different group lines; the later line wins a conflict', () => {
    const inv = parse('[masters]\nm0 ansible_host=10.0.0.1 a=1\n[nodes]\nm0 ansible_host=10.0.0.2 b=2\n');
    expect(inv.hosts.m0).toMatchObject({ address: '10.0.0.2', vars: { ansible_host: '10.0.0.2', a: 1, b: 2 } });
  });

  it('ranks vars: all < parent group < child group < host', () => {
    const text = [
      '[all:vars]', 'v=all', 'w=all', 'x=all', 'y=all',
      '[parent:children]', 'child',
      '[parent:vars]', 'w=parent', 'x=parent', 'y=parent',
      '[child]', 'h y=host',
      '[child:vars]', 'x=child', 'y=child',
      // zeta and alpha are both depth 1: ties go by name, so zeta (later) wins.
      '[alpha]', 'h', '[alpha:vars]', 'z=alpha', '[zeta]', 'h', '[zeta:vars]', 'z=zeta',
    ].join('\n');
    expect(parse(text).hosts.h.vars).toEqual({ v: 'all', w: 'parent', x: 'child', y: 'host', z: 'zeta' });
  });

  it('types values the way Ansible does (literal_eval after shell-style unquoting)', () => {
    const inv = parse(
      "[g]\nh a='node-config master' b=\"x y\" c=True d=2222 e=yes f=3.11 g=01\n[g:vars]\nq='quoted # not a comment'\nr=[1, 2]\ns=\"\"\n",
    );
    expect(inv.hosts.h.vars).toEqual({
      a: 'node-config master', b: 'x y', c: true, d: 2222, e: 'yes', f: 3.11, g: '01',
      q: 'quoted # not a comment', r: [1, 2], s: '',
    });
  });

  it('maps connection vars, preferring the host-level spelling over a group-level alias', () => {
    const text = [
      '[g]',
      "h1 ansible_ssh_host=10.0.0.1 ansible_ssh_port=2022 ansible_become=True ansible_become_user=admin ansible_private_key_file=/k",
      "h2 ansible_user=cloud-user ansible_become=no ansible_ssh_common_args='-o StrictHostKeyChecking=no -J jump@bastion'",
      "h3 ansible_ssh_extra_args='-oProxyJump=b2'",
      '[g:vars]',
      'ansible_ssh_user=root',
    ].join('\n');
    const { hosts } = parse(text);
    expect(hosts.h1).toMatchObject({ address: '10.0.0.1', port: 2022, user: 'root', become: true, becomeUser: 'admin', identityFile: '/k' });
    expect(hosts.h2).toMatchObject({ user: 'cloud-user', become: false, proxyJump: 'jump@bastion' });
    expect(hosts.h3.proxyJump).toBe('b2');
  });

  it('ignores # and ; comments, inline comments and CRLF line endings', () => {
    const inv = parse('; top\r\n[masters]  # the masters\r\n# m9\r\nm0 a=1 # trailing\r\n[OSEv3:children]\r\nmasters ; inline\r\n');
    expect(inv.groups).toEqual({ all: ['m0'], ungrouped: [], masters: ['m0'], OSEv3: ['m0'] });
    expect(inv.hosts.m0.vars).toEqual({ a: 1 });
  });

  it('flattens nested children breadth-first with each host once', () => {
    const inv = parse('[top:children]\nmid\nleaf2\n[mid:children]\nleaf\n[mid]\nm\n[leaf]\nl\nm\n[leaf2]\nx\n');
    expect(inv.groups.top).toEqual(['m', 'x', 'l']);
  });

  it('accepts a host pattern that starts with a range', () => {
    expect(parse('[g]\n[a:b].example.com\n').groups.g).toEqual(['a.example.com', 'b.example.com']);
  });
});
