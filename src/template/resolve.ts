// Looks a path up in the context. Undefined names fail loudly with the nearest defined one;
// captures and secret params become deferred (known only at run time); `hosts.` and `groups.`
// match the longest known name, because inventory names may contain dots.
import type { Node, PathSegment } from './ast.js';
import type { Env, Result } from './env.js';
import { known } from './env.js';
import { TemplateError } from './errors.js';
import { pathText } from './serialize.js';
import { closestName } from './suggest.js';
import { expandVarValue } from './vars.js';
import { isRecord } from './values.js';

type PathNode = Extract<Node, { type: 'path' }>;
const ROOTS = ['params', 'vars', 'captures', 'hosts', 'groups', 'run', 'now'];

// Resolves one path; with `lenient` (a `default` filter follows) an undefined name is undefined.
export function resolvePath(node: PathNode, env: Env, lenient: boolean): Result {
  const { ctx, runtime } = env;
  const segs = node.segments;
  const root = segs[0].name;
  const missing = (message: string, hint?: string): Result => {
    if (lenient) return known(undefined);
    throw new TemplateError(message, node.offset, { hint });
  };
  if (segs.length === 1 && ['params', 'vars', 'captures', 'hosts', 'groups'].includes(root)) {
    throw new TemplateError(`${root} needs a name, e.g. ${root}.${root === 'hosts' ? 'master-0.address' : 'x'}`, node.offset);
  }
  const name = segs[1]?.name;
  switch (root) {
    case 'params': {
      if (ctx.secretParams.has(name) || (runtime && Object.hasOwn(runtime.secrets, name))) {
        if (!runtime) return { kind: 'deferred', node, secret: true };
        if (!Object.hasOwn(runtime.secrets, name)) return missing(`secret params.${name} has no value at run time`);
        return walk(runtime.secrets[name], segs, 2, node, lenient);
      }
      if (!Object.hasOwn(ctx.params, name)) return undefinedName(`params.${name}`, name, Object.keys(ctx.params), 'params', missing);
      return walk(ctx.params[name], segs, 2, node, lenient);
    }
    case 'captures': {
      if (!runtime) return { kind: 'deferred', node, secret: false };
      if (!Object.hasOwn(runtime.captures, name)) {
        return missing(`captures.${name} was never captured — did an earlier step that captures it get skipped?`);
      }
      return walk(runtime.captures[name], segs, 2, node, lenient);
    }
    case 'vars': {
      if (!Object.hasOwn(ctx.vars, name)) return undefinedName(`vars.${name}`, name, Object.keys(ctx.vars), 'vars', missing);
      const r = walk(ctx.vars[name], segs, 2, node, lenient);
      return r.kind === 'value' ? expandVarValue(r.value, pathText(segs), node.offset, env) : r;
    }
    case 'hosts':
    case 'groups': {
      const table: Record<string, unknown> = root === 'hosts' ? ctx.hosts : ctx.groups;
      const match = longestKey(segs, table);
      if (!match) {
        const guess = segs.length > 3 ? segs.slice(1, -1).map((s) => s.name).join('.') : name;
        const what = root === 'hosts' ? 'host' : 'group';
        const near = closestName(guess, Object.keys(table));
        return missing(`${what} '${guess}' is not in the inventory${near ? ` (did you mean '${near}'?)` : ''}`, listHint(`${what}s`, Object.keys(table)));
      }
      return walk(table[match.key], segs, match.next, node, lenient);
    }
    case 'run':
      return walk(ctx.run, segs, 1, node, lenient);
    case 'now':
      if (segs.length > 1) throw new TemplateError(`now has no field '${name}'`, node.offset, { hint: "format it: now | date('YYYYMMDD')" });
      return known(ctx.now);
  }
  if (Object.hasOwn(ctx.locals, root)) return walk(ctx.locals[root], segs, 1, node, lenient);
  const candidates = [...ROOTS, ...Object.keys(ctx.locals)];
  return undefinedName(root, root, candidates, undefined, missing);
}

function undefinedName(full: string, name: string, candidates: string[], prefix: string | undefined, missing: (m: string, h?: string) => Result): Result {
  const near = closestName(name, candidates);
  const suggestion = near ? ` (did you mean ${prefix ? `${prefix}.` : ''}${near}?)` : '';
  return missing(`${full} is not defined${suggestion}`, listHint(prefix ? `defined ${prefix}` : 'names', candidates));
}

function listHint(label: string, names: string[]): string {
  if (names.length === 0) return `there are no ${label}`;
  const shown = names.slice(0, 12).join(', ');
  return `${label}: ${shown}${names.length > 12 ? ', …' : ''}`;
}

// The longest key made of consecutive dotted segments from index 1; a bracketed segment is a key on its own.
function longestKey(segs: PathSegment[], table: Record<string, unknown>): { key: string; next: number } | undefined {
  if (segs[1].bracket) return Object.hasOwn(table, segs[1].name) ? { key: segs[1].name, next: 2 } : undefined;
  let end = 1;
  while (end < segs.length && !segs[end].bracket) end++;
  for (; end > 1; end--) {
    const key = segs.slice(1, end).map((s) => s.name).join('.');
    if (Object.hasOwn(table, key)) return { key, next: end };
  }
  return undefined;
}

// Follows the remaining segments into objects (by key) and lists (by index).
function walk(value: unknown, segs: PathSegment[], from: number, node: PathNode, lenient: boolean): Result {
  let v = value;
  for (let i = from; i < segs.length; i++) {
    const key = segs[i].name;
    const here = pathText(segs.slice(0, i));
    if (Array.isArray(v) && /^[0-9]+$/.test(key) && Number(key) < v.length) v = v[Number(key)];
    else if (isRecord(v) && Object.hasOwn(v, key)) v = v[key];
    else if (lenient) return known(undefined);
    else {
      const fields = isRecord(v) ? Object.keys(v) : [];
      const near = closestName(key, fields);
      const kind = isRecord(v) ? '' : Array.isArray(v) ? ` (a list of ${v.length})` : ` (${typeof v === 'string' ? 'text' : String(v)})`;
      throw new TemplateError(`${here}.${key} is not defined${kind}${near ? ` (did you mean ${here}.${near}?)` : ''}`, node.offset, {
        hint: fields.length ? listHint(`fields of ${here}`, fields) : undefined,
      });
    }
  }
  return known(v);
}
