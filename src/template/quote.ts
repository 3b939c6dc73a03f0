// Shell quoting is the security boundary of opsctl: a parameter such as `x; rm -rf /` must reach
// the remote shell as exactly one word. POSIX single quotes are the only quoting where nothing
// inside is special, so everything not plainly safe goes inside them.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

// Quote one value as exactly one POSIX shell word (`'` becomes `'\''`).
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// A list substituted into a command becomes one word per element, e.g. `etcdctl a b c`.
export function shellQuoteList(values: readonly unknown[]): string {
  return values.map((v) => shellQuote(String(v))).join(' ');
}

// Inside "…": only \ $ ` " are special, and a backslash makes each literal.
export function doubleQuoteEscape(value: string): string {
  return value.replace(/[\\$`"]/g, '\\$&');
}

// Inside '…': nothing is special but the closing quote, spelled '\'' (close, escaped quote, reopen).
export function singleQuoteEscape(value: string): string {
  return value.replace(/'/g, `'\\''`);
}

// Inside $'…' (bash, ksh, zsh): backslash escapes, so \ and ' are escaped with one.
export function ansiQuoteEscape(value: string): string {
  return value.replace(/[\\']/g, '\\$&');
}
