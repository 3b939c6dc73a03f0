// `vars` are templates themselves (`backupDir: "{{ params.backupRoot }}/{{ now | date('YYYYMMDD') }}"`),
// expanded lazily when referenced, in plain mode, with cycles reported instead of recursing forever.
import type { Env, Result } from './env.js';
import { known } from './env.js';
import { TemplateError } from './errors.js';
import type { Parts } from './types.js';

const cycleErrors = new WeakSet<TemplateError>();
// Each var referring to the next recurses once; far beyond any real runbook.
const MAX_VAR_DEPTH = 32;

// Expands a var's value: strings are rendered, lists element by element; other values as they are.
export function expandVarValue(value: unknown, what: string, offset: number, env: Env): Result {
  if (typeof value === 'string') {
    const parts = expandText(value, what, offset, env);
    if (parts.every((p) => typeof p === 'string')) return known(parts.join(''));
    return { kind: 'parts', parts, what };
  }
  if (Array.isArray(value)) {
    return known(
      value.map((item, i) => {
        if (typeof item !== 'string') return item;
        const parts = expandText(item, `${what}.${i}`, offset, env);
        if (parts.every((p) => typeof p === 'string')) return parts.join('');
        throw new TemplateError(`${what}.${i} uses a value only known at run time; a list var cannot`, offset);
      }),
    );
  }
  return known(value);
}

function expandText(text: string, what: string, offset: number, env: Env): Parts {
  if (!text.includes('{{')) return [text];
  if (env.varStack.length >= MAX_VAR_DEPTH) {
    const e = new TemplateError(`vars refer through more than ${MAX_VAR_DEPTH} other vars (${env.varStack[0]} → … → ${what})`, offset, { hint: 'flatten the chain of vars' });
    cycleErrors.add(e); // reported once, not wrapped at every level
    throw e;
  }
  if (env.varStack.includes(what)) {
    const chain = [...env.varStack.slice(env.varStack.indexOf(what)), what].join(' → ');
    const e = new TemplateError(`vars refer to each other in a cycle: ${chain}`, offset, { hint: 'a var may not depend on itself, directly or through other vars' });
    cycleErrors.add(e);
    throw e;
  }
  try {
    return env.expandVar(text, { ...env, varStack: [...env.varStack, what] });
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    // Offsets inside the var's text mean nothing in the template that referenced it: re-anchor.
    const message = cycleErrors.has(e) ? e.message : `in ${what}: ${e.message}`;
    const outer = new TemplateError(message, offset, { hint: e.hint, cause: e });
    if (cycleErrors.has(e)) cycleErrors.add(outer);
    throw outer;
  }
}
