// YAML syntax errors and warnings as diagnostics with line:col and a hint an operator can act on.
// The parser cascades after a syntax error, so only the first error on a line is kept. Pure.
import { isMap, visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { keyText } from './yaml-locate.js';

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MULTIPLE_DOCS: 'a runbook file holds one document; remove the extra "---"',
  BLOCK_AS_IMPLICIT_KEY: 'quote a value that contains ": "',
  BAD_INDENT: 'check the indentation of this line and the one above',
  MISSING_CHAR: 'close the quote or bracket',
  TAG_RESOLVE_FAILED: 'remove the "!" tag or quote the value',
};

// Errors that leave a well-formed tree behind, so the schema can still check the rest of the file.
export const isRecoverable = (e: YAMLError): boolean => e.code === 'DUPLICATE_KEY';

export function yamlDiagnostics(doc: Document, lines: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seenLines = new Set<number>();
  for (const e of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lines.linePos(e.pos[0]);
    if (e.code !== 'DUPLICATE_KEY' && seenLines.has(line)) continue;
    seenLines.add(line);
    const hint = e.code === 'DUPLICATE_KEY' ? duplicateKeyHint(doc, lines, e.pos[0]) : HINTS[e.code];
    out.push({ file, line, col, message: e.name === 'YAMLWarning' ? `warning: ${e.message}` : e.message, hint });
  }
  return out;
}

// Repeated keys, found in one pass with a set per mapping: the yaml library's own check
// (uniqueKeys) compares every key with every other, minutes for a mapping of 50k keys.
export function duplicateKeyDiagnostics(doc: Document, lines: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const first = new Map<string, number>();
      for (const p of map.items) {
        const name = keyText(p.key);
        const at = (p.key as { range?: number[] } | null)?.range?.[0] ?? 0;
        const earlier = first.get(name);
        if (earlier === undefined) first.set(name, at);
        else out.push({ file, ...lines.linePos(at), message: 'Map keys must be unique', hint: `each key may appear once in a mapping; it is first set at line ${lines.linePos(earlier).line}` });
      }
    },
  });
  return out;
}

// "first set at line N": find the mapping holding the repeated key and its earlier twin.
function duplicateKeyHint(doc: Document, lines: LineCounter, offset: number): string {
  let first: number | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const dup = map.items.find((p) => (p.key as { range?: number[] } | null)?.range?.[0] === offset);
      if (!dup) return;
      const twin = map.items.find((p) => p !== dup && keyText(p.key) === keyText(dup.key));
      const start = (twin?.key as { range?: number[] } | null)?.range?.[0];
      if (start !== undefined) first = lines.linePos(start).line;
      return visit.BREAK;
    },
  });
  return first ? `each key may appear once in a mapping; it is first set at line ${first}` : 'each key may appear once in a mapping';
}
