// Parsing kubectl's JSONPath templates: text, `{...}` actions, `range`/`end`, quoted text, and
// paths of fields (`\.` escapes a dot), `..`, `*`, `[n]`, `[a:b]`, `['x','y']`, `[?(@.f op v)]`.
import { ToolError } from '../cli/errors.js';

export type Segment =
  | { t: 'field'; name: string }
  | { t: 'wild' }
  | { t: 'recurse'; name: string | '*' }
  | { t: 'index'; indexes: number[] }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'names'; names: string[] }
  | { t: 'filter'; path: Segment[]; op?: string; value?: unknown };

export interface Path {
  fromRoot: boolean;
  segments: Segment[];
}

export type Node = { t: 'text'; text: string } | { t: 'expr'; path: Path } | { t: 'range'; path: Path; body: Node[] };

function fail(template: string, why: string): never {
  throw new ToolError(`error: error parsing jsonpath ${template}, ${why}`);
}

export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack.at(-1)!.push({ t: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack.at(-1)!.push({ t: 'text', text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) fail(template, 'unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === 'end') {
      if (stack.length === 1) fail(template, 'not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ')) {
      const node: Node = { t: 'range', path: parsePath(action.slice(6).trim(), template), body: [] };
      stack.at(-1)!.push(node);
      stack.push(node.body);
    } else if (action.startsWith('"') || action.startsWith("'")) {
      stack.at(-1)!.push({ t: 'text', text: unquote(action, template) });
    } else {
      stack.at(-1)!.push({ t: 'expr', path: parsePath(action, template) });
    }
  }
  if (stack.length > 1) fail(template, 'range without end');
  return root;
}

// The `}` closing the action at `open`, skipping quoted strings inside it.
function findClose(s: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function unquote(lit: string, template: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit.at(-1) !== q) fail(template, `unterminated string ${lit}`);
  const body = lit.slice(1, -1);
  if (q === "'") return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c as 'n'] ?? c);
}

export function parsePath(src: string, template: string): Path {
  let s = src;
  let fromRoot = true;
  if (s.startsWith('$')) s = s.slice(1);
  else if (s.startsWith('@')) {
    fromRoot = false;
    s = s.slice(1);
  } else fromRoot = false;
  const segments: Segment[] = [];
  let i = 0;
  if (s !== '' && s[0] !== '.' && s[0] !== '[') s = '.' + s;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      if (s[i] === '*') {
        segments.push({ t: 'recurse', name: '*' });
        i++;
      } else {
        const [name, next] = readName(s, i);
        segments.push({ t: 'recurse', name });
        i = next;
      }
    } else if (s[i] === '.') {
      i++;
      if (s[i] === '*') {
        segments.push({ t: 'wild' });
        i++;
      } else if (i < s.length && s[i] !== '[' && s[i] !== '.') {
        const [name, next] = readName(s, i);
        segments.push({ t: 'field', name });
        i = next;
      }
    } else if (s[i] === '[') {
      const close = bracketEnd(s, i);
      if (close < 0) fail(template, `unterminated array ${s.slice(i)}`);
      segments.push(parseBracket(s.slice(i + 1, close).trim(), template));
      i = close + 1;
    } else {
      fail(template, `unrecognized character in action: ${s.slice(i)}`);
    }
  }
  return { fromRoot, segments };
}

// A field name runs to the next unescaped `.` or `[`; `\.` keeps a dot inside the name.
function readName(s: string, start: number): [string, number] {
  let name = '';
  let i = start;
  while (i < s.length && s[i] !== '.' && s[i] !== '[') {
    if (s[i] === '\\' && i + 1 < s.length) {
      name += s[i + 1];
      i += 2;
    } else name += s[i++];
  }
  return [name, i];
}

function bracketEnd(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(inner: string, template: string): Segment {
  if (inner === '*') return { t: 'wild' };
  if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(inner.slice(2, -1).trim(), template);
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) return { t: 'index', indexes: inner.split(',').map((x) => Number(x.trim())) };
  const slice = /^(-?\d*)\s*:\s*(-?\d*)(?:\s*:\s*(-?\d*))?$/.exec(inner);
  if (slice) {
    const num = (x?: string) => (x === undefined || x === '' ? undefined : Number(x));
    return { t: 'slice', start: num(slice[1]), end: num(slice[2]), step: num(slice[3]) };
  }
  const names = inner.split(/\s*,\s*/).map((n) => {
    if (!/^(['"]).*\1$/.test(n)) fail(template, `invalid array index ${inner}`);
    return unquote(n, template).replace(/\\\./g, '.');
  });
  return { t: 'names', names };
}

function parseFilter(expr: string, template: string): Segment {
  const m = /^@((?:\.[^=!<>\s]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>|=~)?\s*(.*)$/.exec(expr);
  if (!m) fail(template, `unrecognized filter ${expr}`);
  const path = parsePath(m[1], template).segments;
  if (!m[2]) return { t: 'filter', path };
  const raw = m[3].trim();
  let value: unknown;
  if (/^(['"]).*\1$/.test(raw)) value = unquote(raw, template);
  else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (raw === 'null') value = null;
  else fail(template, `unrecognized filter value ${raw}`);
  return { t: 'filter', path, op: m[2], value };
}

