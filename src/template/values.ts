// How template values turn into text, truth and equality — one set of rules shared by compile
// time and run time, so a condition means the same thing whenever it is evaluated.
import { TemplateError } from './errors.js';
import { shellQuote, shellQuoteList } from './quote.js';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

// Plain text of a value: lists joined with `,`, dates as ISO-8601, null as ''.
export function toText(v: unknown, what: string, offset: number): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => toText(x, what, offset)).join(',');
  if (v instanceof Date) return v.toISOString();
  if (isRecord(v)) {
    const fields = Object.keys(v).slice(0, 8).join(', ');
    throw new TemplateError(`${what} is an object, not text`, offset, { hint: `pick one of its fields: ${fields}` });
  }
  return String(v);
}

// One shell word per value (lists: one word per element), the form commands need.
export function toShellWords(v: unknown, what: string, offset: number): string {
  if (Array.isArray(v)) return shellQuoteList(v.map((x) => toText(x, what, offset)));
  return shellQuote(toText(v, what, offset));
}

// Text for an unquoted substitution: lists joined with a space in commands, `,` elsewhere.
export function toRawText(v: unknown, shell: boolean, what: string, offset: number): string {
  if (shell && Array.isArray(v)) return v.map((x) => toText(x, what, offset)).join(' ');
  return toText(v, what, offset);
}

const FALSE_WORDS = new Set(['', 'false', 'no', '0']);

// false, '', 'false', 'no', '0' (any case, trimmed), 0, null/undefined and [] are false.
export function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0) return false;
  if (typeof v === 'string') return !FALSE_WORDS.has(v.trim().toLowerCase());
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

// Equality compares text forms: captures are strings, so `captures.count == 3` must hold for "3".
export function textEquals(a: unknown, b: unknown, offset: number): boolean {
  return toText(a, 'a compared value', offset) === toText(b, 'a compared value', offset);
}
