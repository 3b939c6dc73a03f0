// The shipped JSON Schema: generated from the zod schema, committed in schema/, named by every
// built-in runbook, and accepted by a real JSON Schema validator (ajv, draft 2020-12) for each.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import { runbookJsonSchema, RUNBOOK_SCHEMA_FILE } from '../../src/runbook/json-schema.js';

const ROOT = join(import.meta.dirname, '../..');
const shipped = JSON.parse(readFileSync(join(ROOT, RUNBOOK_SCHEMA_FILE), 'utf8'));
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
const validate = ajv.compile(shipped);
const runbookFiles = [
  ...readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.yaml')).map((f) => join('runbooks', f)),
  'examples/local-backup.yaml',
];

describe('runbook JSON Schema', () => {
  it('the committed schema is what `opsctl schema runbook` generates (regenerate it after a schema change)', () => {
    // node bin/opsctl.js schema runbook > schema/runbook.schema.json
    expect(shipped).toEqual(runbookJsonSchema());
  });

  it.each(runbookFiles)('%s names the schema and validates against it', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../${RUNBOOK_SCHEMA_FILE}`);
    const ok = validate(parse(text));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects what opsctl rejects: a misspelt field, two kinds in one step, a bad name', () => {
    const base = { apiVersion: 'opsctl/v1', kind: 'Runbook', metadata: { name: 'x' } };
    expect(validate({ ...base, steps: [{ id: 'a', run: 'true' }] })).toBe(true);
    expect(validate({ ...base, steps: [{ id: 'a', run: 'true', timeuot: '5s' }] })).toBe(false);
    expect(validate({ ...base, steps: [{ id: 'a', run: 'true', assert: 'true' }] })).toBe(false);
    expect(validate({ ...base, steps: [{ id: 'a' }] })).toBe(false);
    expect(validate({ ...base, metadata: { name: 'Not Kebab' }, steps: [{ id: 'a', run: 'true' }] })).toBe(false);
    expect(validate({ ...base, steps: [{ id: 'f', foreach: { items: [1], as: 'x', steps: [{ id: 'b', edit: { path: '/x', removeLines: 'y' } }] } }] })).toBe(true);
    expect(validate({ ...base, steps: [{ id: 'f', foreach: { items: [1], as: 'x', steps: [{ id: 'b', edit: { path: '/x', nope: 1 } }] } }] })).toBe(false);
  });
});
