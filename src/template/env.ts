// What the evaluator carries while it walks an expression, and what it hands back.
import type { Node } from './ast.js';
import type { Parts, TemplateContext } from './types.js';

/** Values only the engine knows, supplied when deferred parts and conditions are finished. */
export interface RunTimeValues {
  captures: Record<string, unknown>;
  /** Secret params by name (without the `params.` prefix). */
  secrets: Record<string, unknown>;
}

export interface Env {
  ctx: TemplateContext;
  /** Present at run time: captures and secrets resolve instead of being deferred. */
  runtime?: RunTimeValues;
  /** Vars being expanded, outermost first, to report cycles. */
  varStack: string[];
  /** Renders a var's template text in plain mode (injected to keep modules acyclic). */
  expandVar: (text: string, env: Env) => Parts;
}

/**
 * A known value; a residual expression over captures/secrets to evaluate at run time; or the
 * parts of a var whose template mixes text with run-time values.
 */
export type Result =
  | { kind: 'value'; value: unknown }
  | { kind: 'deferred'; node: Node; secret: boolean }
  | { kind: 'parts'; parts: Parts; what: string };

// Shorthand for a known value.
export const known = (value: unknown): Result => ({ kind: 'value', value });
