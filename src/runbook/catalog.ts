// Finds runbooks: the built-in catalogue shipped in <package root>/runbooks/, files named on the
// command line, and the targets of `include:`. Small, synchronous I/O at the edge of the loader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, InputError } from '../errors.js';
import { parseRunbook } from './load.js';
import type { ParamSpec } from './schema.js';
import { suggest } from './suggest.js';

// Two levels up from both src/runbook (vitest) and dist/runbook (built CLI).
export function builtinRunbooksDir(): string {
  return fileURLToPath(new URL('../../runbooks/', import.meta.url));
}

export interface BuiltinRunbook {
  name: string;
  title?: string;
  source?: string;
  file: string;
  params: Record<string, ParamSpec>;
  /** What one failed host does to the others when this runbook runs on its own. */
  hostFailure?: { onHostFailure: 'stop-all' | 'continue-others'; maxFailed?: number | string };
  /** Set when the file does not load; the catalogue still lists it so the problem is visible. */
  error?: string;
}

const isYaml = (f: string): boolean => /\.ya?ml$/.test(f);
const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const looksLikePath = (ref: string): boolean => isYaml(ref) || ref.includes('/') || ref.includes(sep);

function builtinNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(isYaml).map((f) => basename(f, extname(f))).sort();
}

// `opsctl run <ref>`: a file path (relative to cwd) or the name of a built-in runbook.
export function resolveRunbookRef(ref: string, cwd: string, builtins: string = builtinRunbooksDir()): string {
  const asFile = resolve(cwd, ref);
  if (looksLikePath(ref) || isFile(asFile)) {
    if (isFile(asFile)) return asFile;
    throw new InputError([{ file: ref, message: 'runbook file not found', hint: `no such file: ${asFile}` }]);
  }
  for (const ext of ['.yaml', '.yml']) if (isFile(join(builtins, ref + ext))) return join(builtins, ref + ext);
  const names = builtinNames(builtins);
  const close = suggest(ref, names);
  const listed = names.length ? `built-in runbooks: ${names.join(', ')}` : 'no built-in runbooks are installed';
  throw new InputError([{ message: `unknown runbook "${ref}"`, hint: close ? `did you mean "${close}"? ${listed}` : listed }]);
}

// `include: { runbook: ref }`: paths resolve against the including file's directory, and a bare
// name prefers a sibling `<ref>.yaml` there before the built-in catalogue.
export function resolveIncludeRef(ref: string, fromFile: string, builtins: string = builtinRunbooksDir()): string {
  const dir = dirname(fromFile);
  if (!looksLikePath(ref)) {
    for (const ext of ['.yaml', '.yml']) if (isFile(join(dir, ref + ext))) return join(dir, ref + ext);
  }
  try {
    return resolveRunbookRef(ref, dir, builtins);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.diagnostics.map((d) => ({ ...d, message: `${d.message} (included from ${fromFile})` })));
    throw e;
  }
}

// `opsctl runbooks`: every built-in, with its params; broken files are listed with their error.
export function listBuiltinRunbooks(dir: string = builtinRunbooksDir()): BuiltinRunbook[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(isYaml).sort().map((f) => describeBuiltin(join(dir, f)));
}

/** One runbook file as the catalogue lists it (also what the build's catalogue index records). */
export function describeBuiltin(file: string): BuiltinRunbook {
  const name = basename(file, extname(file));
  const { runbook, diagnostics } = parseRunbook(readFileSync(file, 'utf8'), file);
  if (!runbook) {
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    return { name, file, params: {}, error: `${diagnostics[0] ? formatDiagnostic(diagnostics[0]) : 'does not load'}${more}` };
  }
  const { title, source } = runbook.metadata;
  const mismatch = runbook.metadata.name !== name ? `metadata.name "${runbook.metadata.name}" does not match the file name` : undefined;
  const onHostFailure = runbook.onHostFailure ?? (runbook.maxFailed !== undefined ? 'continue-others' : 'stop-all');
  const hostFailure = { onHostFailure, ...(runbook.maxFailed !== undefined ? { maxFailed: runbook.maxFailed } : {}) };
  return { name, title, source, file, params: runbook.params, hostFailure, ...(mismatch ? { error: mismatch } : {}) };
}
