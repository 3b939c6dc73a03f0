// Renders templates into Parts for plans: literal text stays literal, each `{{ expr }}` is
// substituted (shell-quoted in commands unless `| raw`), and captures and secret params stay
// DeferredRefs until the engine finishes them just before a command is sent.
import type { Node, Segment } from './ast.js';
import type { Env, RunTimeValues } from './env.js';
import { TemplateError } from './errors.js';
import { evaluate, runtimeComparisonError } from './evaluate.js';
import { collectPaths } from './paths.js';
import { escapeForContext, rejectNul } from './shell-escape.js';
import { placeExpressions, type Placement, type QuoteContext } from './shell-lex.js';
import { pathText } from './serialize.js';
import { parseTemplate, soleExpression } from './template.js';
import type { DeferredRef, Parts, TemplateContext } from './types.js';
import { toRawText } from './values.js';

type Mode = 'quote' | 'raw' | 'plain';

// Parts of a template for a plan: commands use `{ shell: true }`, paths/messages `{ shell: false }`.
export function renderParts(template: string, ctx: TemplateContext, opts: { shell: boolean }): Parts {
  return renderWith(template, newEnv(ctx), opts.shell, true);
}

// Text that must be fully known at compile time (targets, file paths on the operator's machine…).
export function renderString(template: string, ctx: TemplateContext): string {
  return renderWith(template, newEnv(ctx), false, false).join('');
}

// A value that may be a list or a number (`items: "{{ groups.etcd }}"`) when the template is a
// single expression; otherwise the rendered string.
export function renderValue(template: string, ctx: TemplateContext): unknown {
  const node = soleExpression(parseTemplate(template));
  if (!node) return renderString(template, ctx);
  const r = evaluate(node, newEnv(ctx));
  if (r.kind === 'value') return r.value;
  throw onlyAtRunTime(r.kind === 'parts' ? r.what : describeDeferred(r.node), node.offset);
}

// The evaluation environment; with `runtime`, captures and secrets resolve instead of deferring.
export function newEnv(ctx: TemplateContext, runtime?: RunTimeValues): Env {
  return { ctx, runtime, varStack: [], expandVar: (text, env) => renderWith(text, env, false, true) };
}

function renderWith(template: string, env: Env, shell: boolean, allowDeferred: boolean): Parts {
  const out: Parts = [];
  const push = (p: Parts[number]) => {
    if (p === '') return;
    const last = out.length - 1;
    if (typeof p === 'string' && typeof out[last] === 'string') out[last] += p;
    else out.push(p);
  };
  const segments = parseTemplate(template);
  const placements = shell ? placeExpressions(segments) : [];
  let k = 0;
  for (const segment of segments) {
    const parts = segment.type === 'text' ? [segment.text] : renderExpression(segment, env, shell, placements[k++]);
    if (!allowDeferred && segment.type === 'expr') {
      const ref = parts.find((p) => typeof p !== 'string');
      if (ref) throw onlyAtRunTime(ref.ref, segment.offset);
    }
    parts.forEach(push);
  }
  return out;
}

