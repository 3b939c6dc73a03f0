// Remote output (stdout/stderr, file contents in diffs, error text) is untrusted: a host must not
// be able to move the cursor, retitle the window, hide text or fake a prompt on the operator's
// terminal. Every control character becomes visible text; printable UTF-8 is kept as is.

// C0 controls except \t and \n, DEL, C1 controls, and the bidi overrides that can make a command
// read differently from what it is ("trojan source"). `\r\n` is matched first so CRLF output reads
// as plain lines.
const UNSAFE = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\r\n') return '\n';
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// Terminal columns a code point takes: 0 for combining marks, 2 for wide East Asian and emoji.
function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200b || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

// Keeps a spinner or status line on one terminal row (a wrapped line breaks the spinner's redraw).
// Takes unpainted text: the first line of `s`, cut to `width` columns with `…` when it is longer.
export function truncateLine(s: string, width: number): string {
  const newline = s.indexOf('\n');
  const line = newline === -1 ? s : s.slice(0, newline);
  const cut = newline !== -1;
  if (width <= 0) return '';
  let used = 0;
  let out = '';
  for (const ch of line) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (used + w > width) return fitEllipsis(out, used, width);
    used += w;
    out += ch;
  }
  return cut ? fitEllipsis(out, used, width) : out;
}

function fitEllipsis(text: string, used: number, width: number): string {
  const chars = Array.from(text);
  while (chars.length > 0 && used + 1 > width) used -= charWidth(chars.pop()?.codePointAt(0) ?? 0);
  return chars.join('') + '…';
}
