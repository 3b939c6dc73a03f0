// Expression AST back to text: deferred `when:` conditions are stored in the plan as the text of
// what is left once compile-time values are folded in, and DeferredRef.ref is a path's text.
import type { Node, PathSegment } from './ast.js';

const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/;

// `captures.x`, `hosts['a.b'].address`: dotted where the lexer would read it back the same way.
export function pathText(segments: readonly PathSegment[]): string {
  return segments
    .map((s, i) => (i === 0 ? s.name : !s.bracket && PLAIN_SEGMENT.test(s.name) ? `.${s.name}` : `[${literalText(s.name)}]`))
    .join('');
}

// A literal the lexer reads back as the same value.
export function literalText(v: string | number | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : literalText(String(v));
  if (typeof v === 'boolean') return String(v);
  const escaped = v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

// Text of a whole expression; parentheses are added wherever precedence would otherwise change.
export function nodeText(node: Node): string {
  const wrap = (n: Node, when: Array<Node['type']>) => (when.includes(n.type) ? `(${nodeText(n)})` : nodeText(n));
  switch (node.type) {
    case 'path':
      return pathText(node.segments);
    case 'literal':
      return literalText(node.value);
    case 'pipe': {
      const filters = node.filters.map((f) => (f.args.length ? `${f.name}(${f.args.map(literalText).join(', ')})` : f.name));
      return [wrap(node.input, ['compare', 'not', 'logic']), ...filters].join(' | ');
    }
    case 'compare':
      return `${wrap(node.left, ['compare', 'not', 'logic'])} ${node.op} ${wrap(node.right, ['compare', 'not', 'logic'])}`;
    case 'not':
      return `not ${wrap(node.operand, ['logic'])}`;
    case 'logic':
      return `${wrap(node.left, ['logic'])} ${node.op} ${wrap(node.right, ['logic'])}`;
  }
}
