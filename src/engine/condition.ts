// Conditions on a command's result, for `wait.until` and `assert.expect`:
//   exitCode == 0 · stdout contains 'Ready' · stdout not contains 'x' · stderr matches '^ok'
//   stdout == 'x' · json .health == true · json .members.length >= 3 · A and B · A or B
// Parsed once (bad syntax is a runbook error) and evaluated on every poll.
import { getJsonPath, parseJsonPath, stringifyJsonValue } from './json-path.js';

export interface ResultView {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

type Op = '==' | '!=' | '>=' | '<=' | '>' | '<' | 'contains' | 'not contains' | 'matches';
interface Clause {
  subject: 'exitCode' | 'stdout' | 'stderr' | 'json';
  path?: Array<string | number>;
  op: Op;
  value: string;
}
export type Condition = { any: Clause[][] }; // OR of ANDs

const CLAUSE_RE =
  /^\s*(exitCode|stdout|stderr|json\s+(\S+))\s+(==|!=|>=|<=|>|<|not\s+contains|contains|matches)\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s*$/;

export function parseCondition(text: string): Condition {
  const any = splitTop(text, 'or').map((alt) =>
    splitTop(alt, 'and').map((part) => {
      const m = CLAUSE_RE.exec(part);
      if (!m) throw new Error(`cannot read condition "${part.trim()}"; expected e.g. "exitCode == 0", "stdout contains 'Ready'", "json .health == true"`);
      const subject = m[1].startsWith('json') ? 'json' : (m[1] as Clause['subject']);
      const clause: Clause = { subject, op: m[3].replace(/\s+/, ' ') as Op, value: m[4] ?? m[5] ?? m[6] };
      if (subject === 'json') {
        const path = parseJsonPath(m[2]);
        if (!path) throw new Error(`bad JSON path "${m[2]}" in condition`);
        clause.path = path;
      }
      if (clause.op === 'matches') new RegExp(clause.value);
      return clause;
    }),
  );
  return { any };
}

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
      return new RegExp(c.value, 'm').test(actual);
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

// Split on a keyword outside quotes.
function splitTop(text: string, word: 'and' | 'or'): string[] {
  const out: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (text.startsWith(` ${word} `, i)) {
      out.push(text.slice(start, i));
      start = i + word.length + 2;
      i = start - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
