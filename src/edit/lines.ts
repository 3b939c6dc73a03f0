// Every edit works on lines that keep their own terminator, so joining them back gives the file
// byte-for-byte: CRLF stays CRLF, a missing final newline stays missing.

export interface Line {
  body: string;
  /** '\n', '\r\n', or '' for a last line without a newline. */
  eol: string;
}

/** What every edit returns: the new text, whether it differs, and what happened in words. */
export interface EditResult {
  text: string;
  changed: boolean;
  notes: string[];
}

// `a\r\nb` → [{a, \r\n}, {b, ''}]; '' → [] (an empty file has no lines).
export function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const lines = parts.map((p) => (p.endsWith('\r') ? { body: p.slice(0, -1), eol: '\r\n' } : { body: p, eol: '\n' }));
  if (last !== '') lines.push({ body: last, eol: '' });
  return lines;
}

// The inverse of splitLines: joinLines(splitLines(t)) === t for every text.
export const joinLines = (lines: Line[]): string => lines.map((l) => l.body + l.eol).join('');

// The terminator for lines we add: CRLF if the file mostly uses it, else LF.
export function newlineOf(lines: Line[]): string {
  const crlf = lines.filter((l) => l.eol === '\r\n').length;
  return crlf > 0 && crlf >= lines.filter((l) => l.eol === '\n').length ? '\r\n' : '\n';
}

// Adds a line at the end; a file without a final newline keeps having none.
export function appendLine(lines: Line[], body: string): Line[] {
  const eol = newlineOf(lines);
  const last = lines[lines.length - 1];
  if (!last) return [{ body, eol: '\n' }];
  if (last.eol === '') return [...lines.slice(0, -1), { ...last, eol }, { body, eol: '' }];
  return [...lines, { body, eol }];
}

// `changed` compares text, so an op that rewrites a line to the same bytes reports no change.
export function result(before: string, lines: Line[], notes: string[]): EditResult {
  const text = joinLines(lines);
  return { text, changed: text !== before, notes };
}
