// The filter table: arity is checked when a template is parsed (so `validate` catches it), the
// functions run when a value is known — at compile time, or at run time for captures.
import { posix } from 'node:path';
import type { FilterCall } from './ast.js';
import { formatDate } from './date.js';
import { TemplateError } from './errors.js';
import { closestName } from './suggest.js';
import { toShellWords, toText } from './values.js';

type Arg = string | number | boolean;
interface FilterDef {
  min: number;
  max: number;
  usage: string;
  apply: (value: unknown, args: Arg[], what: string, offset: number) => unknown;
}

// Applies a string function to a value, or to each element of a list.
const eachText = (fn: (s: string) => string): FilterDef['apply'] => (v, _args, what, offset) =>
  Array.isArray(v) ? v.map((x) => fn(toText(x, what, offset))) : fn(toText(v, what, offset));

const FILTERS: Record<string, FilterDef> = {
  quote: { min: 0, max: 0, usage: 'quote', apply: (v, _a, what, offset) => toShellWords(v, what, offset) },
  raw: { min: 0, max: 0, usage: 'raw', apply: (v) => v },
  join: {
    min: 0,
    max: 1,
    usage: "join(',')",
    apply: (v, [sep = ','], what, offset) =>
      Array.isArray(v) ? v.map((x) => toText(x, what, offset)).join(String(sep)) : toText(v, what, offset),
  },
  default: {
    min: 1,
    max: 1,
    usage: "default('value')",
    apply: (v, [fallback]) => (v === undefined || v === null || v === '' ? fallback : v),
  },
  date: { min: 1, max: 1, usage: "date('YYYYMMDD')", apply: (v, [fmt], what, offset) => formatDate(toDate(v, what, offset), String(fmt)) },
  basename: { min: 0, max: 0, usage: 'basename', apply: eachText((s) => posix.basename(s)) },
  dirname: { min: 0, max: 0, usage: 'dirname', apply: eachText((s) => posix.dirname(s)) },
  upper: { min: 0, max: 0, usage: 'upper', apply: eachText((s) => s.toUpperCase()) },
  lower: { min: 0, max: 0, usage: 'lower', apply: eachText((s) => s.toLowerCase()) },
  trim: { min: 0, max: 0, usage: 'trim', apply: eachText((s) => s.trim()) },
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

// A Date (`now`), epoch milliseconds, or ISO-8601 text; JS's lenient guessing is not trusted.
function toDate(v: unknown, what: string, offset: number): Date {
  const text = typeof v === 'string' ? v.trim() : undefined;
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : text && ISO_TIME.test(text) ? new Date(text) : undefined;
  if (!d || Number.isNaN(d.getTime())) {
    throw new TemplateError(`date() needs a time, but ${what} is ${JSON.stringify(v)}`, offset, { hint: "e.g. {{ now | date('YYYYMMDD') }}" });
  }
  return d;
}

// Rejects unknown filters and wrong argument counts while parsing.
export function checkFilterArity(call: FilterCall): void {
  const def = FILTERS[call.name];
  if (!def) {
    const near = closestName(call.name, Object.keys(FILTERS));
    throw new TemplateError(`unknown filter '${call.name}'${near ? ` (did you mean '${near}'?)` : ''}`, call.offset, {
      hint: `filters: ${Object.keys(FILTERS).join(', ')}`,
    });
  }
  const n = call.args.length;
  if (n < def.min || n > def.max) {
    const want = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max}`;
    throw new TemplateError(`filter '${call.name}' takes ${want} argument(s), got ${n}`, call.offset, { hint: `use ${def.usage}` });
  }
}

// Runs one filter on a known value; `what` names the value for error messages.
export function applyFilter(call: Pick<FilterCall, 'name' | 'args'>, value: unknown, what: string, offset: number): unknown {
  const def = FILTERS[call.name];
  if (!def) throw new TemplateError(`unknown filter '${call.name}'`, offset);
  return def.apply(value, call.args, what, offset);
}
