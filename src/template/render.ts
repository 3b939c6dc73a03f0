// Renders templates into Parts for plans: literal text stays literal, each `{{ expr }}` is
// substituted (shell-quoted in commands unless `| raw`), and captures and secret params stay
// DeferredRefs until the engine finishes them just before a command is sent.
import type { Node, Segment } from './ast.js';
import type { Env, RunTimeValues } from './env.js';
import { TemplateError } from './errors.js';
import { evaluate, runtimeComparisonError } from './evaluate.js';
import { collectPaths } from './paths.js';
import { shellQuote } from './quote.js';
import { pathText } from './serialize.js';
import { parseTemplate, soleExpression } from './template.js';
import type { DeferredRef, Parts, TemplateContext } from './types.js';
import { toRawText, toShellWords } from './values.js';

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
  for (const segment of parseTemplate(template)) {
    const parts = segment.type === 'text' ? [segment.text] : renderExpression(segment, env, shell);
    if (!allowDeferred && segment.type === 'expr') {
      const ref = parts.find((p) => typeof p !== 'string');
      if (ref) throw onlyAtRunTime(ref.ref, segment.offset);
    }
    parts.forEach(push);
  }
  return out;
}

function renderExpression(segment: Extract<Segment, { type: 'expr' }>, env: Env, shell: boolean): Parts {
  const { core, mode } = splitQuoting(segment.node, shell);
  const r = evaluate(core, env);
  const what = pathOrText(core);
  if (r.kind === 'value') {
    return [mode === 'quote' ? toShellWords(r.value, what, core.offset) : toRawText(r.value, shell, what, core.offset)];
  }
  if (r.kind === 'parts') {
    // Quoting each piece separately is still one shell word: adjacent quoted strings concatenate.
    if (mode !== 'quote') return r.parts;
    return r.parts.map((p) => (typeof p === 'string' ? (p === '' ? p : shellQuote(p)) : { ...p, quote: true }));
  }
  const node = r.node;
  const path = node.type === 'pipe' ? node.input : node;
  if (path.type !== 'path') throw runtimeComparisonError(segment.offset);
  const filters = node.type === 'pipe' ? node.filters.map((f) => ({ name: f.name, args: f.args })) : [];
  const ref: DeferredRef = { ref: pathText(path.segments), filters, quote: mode === 'quote' };
  if (r.secret) ref.secret = true;
  return [ref];
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

function pathOrText(node: Node): string {
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
