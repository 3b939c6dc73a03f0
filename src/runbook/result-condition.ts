// The grammar of conditions on a command's result (`wait.until`, `assert.expect`):
//   exitCode == 0 · stdout contains 'Ready' · stdout not contains 'x' · stderr matches '^ok'
//   stdout == 'x' · json .health == true · json .members.length >= 3 · A and B · A or B
// Parsed from text and written back as text (the plan stores it): a value is quoted with '…', a
// quote inside doubled (''), so any value reads back as exactly itself. Pure.
import { parseJsonPath } from '../engine/json-path.js';

export type ConditionOp = '==' | '!=' | '>=' | '<=' | '>' | '<' | 'contains' | 'not contains' | 'matches';
export interface Clause {
  subject: 'exitCode' | 'stdout' | 'stderr' | 'json';
  /** The JSON path as written (`.members.length`) and parsed. */
  pathText?: string;
  path?: Array<string | number>;
  op: ConditionOp;
  value: string;
  /** Written in quotes: written back in quotes, so the plan reads like the runbook. */
  quoted?: boolean;
}
export type Condition = { any: Clause[][] }; // OR of ANDs

const CLAUSE_RE =
  /^\s*(exitCode|stdout|stderr|json\s+(\S+))\s+(==|!=|>=|<=|>|<|not\s+contains|contains|matches)\s+(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^\s'"]+))\s*$/;

// Throws an Error saying which clause cannot be read.
export function parseResultCondition(text: string): Condition {
  const any = splitTop(text, 'or').map((alt) =>
    splitTop(alt, 'and').map((part) => {
      const m = CLAUSE_RE.exec(part);
      if (!m) throw new Error(`cannot read condition "${part.trim()}"; expected e.g. "exitCode == 0", "stdout contains 'Ready'", "json .health == true"`);
      const subject = m[1].startsWith('json') ? 'json' : (m[1] as Clause['subject']);
      const value = m[4] !== undefined ? m[4].replace(/''/g, "'") : m[5] !== undefined ? m[5].replace(/""/g, '"') : m[6];
      const clause: Clause = { subject, op: m[3].replace(/\s+/, ' ') as ConditionOp, value };
      if (m[6] === undefined) clause.quoted = true;
      if (subject === 'json') {
        const path = parseJsonPath(m[2]);
        if (!path) throw new Error(`bad JSON path "${m[2]}" in condition`);
        clause.pathText = m[2];
        clause.path = path;
      }
      if (clause.op === 'matches') checkPattern(clause.value);
      return clause;
    }),
  );
  return { any };
}

// The text parseResultCondition reads back as the same condition.
export function serializeResultCondition(cond: Condition): string {
  return cond.any.map((all) => all.map(clauseText).join(' and ')).join(' or ');
}

function clauseText(c: Clause): string {
  const subject = c.subject === 'json' ? `json ${c.pathText}` : c.subject;
  const bare = !c.quoted && /^[^\s'"]+$/.test(c.value);
  return `${subject} ${c.op} ${bare ? c.value : `'${c.value.replace(/'/g, "''")}'`}`;
}

function checkPattern(pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    throw new Error(`bad regular expression /${pattern}/ in condition: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
  }
}

// Split on a keyword outside quotes (a doubled quote closes and reopens, so it stays inside).
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

const MARK = /\uE000(\d+)\uE001/g;

// The condition's shape from the runbook text alone: each `{{ }}` stands in as a placeholder that
// can only be (part of) a compared value, never a subject, path, operator, quote or `and`/`or`.
// `parts` are the template's literal texts and, as numbers, its expressions in order.
export function parseConditionShape(parts: Array<string | number>): Condition {
  const text = parts.map((p) => (typeof p === 'number' ? `\uE000${p}\uE001` : p)).join('');
  let cond: Condition;
  try {
    cond = parseResultCondition(text);
  } catch (e) {
    throw new Error((e as Error).message.replace(MARK, '{{ … }}'));
  }
  for (const c of cond.any.flat()) {
    if (c.pathText && /\uE000\d+\uE001/.test(c.pathText)) throw new Error('a template in a condition can only stand for the compared value, not the JSON path');
  }
  return cond;
}

// The shape with each placeholder replaced by `valueOf(index, clause)`: literal values, whatever they hold.
export function fillConditionShape(cond: Condition, valueOf: (index: number, clause: Clause) => string): Condition {
  return { any: cond.any.map((all) => all.map((c) => ({ ...c, value: c.value.replace(MARK, (_, k: string) => valueOf(Number(k), c)) }))) };
}
