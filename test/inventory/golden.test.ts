// Golden tests: each fixture inventory parses to exactly the hand-written expected JSON.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectInventoryFormat, parseInventory } from '../../src/inventory/parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/inventories/${name}`, import.meta.url), 'utf8');

const cases = [
  { file: 'ocp311-hosts.ini', expected: 'ocp311-hosts.expected.json', format: 'ini' },
  { file: 'kubeadm-hosts.yml', expected: 'kubeadm-hosts.expected.json', format: 'ansible-yaml' },
  { file: 'opsctl-lab.yaml', expected: 'opsctl-lab.expected.json', format: 'opsctl-yaml' },
] as const;

describe('inventory golden files', () => {
  for (const c of cases) {
    it(`${c.file} parses to ${c.expected}`, () => {
      const path = `fixtures/inventories/${c.file}`;
      const text = fixture(c.file);
      expect(detectInventoryFormat(path, text)).toBe(c.format);
      const { inventory, diagnostics } = parseInventory(text, path);
      expect(diagnostics).toEqual([]);
      // Round-trip through JSON so an `undefined` field in the output counts as a difference.
      expect(JSON.parse(JSON.stringify(inventory))).toStrictEqual(JSON.parse(fixture(c.expected)));
    });
  }

  it('keeps group order and host order as written', () => {
    const { inventory } = parseInventory(fixture('ocp311-hosts.ini'), 'hosts');
    expect(Object.keys(inventory.groups)).toEqual(['all', 'ungrouped', 'OSEv3', 'masters', 'nodes', 'etcd', 'lb']);
  });
});
