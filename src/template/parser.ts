// Recursive-descent parser for the expression grammar (DESIGN.md §2):
//   expr := or;  or := and ('or' and)*;  and := not ('and' not)*;  not := 'not' not | cmp
//   cmp := pipe (('=='|'!=') pipe)?;  pipe := primary ('|' name ('(' literals ')')?)*
//   primary := path | string | number | true | false | '(' expr ')'
import type { FilterCall, Node } from './ast.js';
import { TemplateError } from './errors.js';
import { checkFilterArity } from './filters.js';
import type { Token } from './lexer.js';

const MAX_NESTING = 64;

// Parses tokens (as produced by `tokenize`) into one expression; `pos` is left on the first
// token after it, so callers decide what may follow (`}}` in templates, the end in conditions).
export function parseTokens(tokens: Token[]): { node: Node; next: Token } {
  let i = 0;
  // Parentheses and `not` recurse; a hostile template must not overflow the stack.
  let depth = 0;
  const nest = <T>(offset: number, inner: () => T): T => {
    if (++depth > MAX_NESTING) throw new TemplateError(`the expression nests more than ${MAX_NESTING} levels deep`, offset);
    try {
      return inner();
    } finally {
      depth--;
    }
  };
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  const isOp = (t: Token, v: string): t is Extract<Token, { kind: 'op' }> => t.kind === 'op' && t.value === v;
  const isWord = (t: Token, v: string): t is Extract<Token, { kind: 'keyword' }> => t.kind === 'keyword' && t.value === v;

  const unexpected = (t: Token, wanted: string): TemplateError => {
    if (t.kind === 'eof') return new TemplateError(`expected ${wanted}, found the end of the expression`, t.offset);
    if (isOp(t, '}}')) return new TemplateError(`expected ${wanted} before }}`, t.offset);
    return new TemplateError(`expected ${wanted}, found ${describe(t)}`, t.offset);
  };

  const expr = (): Node => binary('or', and);
  const and = (): Node => binary('and', not);
  function binary(op: 'and' | 'or', sub: () => Node): Node {
    let left = sub();
    while (isWord(peek(), op)) {
      const offset = take().offset;
      left = { type: 'logic', op, left, right: sub(), offset };
    }
    return left;
  }
  function not(): Node {
    if (!isWord(peek(), 'not')) return compare();
    const offset = take().offset;
    return { type: 'not', operand: nest(offset, not), offset };
  }
  function compare(): Node {
    const left = pipe();
    const t = peek();
    if (!(isOp(t, '==') || isOp(t, '!='))) return left;
    take();
    return { type: 'compare', op: t.value as '==' | '!=', left, right: pipe(), offset: t.offset };
  }
  function pipe(): Node {
    const input = primary();
    const filters: FilterCall[] = [];
    while (isOp(peek(), '|')) {
      take();
      const name = take();
      if (name.kind !== 'path' || name.segments.length !== 1) throw unexpected(name, 'a filter name after |');
      const call: FilterCall = { name: name.segments[0].name, args: [], offset: name.offset };
      if (isOp(peek(), '(')) {
        take();
        while (!isOp(peek(), ')')) {
          const arg = take();
          if (arg.kind === 'string' || arg.kind === 'number') call.args.push(arg.value);
          else if (arg.kind === 'keyword' && (arg.value === 'true' || arg.value === 'false')) call.args.push(arg.value === 'true');
          else throw unexpected(arg, 'a quoted string, number, true or false as a filter argument');
          if (isOp(peek(), ',')) take();
          else if (!isOp(peek(), ')')) throw unexpected(peek(), ', or )');
        }
        take();
      }
      checkFilterArity(call);
      filters.push(call);
    }
    return filters.length === 0 ? input : { type: 'pipe', input, filters, offset: input.offset };
  }
  function primary(): Node {
    const t = take();
    switch (t.kind) {
      case 'path':
        return { type: 'path', segments: t.segments, offset: t.offset };
      case 'string':
      case 'number':
        return { type: 'literal', value: t.value, offset: t.offset };
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') return { type: 'literal', value: t.value === 'true', offset: t.offset };
        break;
      case 'op':
        if (t.value === '(') {
          const inner = nest(t.offset, expr);
          if (!isOp(peek(), ')')) throw unexpected(peek(), ') to close (');
          take();
          return inner;
        }
    }
    throw unexpected(t, 'a name, string, number, true, false or (');
  }

  const node = expr();
  return { node, next: take() };
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'path':
      return `'${t.segments.map((s) => s.name).join('.')}'`;
    case 'string':
      return `the string '${t.value}'`;
    case 'number':
      return `the number ${t.value}`;
    case 'keyword':
    case 'op':
      return `'${t.value}'`;
    case 'eof':
      return 'the end';
  }
}
