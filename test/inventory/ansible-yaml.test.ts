// Ansible YAML semantics beyond the golden file.
import { describe, expect, it } from 'vitest';
import { parseAnsibleYaml } from '../../src/inventory/ansible-yaml.js';

const parse = (text: string) => {
  const r = parseAnsibleYaml(text, 'inv.yml');
  expect(r.diagnostics).toEqual([]);
  return r.inventory;
};

describe('parseAnsibleYaml', () => {
  it('takes any top-level group, not only all, and merges a group defined in two places', () => {
    const inv = parse('OSEv3:\n  children:\n    masters:\n    etcd:\nmasters:\n  hosts:\n    m0:\netcd:\n  hosts: m0\n');
    expect(inv.groups).toEqual({ all: ['m0'], ungrouped: [], OSEv3: ['m0'], masters: ['m0'], etcd: ['m0'] });
  });

  it('reads YAML 1.1 booleans as Ansible (PyYAML) does, and host:port keys', () => {
    const inv = parse('all:\n  hosts:\n    "h:2222":\n      ansible_become: yes\n      flag: off\n');
    expect(inv.hosts.h).toEqual({ name: 'h', port: 2222, become: true, vars: { ansible_port: 2222, ansible_become: true, flag: false } });
  });

  it('lets a child group override its parent, and the host override both', () => {
    const text = 'all:\n  vars: { x: all, y: all, z: all }\n  children:\n    p:\n      vars: { y: p, z: p }\n      children:\n        c:\n          vars: { z: c }\n          hosts:\n            h: { w: host }\n';
    expect(parse(text).hosts.h.vars).toEqual({ x: 'all', y: 'p', z: 'c', w: 'host' });
  });

  it('reports a cycle made with aliases instead of recursing forever', () => {
    const r = parseAnsibleYaml('a:\n  children:\n    b:\n      children:\n        a:\n          hosts: { h: }\n', 'inv.yml');
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['5:9 group children form a cycle: a → b → a']);
  });

  it('treats an empty file as an empty inventory', () => {
    expect(parse('# nothing yet\n')).toEqual({ source: 'inv.yml', hosts: {}, groups: { all: [], ungrouped: [] } });
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseAnsibleYaml('all:\n  hosts:\n    m0: {\n', 'inv.yml');
    expect(r.diagnostics[0]).toMatchObject({ file: 'inv.yml', line: expect.any(Number), col: expect.any(Number) });
  });
});
