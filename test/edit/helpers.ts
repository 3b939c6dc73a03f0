// Shared by the edit tests: fixture files, and a check that an edit is idempotent.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { EditResult } from '../../src/edit/lines.js';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
export const inventoryFixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/inventories/${name}`, import.meta.url), 'utf8');

export const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

// Applying the same edit to its own output changes nothing and says why.
export function expectIdempotent(edit: (text: string) => EditResult, first: EditResult): string[] {
  const again = edit(first.text);
  expect(again.text).toBe(first.text);
  expect(again.changed).toBe(false);
  expect(again.notes.length).toBeGreaterThan(0);
  return again.notes;
}
