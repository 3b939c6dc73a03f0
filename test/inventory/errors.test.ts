// Malformed inventories: every problem is reported with the line:col an operator must look at.
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/parse.js';

const OPSCTL = 'apiVersion: opsctl/v1\nkind: Inventory\n';

// [name, file, text, line, col, message]
const cases: Array<[string, string, string, number, number, string]> = [
  ['unclosed section bracket', 'hosts', '# inventory\n[masters\nmaster-0\n', 2, 1, 'unclosed "[" in section header "[masters"'],
  ['range with start > end', 'hosts', '[masters]\nmaster-[2:0].example.com\n', 2, 8, 'bad host range "[2:0]": start 2 is greater than end 0'],
  ['zero-padded range of unequal width', 'hosts', '[nodes]\n  node[01:9]\n', 2, 7, 'bad host range "[01:9]": zero-padded start and end must have the same number of digits'],
  ['range mixing letters and digits', 'hosts', '[nodes]\nnode[a:3]\n', 2, 5, 'bad host range "[a:3]": start and end must both be numbers or both single letters of the same case'],
  ['unknown section suffix', 'hosts', '[OSEv3:kids]\nmasters\n', 1, 8, 'unknown section type ":kids" in "[OSEv3:kids]"'],
  ['child group never defined', 'hosts', '[OSEv3:children]\nmasters\nlb\n\n[masters]\nm0\n', 3, 1, '[OSEv3:children] names group "lb", which is never defined'],
  ['vars for a group never defined', 'hosts', '[maters:vars]\nx=1\n[masters]\nm\n', 1, 1, '[maters:vars] is for group "maters", which is never defined'],
  ['host var without =', 'hosts', '[masters]\nmaster-0 ansible_host\n', 2, 10, 'expected key=value host variable, found "ansible_host"'],
  ['group var without =', 'hosts', '[OSEv3:children]\n[OSEv3:vars]\nansible_ssh_user\n', 3, 1, 'expected key=value in [OSEv3:vars], found "ansible_ssh_user"'],
  ['cyclic children', 'hosts', '[a:children]\nb\n[b:children]\na\n', 4, 1, 'group children form a cycle: a → b → a'],
  ['unclosed quote in host vars', 'hosts', "[masters]\nmaster-0 ansible_host='10.0.0.1\n", 2, 23, 'unclosed single quote'],
  ['port that is not a number', 'hosts', '[masters]\nmaster-0 ansible_port=ssh\n', 2, 10, 'ansible_port must be a port number (1-65535), found "ssh"'],
  ['become that is not a boolean', 'hosts', '[all:vars]\nansible_become=maybe\n[masters]\nm0\nm1\n', 2, 1, 'ansible_become must be a boolean (true/false, yes/no), found "maybe"'],
  ['space in a group name', 'hosts', '[my group]\nm\n', 1, 2, 'invalid group name "my group" in "[my group]"'],
  ['YAML: unknown key in a group', 'inv.yml', 'all:\n  hosts:\n    m0:\n  childs:\n    x: {}\n', 4, 3, 'unknown key "childs" in group "all"'],
  ['YAML: hosts as a list', 'inv.yml', 'all:\n  hosts: [m0, m1]\n', 2, 10, 'hosts must be a mapping'],
  ['YAML: bad range', 'inv.yml', 'all:\n  children:\n    masters:\n      hosts:\n        master-[3:1]:\n', 5, 16, 'bad host range "[3:1]": start 3 is greater than end 1'],
  ['YAML: top level is a list', 'inv.yml', '- a\n- b\n', 1, 1, 'expected a mapping of group names at the top level (e.g. "all:")'],
  ['opsctl: misspelt field', 'inv.yaml', `${OPSCTL}hosts:\n  m0: { adress: 10.0.0.1 }\n`, 4, 9, 'unknown field "adress"'],
  ['opsctl: wrong apiVersion', 'inv.yaml', 'apiVersion: opsctl/v2\nkind: Inventory\n', 1, 13, 'expected "opsctl/v1", found "opsctl/v2"'],
  ['opsctl: port as a string', 'inv.yaml', `${OPSCTL}hosts:\n  m0: { port: "22" }\n`, 4, 15, 'expected number, found "22"'],
  ['opsctl: group lists an unknown host', 'inv.yaml', `${OPSCTL}hosts:\n  m0:\ngroups:\n  lb: [lb-0]\n`, 6, 8, 'group "lb" lists host "lb-0", which is not under hosts:'],
  ['opsctl: cyclic children', 'inv.yaml', `${OPSCTL}hosts:\n  m0:\ngroups:\n  a: { children: [b] }\n  b: { children: [a] }\n`, 7, 19, 'group children form a cycle: a → b → a'],
];

describe('malformed inventories', () => {
  it.each(cases)('%s', (_name, file, text, line, col, message) => {
    const { diagnostics } = parseInventory(text, file);
    expect(diagnostics.map(({ line, col, message }) => ({ line, col, message }))).toEqual([{ line, col, message }]);
    expect(diagnostics[0].file).toBe(file);
  });

  it('reports every problem, not only the first', () => {
    const text = '[masters\nm0\n[nodes]\nn[5:1]\nn0 port\n[x:y]\n';
    expect(parseInventory(text, 'hosts').diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['1:1', '4:2', '5:4', '6:4']);
  });

  it('a missing opsctl field is reported at the document with its name', () => {
    const { diagnostics } = parseInventory('kind: Inventory\n', 'inv.yaml');
    expect(diagnostics).toMatchObject([{ line: 1, col: 1, path: 'apiVersion', message: 'missing required field "apiVersion"' }]);
  });

  it('a bad group var is reported once, not once per host', () => {
    const { diagnostics } = parseInventory('[g]\na\nb\nc\n[g:vars]\nansible_port=x\n', 'hosts');
    expect(diagnostics).toHaveLength(1);
  });
});
