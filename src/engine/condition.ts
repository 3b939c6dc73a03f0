// Conditions on a command's result, for `wait.until` and `assert.expect`:
//   exitCode == 0 · stdout contains 'Ready' · stdout not contains 'x' · stderr matches '^ok'
//   stdout == 'x' · json .health == true · json .members.length >= 3 · A and B · A or B
// Parsed once (bad syntax is a runbook error; grammar in runbook/result-condition.ts) and evaluated
// on every poll; `matches` runs under the regex time bound.
import type { Clause, Condition } from '../runbook/result-condition.js';
import { execBounded } from '../runbook/user-regex.js';
import { getJsonPath, stringifyJsonValue } from './json-path.js';

export interface ResultView {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type { Condition } from '../runbook/result-condition.js';
export { parseResultCondition as parseCondition } from '../runbook/result-condition.js';

export function evaluateResultCondition(cond: Condition, r: ResultView): boolean {
  return cond.any.some((all) => all.every((c) => holds(c, r)));
}

function holds(c: Clause, r: ResultView): boolean {
  let actual: string;
  if (c.subject === 'exitCode') actual = String(r.exitCode);
  else if (c.subject === 'json') {
    try {
      actual = stringifyJsonValue(getJsonPath(JSON.parse(r.stdout), c.path!));
    } catch {
      return false;
    }
  } else actual = r[c.subject].trim();
  switch (c.op) {
    case '==':
      return actual === c.value;
    case '!=':
      return actual !== c.value;
    case 'contains':
      return actual.includes(c.value);
    case 'not contains':
      return !actual.includes(c.value);
    case 'matches':
      return execBounded(new RegExp(c.value, 'm'), actual) !== null;
    default: {
      // Empty output is not zero: a command that printed nothing proves no number.
      if (actual.trim() === '' || c.value.trim() === '') return false;
      const a = Number(actual);
      const b = Number(c.value);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return c.op === '>=' ? a >= b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : a < b;
    }
  }
}
