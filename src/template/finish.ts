// The last step before a command is sent (finishParts) or printed (displayParts): deferred refs
// get their run-time values, filters and quoting — or `<captures.x>` / `***` for people to read.
import type { RunTimeValues } from './env.js';
import { evaluate } from './evaluate.js';
import { collectPaths } from './paths.js';
import { newEnv } from './render.js';
import { refToNode } from './residual.js';
import type { Parts, TemplateContext } from './types.js';
import { escapeForContext, rejectNul } from './shell-escape.js';
import { toRawText } from './values.js';

// The command text the engine sends: every deferred ref resolved, filtered and quoted.
export function finishParts(parts: Parts, values: RunTimeValues): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const node = refToNode(p, 0);
      const secretNames = p.secret ? collectPaths(node).map((n) => n.segments[1]?.name ?? '') : [];
      const rt = runTimeContext(values, secretNames);
      const r = evaluate(node, newEnv(rt.ctx, rt.values));
      const value = r.kind === 'value' ? r.value : undefined;
      if (p.quote) return escapeForContext(value, p.context ?? { kind: 'unquoted' }, p.ref, 0);
      const text = toRawText(value, false, p.ref, 0);
      rejectNul(text, p.ref, 0);
      return text;
    })
    .join('');
}

// What dry-run and logs show: captures as `<captures.x>`, secrets as `***`.
export function displayParts(parts: Parts): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.secret ? '***' : `<${p.ref}>`)).join('');
}

/** What a run-time evaluation may see: at least the captures; anything else is optional. */
export type RunTimeContext = Partial<TemplateContext> & { captures: Record<string, unknown>; secrets?: Record<string, unknown> };

// A full context from run-time values. Deferred expressions only refer to captures and secret
// params; `params.x` resolves from `secrets` first (and any name in `secretNames` must be there).
export function runTimeContext(given: RunTimeContext, secretNames: Iterable<string> = []): { ctx: TemplateContext; values: RunTimeValues } {
  const secrets = given.secrets ?? {};
  const ctx: TemplateContext = {
    params: given.params ?? {},
    secretParams: new Set([...(given.secretParams ?? []), ...secretNames]),
    vars: given.vars ?? {},
    hosts: given.hosts ?? {},
    groups: given.groups ?? {},
    run: given.run ?? { id: '' },
    now: given.now ?? new Date(),
    locals: given.locals ?? {},
  };
  return { ctx, values: { captures: given.captures, secrets } };
}
