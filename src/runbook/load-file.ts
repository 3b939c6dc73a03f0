// Reads a runbook file and parses it; the only place the loader touches the disk. Throws one
// InputError carrying every diagnostic, so the CLI prints them all and exits 2.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseRunbook } from './load.js';
import type { Runbook } from './schema.js';
import type { FieldPath, Position } from './yaml-locate.js';

export interface LoadedRunbookFile {
  runbook: Runbook;
  /** `sha256:<hex>` of the raw text; resume refuses a runbook whose digest changed. */
  digest: string;
  file: string;
  text: string;
  locate: (path: FieldPath) => Position | undefined;
}

// Sync on purpose: the plan compiler loads includes through an injected synchronous reader.
export function loadRunbookFile(path: string): LoadedRunbookFile {
  const text = readRunbookText(path);
  const { runbook, digest, diagnostics, locate } = parseRunbook(text, path);
  if (diagnostics.length > 0 || !runbook) throw new InputError(diagnostics);
  return { runbook, digest, file: path, text, locate };
}

function readRunbookText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    const hint = code === 'EACCES' ? 'check the file permissions' : 'check the path, or run `opsctl runbooks` to list the built-in runbooks';
    throw new InputError([{ file: path, message: `cannot read runbook: ${why}`, hint }], { cause: e });
  }
}
