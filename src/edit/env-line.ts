// One `KEY=value` line of an env file (/etc/etcd/etcd.conf, /etc/sysconfig/flanneld), split into
// the parts an edit keeps (indent, `export`, quote style, trailing comment) and the value it changes.

export type Quote = '"' | "'" | '';

export interface Assignment {
  key: string;
  /** Everything before the value: indentation, `export `, `KEY=`. */
  head: string;
  quote: Quote;
  /** The value with quotes and escapes removed. */
  value: string;
  /** Everything after the value: spaces and a `# comment`. */
  tail: string;
}

/** A line that sets the key but that opsctl will not rewrite (a value spanning lines, say). */
export interface Unsafe {
  key: string;
  problem: string;
}

const ASSIGN = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;
const SAFE = /^[A-Za-z0-9_@%+=:,./-]*$/;

export const isEnvKey = (key: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);

// Commented-out lines (`#KEY=...`) are not assignments, so they are never touched.
export function parseAssignment(body: string): Assignment | Unsafe | undefined {
  const m = ASSIGN.exec(body);
  if (!m) return undefined;
  const [head, , , key] = m;
  const rest = body.slice(head.length);
  const q = rest[0];
  if (q === '"' || q === "'") {
    const end = closingQuote(rest, q);
    if (end < 0) return { key, problem: `the quoted value of ${key} does not end on its line` };
    const tail = rest.slice(end + 1);
    if (!/^(\s+#.*|\s*)$/.test(tail)) return { key, problem: `the value of ${key} continues after its closing quote` };
    const inner = rest.slice(1, end);
    return { key, head, quote: q, value: q === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner, tail };
  }
  const comment = /\s#/.exec(rest);
  const value = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  return { key, head, quote: '', value, tail: rest.slice(value.length) };
}

function closingQuote(s: string, q: string): number {
  for (let i = 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) return i;
  }
  return -1;
}

// Keeps the old quote style; an unquoted value that needs quoting (spaces, shell specials) gets
// double quotes, and so does a single-quoted one that now contains a single quote.
export function formatValue(value: string, quote: Quote): string {
  if (/[\r\n]/.test(value)) throw new Error('an env file value cannot contain a newline');
  if (quote === "'" && !value.includes("'")) return `'${value}'`;
  if (quote === '' && SAFE.test(value)) return value;
  return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
}

export const renderAssignment = (a: Assignment, value: string): string => a.head + formatValue(value, a.quote) + a.tail;
