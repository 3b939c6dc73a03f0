// Ansible host patterns: `master-[0:2].example.com`, `node[01:10]`, `[a:c]`, `[0:10:2]`, several
// ranges per name, and an optional `:port`. Shared by the inventory parsers and the INI editor
// (which must expand a range to drop one host from it).

export type RangeResult = { hosts: string[] } | { error: string; offset: number };

/** Beyond this a typo like `[0:99999999]` would exhaust memory; no real inventory is that big. */
const MAX_HOSTS = 10_000;

// Expands every `[start:end(:step)]` in a name; `offset` is where in `pattern` the problem is.
export function expandHostRange(pattern: string): RangeResult {
  const open = pattern.indexOf('[');
  if (open < 0) {
    const stray = pattern.indexOf(']');
    return stray < 0 ? { hosts: [pattern] } : { error: `unexpected "]" in host name "${pattern}"`, offset: stray };
  }
  const close = pattern.indexOf(']', open);
  if (close < 0) return { error: `unclosed "[" in host range "${pattern}"`, offset: open };
  const values = expandOne(pattern.slice(open + 1, close));
  if ('error' in values) return { error: `bad host range "${pattern.slice(open, close + 1)}": ${values.error}`, offset: open };
  const tail = expandHostRange(pattern.slice(close + 1));
  if ('error' in tail) return { error: tail.error, offset: tail.offset + close + 1 };
  const head = pattern.slice(0, open);
  if (values.list.length * tail.hosts.length > MAX_HOSTS) {
    return { error: `host range "${pattern}" expands to more than ${MAX_HOSTS} hosts`, offset: open };
  }
  return { hosts: values.list.flatMap((v) => tail.hosts.map((t) => head + v + t)) };
}

function expandOne(inner: string): { list: string[] } | { error: string } {
  const parts = inner.split(':');
  if (parts.length < 2 || parts.length > 3) return { error: 'expected [start:end] or [start:end:step]' };
  const [rawStart, end, rawStep] = parts;
  const start = rawStart === '' ? '0' : rawStart;
  if (end === '') return { error: 'the range needs an end value' };
  const step = rawStep === undefined || rawStep === '' ? 1 : Number(rawStep);
  if (!Number.isInteger(step) || step < 1) return { error: `step must be a positive integer, found "${rawStep}"` };
  if (/^\d+$/.test(start) && /^\d+$/.test(end)) return numeric(start, end, step);
  if (/^[a-z]$/.test(start) && /^[a-z]$/.test(end)) return letters(start, end, step);
  if (/^[A-Z]$/.test(start) && /^[A-Z]$/.test(end)) return letters(start, end, step);
  return { error: 'start and end must both be numbers or both single letters of the same case' };
}

function numeric(start: string, end: string, step: number): { list: string[] } | { error: string } {
  // A leading zero means zero padding (`[01:10]` → 01..10), so both ends must have the same width.
  const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
  if (width && end.length !== width) return { error: 'zero-padded start and end must have the same number of digits' };
  const from = Number(start);
  const to = Number(end);
  if (from > to) return { error: `start ${start} is greater than end ${end}` };
  if ((to - from) / step + 1 > MAX_HOSTS) return { error: `expands to more than ${MAX_HOSTS} hosts` };
  const list: string[] = [];
  for (let i = from; i <= to; i += step) list.push(String(i).padStart(width, '0'));
  return { list };
}

function letters(start: string, end: string, step: number): { list: string[] } | { error: string } {
  const from = start.charCodeAt(0);
  const to = end.charCodeAt(0);
  if (from > to) return { error: `start "${start}" comes after end "${end}"` };
  const list: string[] = [];
  for (let c = from; c <= to; c += step) list.push(String.fromCharCode(c));
  return { list };
}

// `host:2222` → port 2222; colons inside a range (`[0:2]`) and IPv6 addresses are not ports.
export function splitHostPort(token: string): { name: string; port?: number } {
  const m = /^(.+):(\d{1,5})$/.exec(token);
  if (!m) return { name: token };
  const withoutRanges = m[1].replace(/\[[^\]]*\]/g, '');
  if (withoutRanges.includes(':')) return { name: token };
  return { name: m[1], port: Number(m[2]) };
}
