// parseRunbook: runbook text → typed Runbook plus every problem found, each with file:line:col.
// YAML errors, schema errors and cross-step checks are all collected, so a file with five mistakes
// reports five. Pure: the caller reads the file (load-file.ts).
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { checkSteps, type Locator } from './checks.js';
import { checkTemplates } from './template-checks.js';
import { locateInScalar } from './scalar-offset.js';
import { checkStatic } from './static-checks.js';
import { zodDiagnostics } from './issues.js';
import { runbookSchema, type Runbook } from './schema.js';
import { duplicateKeyDiagnostics, isRecoverable, yamlDiagnostics } from './yaml-errors.js';
import { findCyclicAliases, findDeepNesting, MAX_YAML_DEPTH } from './yaml-bounds.js';
import { locateKey, locateValue, type FieldPath, type Position } from './yaml-locate.js';

export interface ParsedRunbook {
  /** Set only when there are no diagnostics. */
  runbook?: Runbook;
  /** The runbook as the schema read it, even when later checks found problems (validate goes on with it). */
  shaped?: Runbook;
  digest: string;
  diagnostics: Diagnostic[];
  /** Source position of a field path (for later stages' diagnostics, e.g. the plan compiler). */
  locate: (path: FieldPath) => Position | undefined;
}

// The content hash resume compares, so a run is never continued against an edited runbook.
export function digestText(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function parseRunbook(text: string, file: string): ParsedRunbook {
  const digest = digestText(text);
  const locateNone = () => undefined;
  const deep = findDeepNesting(text);
  if (deep) {
    const message = `the YAML nests more than ${MAX_YAML_DEPTH} levels deep`;
    return { digest, diagnostics: [{ file, ...deep, message, hint: 'a runbook never needs that; check the indentation and brackets here' }], locate: locateNone };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: true, logLevel: 'error' });
  const locator: Locator = {
    value: (path) => locateValue(doc, lines, path),
    key: (path, key) => locateKey(doc, lines, path, key),
  };
  const locate = (path: FieldPath): Position | undefined => {
    const at = locateValue(doc, lines, path);
    return at.exists ? { line: at.line, col: at.col } : undefined;
  };
  const diagnostics = [...yamlDiagnostics(doc, lines, file), ...duplicateKeyDiagnostics(doc, lines, file)];
  if (!doc.errors.every(isRecoverable)) return { digest, diagnostics: sortDiagnostics(diagnostics), locate };
  const cyclic = findCyclicAliases(doc, lines, file);
  if (cyclic.length) return { digest, diagnostics: cyclic, locate };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    diagnostics.push({ file, line: 1, col: 1, message: `cannot read the YAML: ${(e as Error).message}` });
    return { digest, diagnostics, locate };
  }
  if (data === null || data === undefined) {
    diagnostics.push({ file, line: 1, col: 1, message: 'the file is empty', hint: 'a runbook starts with apiVersion: opsctl/v1 and kind: Runbook' });
    return { digest, diagnostics, locate };
  }
  const result = runbookSchema.safeParse(data);
  const ctx = { file, text, doc, lines, data };
  if (!result.success) diagnostics.push(...zodDiagnostics(result.error.issues, ctx));
  diagnostics.push(...checkSteps(data, file, locator));
  const locateAt = (path: FieldPath, offset: number) => locateInScalar(doc, lines, text, path, offset) ?? locate(path);
  diagnostics.push(...checkTemplates(data, file, locateAt));
  if (result.success) diagnostics.push(...checkStatic(result.data, data as Record<string, unknown>, file, locateAt));
  const runbook = diagnostics.length === 0 && result.success ? result.data : undefined;
  return { runbook, shaped: result.success ? result.data : undefined, digest, diagnostics: sortDiagnostics(diagnostics), locate };
}

// Source order, so the operator fixes the file top to bottom; ties keep the order they were found.
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
