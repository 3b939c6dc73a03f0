// The examples in docs/inventory.md parse without errors, so the docs cannot drift from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/parse.js';

const doc = readFileSync(new URL('../../docs/inventory.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```(ini|yaml)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));

describe('docs/inventory.md examples', () => {
  it('has an INI, an Ansible YAML and an opsctl YAML example', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['ini', 'yaml', 'yaml']);
  });

  it.each(blocks.map((b, i) => [i, b] as const))('example %i parses cleanly', (_i, b) => {
    const { inventory, diagnostics } = parseInventory(b.text, b.lang === 'ini' ? 'hosts' : 'inventory.yaml');
    expect(diagnostics).toEqual([]);
    expect(inventory.groups.all.length).toBeGreaterThan(0);
  });
});
