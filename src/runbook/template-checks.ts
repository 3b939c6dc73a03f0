// Template checks at load time, so `opsctl validate` reports with their position, without params
// or an inventory: syntax (unclosed `{{`, unknown filters), values standing where the shell cannot
// keep them literal, result conditions and regexes whose shape is wrong, and NUL bytes.
import type { Diagnostic } from '../errors.js';
import { checkShellTemplate, checkTemplateSyntax, templateShape, type TemplateError } from '../template/index.js';
import { validateRegex } from '../edit/remove-lines.js';
import { parseConditionShape } from './result-condition.js';
import type { FieldPath, Position } from './yaml-locate.js';

const PROSE_KEYS = new Set(['description', 'title', 'source']);

/** Where character `offset` of the string at `path` is, or the field itself when unknown. */
export type LocateAt = (path: FieldPath, offset: number) => Position | undefined;

type Problem = Pick<TemplateError, 'message' | 'offset' | 'hint'>;

export function checkTemplates(data: unknown, file: string, locateAt: LocateAt): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: FieldPath, p: Problem) => {
    const at = locateAt(path, p.offset);
    out.push({ file, line: at?.line, col: at?.col, path: formatPath(path), message: p.message, hint: p.hint });
  };
  const visit = (value: unknown, path: FieldPath) => {
    if (typeof value === 'string') {
      const nul = value.indexOf('\0');
      if (nul >= 0) return report(path, { message: 'contains a NUL byte, which no command, path or value can carry', offset: nul, hint: 'remove the \\0 (or \\x00) escape' });
      const kind = fieldKind(path);
      if (!value.includes('{{') && kind !== 'condition' && kind !== 'result' && kind !== 'pattern') return;
      if (kind === 'condition' && !value.includes('{{') && path.length < 3) return;
      const syntax = checkTemplateSyntax(value, { condition: kind === 'condition' });
      syntax.forEach((e) => report(path, e));
      if (syntax.length) return;
      if (kind === 'shell') checkShellTemplate(value).forEach((e) => report(path, e));
      if (kind === 'result') shapeProblem(() => parseConditionShape(templateShape(value)), path);
      if (kind === 'pattern') {
        const bad = validateRegex(templateShape(value).map((p) => (typeof p === 'number' ? 'x' : p)).join(''));
        if (bad) report(path, { message: `edit.removeLines: ${bad}`, offset: 0 });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (!PROSE_KEYS.has(k) || path.length > 1) visit(v, [...path, k]);
    }
  };
  const shapeProblem = (check: () => unknown, path: FieldPath) => {
    try {
      check();
    } catch (e) {
      report(path, { message: (e as Error).message.replace(/^Invalid regular expression: /, 'invalid regular expression: '), offset: 0 });
    }
  };
  visit(data, []);
  return out;
}

// What language a string field is written in, from where it sits in a step.
function fieldKind(path: FieldPath): 'shell' | 'condition' | 'result' | 'pattern' | 'text' {
  if (path[0] !== 'steps' && path[0] !== 'finally') return 'text';
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  if (key === 'when') return 'condition';
  if (typeof parent === 'number') return key === 'run' || key === 'unless' || key === 'undo' || key === 'assert' ? 'shell' : 'text';
  if (key === 'run' && (parent === 'assert' || parent === 'wait')) return 'shell';
  if ((key === 'until' && parent === 'wait') || (key === 'expect' && parent === 'assert')) return 'result';
  if (key === 'removeLines' && parent === 'edit') return 'pattern';
  return 'text';
}

function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
