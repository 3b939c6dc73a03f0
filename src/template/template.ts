// Finds the `{{ … }}` expressions in a template string (everything else is literal text) and
// parses a `when:` condition, which may be written with or without the braces.
import type { Node, Segment } from './ast.js';
import { TemplateError } from './errors.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';

// Parses the expression opening at `open` (the `{{`); returns it and the offset after its `}}`.
function parseExpressionAt(src: string, open: number): { node: Node; end: number } {
  const tokens = tokenize(src, open + 2);
  const first = tokens[0];
  if (first.kind === 'op' && first.value === '}}') throw new TemplateError('empty {{ }}', open);
  if (first.kind === 'eof') throw new TemplateError('{{ is never closed with }}', open);
  const { node, next } = parseTokens(tokens);
  if (next.kind === 'eof') throw new TemplateError('{{ is never closed with }}', open);
  if (!(next.kind === 'op' && next.value === '}}')) throw new TemplateError('expected }} to end the expression', next.offset);
  return { node, end: next.offset + 2 };
}

// A whole template; `onError` (for syntax checks) collects errors and skips to the next `}}`
// instead of stopping at the first.
export function parseTemplate(src: string, onError?: (e: TemplateError) => void): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    if (open < 0) break;
    if (open > pos) segments.push({ type: 'text', text: src.slice(pos, open) });
    try {
      const { node, end } = parseExpressionAt(src, open);
      segments.push({ type: 'expr', node, offset: open, end });
      pos = end;
    } catch (e) {
      if (!onError || !(e instanceof TemplateError)) throw e;
      onError(e);
      const close = src.indexOf('}}', Math.max(open + 2, e.offset));
      if (close < 0) return segments;
      pos = close + 2;
    }
  }
  if (pos < src.length) segments.push({ type: 'text', text: src.slice(pos) });
  return segments;
}

// The single expression of a template that is exactly one `{{ … }}` (whitespace around allowed).
export function soleExpression(segments: Segment[]): Node | undefined {
  const exprs = segments.filter((s) => s.type === 'expr');
  const blank = segments.every((s) => s.type === 'expr' || s.text.trim() === '');
  return exprs.length === 1 && blank ? (exprs[0] as { node: Node }).node : undefined;
}

// A `when:` condition: `{{ expr }}` or a bare `expr`.
export function parseCondition(src: string): Node {
  if (src.includes('{{')) {
    const node = soleExpression(parseTemplate(src));
    if (node) return node;
    throw new TemplateError('a condition must be one expression, either bare or inside a single {{ }}', src.indexOf('{{'), {
      hint: "e.g. when: \"captures.role == 'leader'\"",
    });
  }
  const { node, next } = parseTokens(tokenize(src, 0));
  if (next.kind !== 'eof') throw new TemplateError('unexpected text after the condition', next.offset);
  return node;
}
