// The runbook format as a JSON Schema (draft 2020-12), generated from the zod schema so editors
// (yaml-language-server) and other tools check the same rules `opsctl validate` does. Pure.
import { z } from 'zod';
import { runbookSchema } from './schema.js';

/** Where the package ships it; built-in runbooks name it with `# yaml-language-server: $schema=...`. */
export const RUNBOOK_SCHEMA_FILE = 'schema/runbook.schema.json';

type Json = Record<string, unknown>;

// zod sees the `kind` discriminator that the loader injects; a YAML file never carries it, the
// kind key itself (`run:`, `edit:`, ...) tells the branches apart.
export function runbookJsonSchema(): Json {
  const schema = z.toJSONSchema(runbookSchema, { io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' }) as Json;
  const text = JSON.stringify(schema).replaceAll('#/$defs/__schema0', '#/$defs/step');
  const out = JSON.parse(text) as Json & { $defs?: Record<string, Json> };
  const defs = out.$defs ?? {};
  if (defs.__schema0) {
    defs.step = dropKind(defs.__schema0);
    delete defs.__schema0;
  }
  return {
    $schema: out.$schema,
    title: 'opsctl runbook (apiVersion: opsctl/v1)',
    description: 'A declarative, resumable day-2 procedure: params, targets, vars and typed steps. `opsctl validate FILE` checks the same rules and the cross-step ones (unique ids, templates).',
    ...Object.fromEntries(Object.entries(out).filter(([k]) => k !== '$schema')),
  };
}

function dropKind(step: Json): Json {
  const branches = (step.oneOf ?? step.anyOf) as Json[] | undefined;
  if (!branches) return step;
  const cleaned = branches.map((b) => {
    const { kind: _kind, ...properties } = (b.properties ?? {}) as Json;
    return { ...b, properties, required: ((b.required ?? []) as string[]).filter((r) => r !== 'kind') };
  });
  return { ...step, description: 'One step: exactly one of run, copy, fetch, edit, wait, assert, confirm, foreach, include, with the common fields', ...(step.oneOf ? { oneOf: cleaned } : { anyOf: cleaned }) };
}
