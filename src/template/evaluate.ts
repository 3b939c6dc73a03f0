// Evaluates an expression as far as compile time allows. Known values fold; anything touching
// captures or secrets becomes a residual expression (Result 'deferred') for run time. `and`/`or`
// short-circuit on known sides, so `params.enabled and captures.x == 'y'` with enabled=false is
// simply false at compile time.
import type { FilterCall, Node } from './ast.js';
import type { Env, Result } from './env.js';
import { known } from './env.js';
import { TemplateError } from './errors.js';
import { applyFilter } from './filters.js';
import { resolvePath } from './resolve.js';
import { nodeText } from './serialize.js';
import { partsToNode } from './residual.js';
import { isTruthy, textEquals, toText } from './values.js';

// Evaluates `node`; `lenient` (set under a `default` filter) turns undefined names into undefined.
export function evaluate(node: Node, env: Env, lenient = false): Result {
  switch (node.type) {
    case 'literal':
      return known(node.value);
    case 'path':
      return resolvePath(node, env, lenient);
    case 'pipe':
      return evaluatePipe(node.input, node.filters, env, lenient);
    case 'not': {
      const r = asResidualOrValue(evaluate(node.operand, env), node.offset);
      return r.kind === 'value' ? known(!isTruthy(r.value)) : { ...r, node: { ...node, operand: r.node } };
    }
    case 'compare': {
      const l = asResidualOrValue(evaluate(node.left, env), node.offset);
      const r = asResidualOrValue(evaluate(node.right, env), node.offset);
      if (l.kind === 'value' && r.kind === 'value') {
        return known(textEquals(l.value, r.value, node.offset) === (node.op === '=='));
      }
      const secret = (l.kind === 'deferred' && l.secret) || (r.kind === 'deferred' && r.secret);
      return { kind: 'deferred', secret, node: { ...node, left: toNode(l, node.offset), right: toNode(r, node.offset) } };
    }
    case 'logic': {
      // `and` stops at a known false, `or` at a known true; otherwise the unknown side decides.
      const decisive = node.op === 'or';
      const l = asResidualOrValue(evaluate(node.left, env), node.offset);
      if (l.kind === 'value' && isTruthy(l.value) === decisive) return known(decisive);
      const r = asResidualOrValue(evaluate(node.right, env), node.offset);
      if (r.kind === 'value' && isTruthy(r.value) === decisive) return known(decisive);
      if (l.kind === 'value' && r.kind === 'value') return known(!decisive);
      if (l.kind === 'value') return asBoolean(r as Extract<Result, { kind: 'deferred' }>);
      if (r.kind === 'value') return asBoolean(l);
      return { kind: 'deferred', secret: l.secret || r.secret, node: { ...node, left: l.node, right: r.node } };
    }
  }
}

function evaluatePipe(input: Node, filters: FilterCall[], env: Env, lenient: boolean): Result {
  const r = evaluate(input, env, lenient || filters.some((f) => f.name === 'default'));
  if (r.kind === 'parts') {
    return evaluatePipe(partsToNode(r.parts, r.what, input.offset), filters, env, lenient);
  }
  if (r.kind === 'deferred') return { ...r, node: { type: 'pipe', input: r.node, filters, offset: input.offset } };
  let value = r.value;
  for (const f of filters) value = applyFilter(f, value, nodeText(input), f.offset);
  return known(value);
}

// A var with run-time pieces can take part in an expression only if it is a single reference.
function asResidualOrValue(r: Result, offset: number): Exclude<Result, { kind: 'parts' }> {
  if (r.kind !== 'parts') return r;
  const node = partsToNode(r.parts, r.what, offset);
  const secret = r.parts.some((p) => typeof p !== 'string' && p.secret === true);
  return { kind: 'deferred', node, secret };
}

// A known value inside a residual expression becomes a literal with the same text (lists as `a,b`).
function toNode(r: Exclude<Result, { kind: 'parts' }>, offset: number): Node {
  if (r.kind === 'deferred') return r.node;
  const v = r.value;
  const value = typeof v === 'boolean' || typeof v === 'number' ? v : toText(v, 'a compared value', offset);
  return { type: 'literal', value, offset };
}

// `true and D` is D's truth, but D alone may be a non-boolean value: keep the result boolean.
function asBoolean(r: Extract<Result, { kind: 'deferred' }>): Result {
  if (r.node.type === 'compare' || r.node.type === 'not' || r.node.type === 'logic') return r;
  const node: Node = { type: 'logic', op: 'and', left: r.node, right: { type: 'literal', value: true, offset: r.node.offset }, offset: r.node.offset };
  return { ...r, node };
}

// Thrown by renderParts when a comparison mixes in run-time values.
export function runtimeComparisonError(offset: number): TemplateError {
  return new TemplateError('comparisons and logic on run-time values (captures, secrets) only work in `when:`', offset, {
    hint: 'move the test into the step’s when:, or capture the value in a separate step',
  });
}
