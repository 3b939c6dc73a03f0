// Turns deferred parts back into expressions: a DeferredRef's `ref` is path text plus its
// filters, so it can be re-parsed and evaluated once captures and secrets are known.
import type { FilterCall, Node } from './ast.js';
import { TemplateError } from './errors.js';
import { tokenize } from './lexer.js';
import type { DeferredRef, Parts } from './types.js';

// The expression `ref | filters…` of one DeferredRef.
export function refToNode(ref: DeferredRef, offset: number): Node {
  const tokens = tokenize(ref.ref, 0);
  const [path, end] = tokens;
  if (path?.kind !== 'path' || end?.kind !== 'eof') throw new TemplateError(`malformed deferred reference '${ref.ref}'`, offset);
  const input: Node = { type: 'path', segments: path.segments, offset };
  if (ref.filters.length === 0) return input;
  const filters: FilterCall[] = ref.filters.map((f) => ({ name: f.name, args: [...f.args], offset }));
  return { type: 'pipe', input, filters, offset };
}

// A var's parts as one expression: possible only when the var is a single run-time reference.
export function partsToNode(parts: Parts, what: string, offset: number): Node {
  const pieces = parts.filter((p) => p !== '');
  if (pieces.length === 1 && typeof pieces[0] !== 'string') return refToNode(pieces[0], offset);
  throw new TemplateError(`${what} mixes text with values known only at run time, so it cannot be filtered or compared`, offset, {
    hint: 'use it as it is in a command, or compare the capture itself in when:',
  });
}
