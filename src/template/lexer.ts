// Splits the inside of one `{{ … }}` (or a bare `when:` condition) into tokens. Paths are lexed
// whole, because host names like `master-0` or `10.0.0.1` would not survive a generic lexer.
import type { PathSegment } from './ast.js';
import { TemplateError } from './errors.js';

export type Token =
  | { kind: 'path'; segments: PathSegment[]; offset: number }
  | { kind: 'string'; value: string; offset: number }
  | { kind: 'number'; value: number; offset: number }
  | { kind: 'keyword'; value: 'and' | 'or' | 'not' | 'true' | 'false'; offset: number }
  | { kind: 'op'; value: '|' | '(' | ')' | ',' | '==' | '!=' | '}}'; offset: number }
  | { kind: 'eof'; offset: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);
const IDENT_START = /[A-Za-z_]/;
const SEGMENT_CHAR = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

// Tokens from `start` up to and including the first `}}` (or to the end of `src`).
export function tokenize(src: string, start: number): Token[] {
  const tokens: Token[] = [];
  let pos = start;
  const readWhile = (re: RegExp) => {
    const from = pos;
    while (pos < src.length && re.test(src[pos])) pos++;
    return src.slice(from, pos);
  };
  const readString = (): string => {
    const quote = src[pos];
    const open = pos++;
    let out = '';
    while (pos < src.length && src[pos] !== quote) {
      if (src[pos] === '\\' && pos + 1 < src.length) {
        pos++;
        out += ESCAPES[src[pos]] ?? src[pos];
      } else out += src[pos];
      pos++;
    }
    if (pos >= src.length) throw new TemplateError(`unterminated string starting with ${quote}`, open);
    pos++;
    return out;
  };
  const readBracket = (): string => {
    const open = pos++;
    readWhile(/\s/);
    let name: string;
    if (src[pos] === "'" || src[pos] === '"') name = readString();
    else if (/[0-9]/.test(src[pos] ?? '')) name = readWhile(/[0-9]/);
    else throw new TemplateError("expected a quoted name inside [ ], e.g. hosts['master-0.example.com']", open);
    readWhile(/\s/);
    if (src[pos] !== ']') throw new TemplateError('expected ] to close [', open);
    pos++;
    return name;
  };

  while (true) {
    readWhile(/\s/);
    const offset = pos;
    const c = src[pos];
    if (c === undefined) {
      tokens.push({ kind: 'eof', offset });
      return tokens;
    }
    const two = src.slice(pos, pos + 2);
    if (two === '}}' || two === '==' || two === '!=') {
      pos += 2;
      tokens.push({ kind: 'op', value: two as '==', offset });
      if (two === '}}') return tokens;
    } else if (c === '|' || c === '(' || c === ')' || c === ',') {
      pos++;
      tokens.push({ kind: 'op', value: c, offset });
    } else if (c === "'" || c === '"') {
      tokens.push({ kind: 'string', value: readString(), offset });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[pos + 1] ?? ''))) {
      const text = src.slice(pos).match(/^-?[0-9]+(\.[0-9]+)?/)![0];
      pos += text.length;
      tokens.push({ kind: 'number', value: Number(text), offset });
    } else if (IDENT_START.test(c)) {
      const segments: PathSegment[] = [{ name: readWhile(SEGMENT_CHAR), bracket: false }];
      while (true) {
        if (src[pos] === '.' && SEGMENT_CHAR.test(src[pos + 1] ?? '')) {
          pos++;
          segments.push({ name: readWhile(SEGMENT_CHAR), bracket: false });
        } else if (src[pos] === '[') segments.push({ name: readBracket(), bracket: true });
        else break;
      }
      const word = segments[0].name;
      if (segments.length === 1 && KEYWORDS.has(word)) {
        tokens.push({ kind: 'keyword', value: word as 'and', offset });
      } else tokens.push({ kind: 'path', segments, offset });
    } else {
      throw new TemplateError(`unexpected character ${JSON.stringify(c)}`, offset, {
        hint: "expressions use names (params.x), 'strings', numbers, |, ==, !=, and, or, not, ( )",
      });
    }
  }
}
