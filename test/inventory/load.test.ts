// loadInventory against real files in a temp dir: format detection, and errors as InputError.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../src/errors.js';
import { loadInventory } from '../../src/inventory/load.js';
import { detectInventoryFormat } from '../../src/inventory/parse.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-inv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const thrown = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
};

describe('loadInventory', () => {
  it('reads an INI file without extension, like /etc/ansible/hosts', () => {
    const inv = loadInventory(write('hosts', '[masters]\nmaster-[0:1]\n'));
    expect(inv.groups.masters).toEqual(['master-0', 'master-1']);
    expect(inv.source).toBe(join(dir, 'hosts'));
  });

  it('reads Ansible YAML and opsctl YAML, by content when the name says nothing', () => {
    expect(loadInventory(write('k8s', 'all:\n  hosts:\n    cp-1:\n')).groups.all).toEqual(['cp-1']);
    const inv = loadInventory(write('lab.yml', 'apiVersion: opsctl/v1\nkind: Inventory\nhosts:\n  m0: { address: 10.0.0.1 }\n'));
    expect(inv.hosts.m0.address).toBe('10.0.0.1');
  });

  it('throws InputError (exit 2) with every diagnostic when the file is malformed', () => {
    const e = thrown(() => loadInventory(write('bad.ini', '[masters\n[nodes]\nn[3:1]\n')));
    expect(e.exitCode).toBe(ExitCode.badInput);
    expect(e.diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['1:1', '3:2']);
    expect(e.message).toContain(`${join(dir, 'bad.ini')}:1:1`);
  });

  it('says how to fix a missing file; an opsctl inventory does not mix with other sources', () => {
    const missing = thrown(() => loadInventory(join(dir, 'nope')));
    expect(missing.diagnostics).toMatchObject([{ file: join(dir, 'nope'), message: 'inventory file not found' }]);
    expect(missing.diagnostics[0].hint).toContain('--inventory');
    expect(thrown(() => loadInventory(dir)).diagnostics[0].message).toBe('an opsctl inventory cannot be combined with other inventory sources');
  });
});

describe('detectInventoryFormat', () => {
  it.each([
    ['hosts', '[masters]\nm0\n', 'ini'],
    ['hosts', 'm0 ansible_host=10.0.0.1\n', 'ini'],
    ['inventory.ini', 'all:\n  hosts: {}\n', 'ini'],
    ['hosts', 'all:\n  hosts: {}\n', 'ansible-yaml'],
    ['hosts.yaml', '', 'ansible-yaml'],
    ['inv.yml', 'kind: Inventory\n', 'opsctl-yaml'],
    ['inv.yml', 'apiVersion: opsctl/v1\nhosts: {}\n', 'opsctl-yaml'],
    ['inventory', 'apiVersion: opsctl/v1\nkind: Inventory\n', 'opsctl-yaml'],
  ])('%s %j → %s', (path, text, format) => expect(detectInventoryFormat(path, text)).toBe(format));
});