// In a command, `placement` says where the expression stands in the shell's grammar, and so how
// its value is escaped (or that it cannot be, unless `| raw`).
function renderExpression(segment: Extract<Segment, { type: 'expr' }>, env: Env, shell: boolean, placement?: Placement): Parts {
  const { core, mode } = splitQuoting(segment.node, shell);
  const what = pathOrText(core);
  if (placement?.kind === 'unsafe' && mode !== 'raw') throw unsafePlacement(what, placement, segment.offset);
  const context: QuoteContext = placement && placement.kind !== 'unsafe' ? placement : { kind: 'unquoted' };
  const r = evaluate(core, env);
  if (r.kind === 'value') {
    if (mode === 'quote') return [escapeForContext(r.value, context, what, core.offset)];
    const text = toRawText(r.value, shell, what, core.offset);
    rejectNul(text, what, core.offset);
    return [text];
  }
  const tag = (p: DeferredRef): DeferredRef => (context.kind === 'unquoted' ? { ...p, quote: true } : { ...p, quote: true, context });
  if (r.kind === 'parts') {
    // Escaping each piece separately is still one shell word: adjacent quoted strings concatenate.
    if (mode !== 'quote') return r.parts;
    return r.parts.map((p) => (typeof p === 'string' ? (p === '' ? p : escapeForContext(p, context, what, core.offset)) : tag(p)));
  }
  const node = r.node;
  const path = node.type === 'pipe' ? node.input : node;
  if (path.type !== 'path') throw runtimeComparisonError(segment.offset);
  const filters = node.type === 'pipe' ? node.filters.map((f) => ({ name: f.name, args: f.args })) : [];
  let ref: DeferredRef = { ref: pathText(path.segments), filters, quote: false };
  if (mode === 'quote') ref = tag(ref);
  if (r.secret) ref.secret = true;
  return [ref];
}

// The load error for a value where no escape keeps it literal.
export function unsafePlacement(what: string, p: Extract<Placement, { kind: 'unsafe' }>, offset: number): TemplateError {
  return new TemplateError(`${what} stands ${p.why}`, offset, { hint: p.hint });
}

// Whether an expression ends in `| raw` (its value is inserted as written).
export function isRaw(node: Node): boolean {
  return node.type === 'pipe' && node.filters[node.filters.length - 1].name === 'raw';
}

// A trailing `| raw` or `| quote` decides quoting and is not applied as a filter, so an explicit
// `| quote` in a command is quoted once, not twice.
function splitQuoting(node: Node, shell: boolean): { core: Node; mode: Mode } {
  const fallback: Mode = shell ? 'quote' : 'plain';
  if (node.type !== 'pipe') return { core: node, mode: fallback };
  const last = node.filters[node.filters.length - 1];
  if (last.name !== 'raw' && last.name !== 'quote') return { core: node, mode: fallback };
  const rest = node.filters.slice(0, -1);
  const core: Node = rest.length ? { ...node, filters: rest } : node.input;
  return { core, mode: last.name === 'raw' ? 'raw' : 'quote' };
}

// How messages name an expression: its path (`params.host`), else "the value".
export function pathOrText(node: Node): string {
  return node.type === 'path' ? pathText(node.segments) : node.type === 'pipe' ? pathOrText(node.input) : 'the value';
}

// Names the first run-time reference of a deferred expression for error messages.
function describeDeferred(node: Node): string {
  const ref = collectPaths(node).find((p) => p.segments[0].name === 'captures' || p.segments[0].name === 'params');
  return ref ? pathText(ref.segments) : 'the value';
}

// Where the value itself is needed at compile time, a capture or secret is an input error.
export function onlyAtRunTime(what: string, offset: number): TemplateError {
  return new TemplateError(`${what} is only known at run time`, offset, {
    hint: 'captures and secret params can be used in commands, not where the plan needs the value itself',
  });
}

/** A template split into literal text and compile-time values, for languages other than the shell. */
export type Piece = string | { text: string; items: string[]; raw: boolean; offset: number };

// Each `{{ }}` evaluated to text (lists joined with `,`), with whether it ended in `| raw`; the
// caller escapes the values for its own language (regexes, result conditions). `items` keeps a
// list's elements apart.
export function renderPieces(template: string, ctx: TemplateContext): Piece[] {
  const env = newEnv(ctx);
  return parseTemplate(template).map((s) => {
    if (s.type === 'text') return s.text;
    const raw = isRaw(s.node);
    const { core } = splitQuoting(s.node, false);
    const r = evaluate(core, env);
    if (r.kind !== 'value') throw onlyAtRunTime(r.kind === 'parts' ? r.what : describeDeferred(r.node), s.offset);
    const value = Array.isArray(r.value) ? r.value : [r.value];
    const items = value.map((v) => toRawText(v, false, pathOrText(core), core.offset));
    return { text: items.join(','), items, raw, offset: s.offset };
  });
}
