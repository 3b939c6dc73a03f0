// Template syntax is checked when the runbook is loaded, so `opsctl validate` reports an unclosed
// `{{` or an unknown filter with its position, without params or an inventory.
import type { Diagnostic } from '../errors.js';
import { checkTemplateSyntax } from '../template/index.js';
import type { FieldPath, Position } from './yaml-locate.js';

const PROSE_KEYS = new Set(['description', 'title', 'source']);

export function checkTemplates(data: unknown, file: string, locate: (path: FieldPath) => Position | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: FieldPath) => {
    if (typeof value === 'string') {
      const key = path[path.length - 1];
      const isCondition = key === 'when';
      if (!value.includes('{{') && !isCondition) return;
      if (isCondition && !value.includes('{{') && path.length < 3) return;
      for (const err of checkTemplateSyntax(value, { condition: isCondition })) {
        const at = locate(path);
        const singleLine = !value.slice(0, err.offset).includes('\n');
        out.push({
          file,
          line: at?.line,
          col: at ? at.col + (singleLine ? err.offset : 0) : undefined,
          path: formatPath(path),
          message: err.message,
          hint: err.hint,
        });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (!PROSE_KEYS.has(k) || path.length > 1) visit(v, [...path, k]);
    }
  };
  visit(data, []);
  return out;
}

function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
