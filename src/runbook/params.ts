// Binds the values an operator (`-p key=value`) or an including runbook gave to the params a runbook
// declares: coerced to their types, defaults applied, every problem collected. Pure.
import { InputError, type Diagnostic } from '../errors.js';
import { coerceParam } from './coerce.js';
import type { Runbook } from './schema.js';
import { suggest } from './suggest.js';

export interface ResolvedParams {
  /** Every declared param; optional ones with neither value nor default are `undefined`. */
  values: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export function resolveParams(runbook: Pick<Runbook, 'params'>, given: Record<string, unknown>, source: string): ResolvedParams {
  const declared = runbook.params;
  const names = Object.keys(declared);
  const values: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  const report = (name: string, message: string, hint?: string) => diagnostics.push({ file: source, path: `params.${name}`, message, hint });

  for (const name of Object.keys(given)) {
    if (Object.hasOwn(declared, name)) continue;
    const close = suggest(name, names);
    const list = names.length ? `declared params: ${names.join(', ')}` : 'this runbook takes no params';
    report(name, `unknown param "${name}"`, close ? `did you mean "${close}"? ${list}` : list);
  }
  for (const [name, spec] of Object.entries(declared)) {
    const isGiven = Object.hasOwn(given, name) && given[name] !== undefined;
    const raw = isGiven ? given[name] : spec.default;
    if (raw === undefined) {
      if (spec.required) report(name, `missing required param "${name}"`, `pass -p ${name}=VALUE${spec.description ? ` (${spec.description})` : ''}`);
      values[name] = undefined;
      continue;
    }
    if (spec.required && isGiven && raw === '') {
      report(name, `required param "${name}" is empty`, `pass -p ${name}=VALUE`);
      continue;
    }
    const coerced = coerceParam(spec.type, raw, !spec.secret);
    if (!coerced.ok) {
      report(name, `${isGiven ? '' : 'default of '}param "${name}": expected ${coerced.expected}, found ${coerced.found}`);
      continue;
    }
    const bad = spec.enum ? outsideEnum(coerced.value, spec.enum) : undefined;
    if (bad !== undefined) {
      const close = suggest(String(bad), spec.enum!.map(String));
      const shown = spec.secret ? 'a value' : JSON.stringify(bad);
      report(name, `param "${name}" must be one of ${spec.enum!.map((e) => JSON.stringify(e)).join(', ')}, found ${shown}`, close && !spec.secret ? `did you mean "${close}"?` : undefined);
      continue;
    }
    values[name] = coerced.value;
  }
  return { values, diagnostics };
}

// The first value (or list item) not among the allowed ones; compared as text so `-p n=3` matches 3.
function outsideEnum(value: unknown, allowed: ReadonlyArray<string | number>): unknown {
  const ok = new Set(allowed.map(String));
  const items = Array.isArray(value) ? value : [value];
  return items.find((v) => !ok.has(String(v)));
}

// `-p key=value` flags as given on the command line; the value may itself contain "=".
export function parseParamFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: Diagnostic[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (eq < 0 && flag.trim()) {
      problems.push({ message: `-p ${flag}: expected key=value`, hint: `write -p ${flag}=VALUE` });
    } else if (!key) {
      // Never echo the value: it may be a secret.
      problems.push({ message: '-p with an empty key: expected key=value', hint: 'write -p NAME=VALUE' });
    } else if (Object.hasOwn(out, key)) {
      problems.push({ message: `-p ${key} given more than once`, hint: 'pass each param once' });
    } else out[key] = flag.slice(eq + 1);
  }
  if (problems.length) throw new InputError(problems);
  return out;
}
