// `when:` conditions. Decided at compile time when every value is known; otherwise the result is
// deferred as *residual expression text*: the condition with every compile-time value folded in
// as a literal, leaving only `captures.*` and secret `params.*` references, e.g.
//   when: "params.enabled and captures.role == params.wanted"  →  ["captures.role == 'leader'"]
// The plan stores that (one literal part; displayParts shows it as is, no secret values in it) and
// the engine calls evaluateDeferredCondition(parts, { captures, secrets }) (or
// evaluateConditionAtRunTime on the text) when the step is
// reached. No foreach locals, hosts or vars are needed at run time: they were folded already.
import { TemplateError } from './errors.js';
import { evaluate } from './evaluate.js';
import { runTimeContext, type RunTimeContext } from './finish.js';
import { newEnv } from './render.js';
import { partsToNode } from './residual.js';
import { nodeText } from './serialize.js';
import { parseCondition } from './template.js';
import type { Parts, TemplateContext } from './types.js';
import { isTruthy } from './values.js';

// Known now, or residual expression text for the plan's `when`.
export type ConditionResult = { value: boolean } | { deferred: Parts };

// Compile-time evaluation of a `when:` (written bare or inside `{{ }}`).
export function evaluateCondition(expr: string | boolean, ctx: TemplateContext): ConditionResult {
  if (typeof expr === 'boolean') return { value: expr };
  const env = newEnv(ctx);
  let r = evaluate(parseCondition(expr), env);
  if (r.kind === 'parts') r = evaluate(partsToNode(r.parts, r.what, 0), env);
  if (r.kind === 'value') return { value: isTruthy(r.value) };
  if (r.kind === 'deferred') return { deferred: [nodeText(r.node)] };
  throw new TemplateError(`${r.what} cannot be used as a condition`, 0);
}

// Run-time evaluation of residual text from evaluateCondition: `{ captures, secrets }` is enough.
// Other context fields are only needed for a condition that was never compiled (raw `when:` text).
export function evaluateConditionAtRunTime(exprText: string, ctx: RunTimeContext): boolean {
  const node = parseCondition(exprText);
  const rt = runTimeContext(ctx);
  const r = evaluate(node, newEnv(rt.ctx, rt.values));
  if (r.kind !== 'value') throw new TemplateError(`condition '${exprText}' could not be decided at run time`, 0);
  return isTruthy(r.value);
}

// The same, for the parts stored in PlanStep.when.
export function evaluateDeferredCondition(parts: Parts, ctx: RunTimeContext): boolean {
  const text = parts.map((p) => (typeof p === 'string' ? p : p.ref)).join('');
  return evaluateConditionAtRunTime(text, ctx);
}
