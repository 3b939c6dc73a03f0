// `opsctl runbooks` without parsing nine YAML files through yaml and zod on every call: the build
// records what the catalogue says about each shipped runbook, keyed by the file's sha256
// (dist/runbooks-index.json). A file whose content no longer matches (edited in a checkout, or
// not shipped with the build) is loaded for real, so the listing is always what the files say.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltinRunbook } from './catalog.js';

/** One indexed runbook: its file's sha256 and its catalogue entry (without the absolute path). */
export type CatalogIndex = Record<string, { sha256: string; entry: Omit<BuiltinRunbook, 'file'> }>;

// Two levels up from both src/runbook (vitest) and the bundle's dist/chunks.
const INDEX = fileURLToPath(new URL('../../dist/runbooks-index.json', import.meta.url));
const RUNBOOKS = fileURLToPath(new URL('../../runbooks/', import.meta.url));

export const sha256Of = (text: Buffer | string): string => createHash('sha256').update(text).digest('hex');

// The catalogue, from the index where it still matches the files.
export async function listCatalog(dir: string = RUNBOOKS, indexFile: string = INDEX): Promise<BuiltinRunbook[]> {
  if (!existsSync(dir)) return [];
  const index = readIndex(indexFile);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out: BuiltinRunbook[] = [];
  for (const f of files) {
    const file = join(dir, f);
    const hit = index?.[f];
    if (hit && hit.sha256 === sha256Of(readFileSync(file))) out.push({ ...hit.entry, file });
    else out.push((await import('./catalog.js')).describeBuiltin(file));
  }
  return out;
}

function readIndex(file: string): CatalogIndex | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CatalogIndex;
  } catch {
    return undefined;
  }
}
