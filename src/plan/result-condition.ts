// `wait.until` / `assert.expect` with templates, compiled for the plan: the condition's shape is
// read from the runbook text, then each value goes into the clause value it stands in as a literal
// (for `matches`, regex-escaped unless `| raw`). A value such as `x' or exitCode == 0 or stdout == 'y`
// stays text to compare; it cannot add a clause.
import { fillConditionShape, parseConditionShape, serializeResultCondition } from '../runbook/result-condition.js';
import { regexValue, renderPieces, TemplateError, type TemplateContext } from '../template/index.js';

// The condition text the plan stores (and the engine parses back to the same clauses).
export function compileResultCondition(template: string, ctx: TemplateContext): string {
  const pieces = renderPieces(template, ctx);
  let n = 0;
  const shape = parseConditionShape(pieces.map((p) => (typeof p === 'string' ? p : n++)));
  const values = pieces.filter((p) => typeof p !== 'string');
  const filled = fillConditionShape(shape, (k, clause) => {
    const v = values[k];
    if (clause.op !== 'matches') return v.text;
    return v.raw ? v.items.join('|') : regexValue(v.items);
  });
  for (const c of filled.any.flat()) {
    if (c.op === 'matches') {
      try {
        new RegExp(c.value);
      } catch (e) {
        throw new TemplateError(`the condition's pattern /${c.value}/ is not a valid regular expression: ${(e as Error).message}`, 0);
      }
    }
  }
  return serializeResultCondition(filled);
}
