// What the plan compiler would reject that needs no params and no inventory, checked at load so
// `opsctl validate` reports it with a position: references to undeclared params and vars or to
// loop variables out of scope, vars that refer to each other in a cycle, capture regexes and JSON
// paths that do not parse, and param defaults of the wrong type. Pure; runs on the parsed data
// once the schema accepted it.
import type { Diagnostic } from '../errors.js';
import { parseJsonPath } from '../engine/json-path.js';
import { closestName, referencesAt, type Reference } from '../template/index.js';
import { resolveParams } from './params.js';
import type { Runbook } from './schema.js';
import type { LocateAt } from './template-checks.js';
import { formatPath, type FieldPath } from './yaml-locate.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const ALWAYS = new Set(['captures', 'hosts', 'groups', 'host', 'inventory_hostname']);
const NOT_TEMPLATES = new Set(['id', 'capture', 'kind', 'okExitCodes']);

export function checkStatic(runbook: Runbook, data: Obj, file: string, locateAt: LocateAt): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: FieldPath, offset: number, message: string, hint?: string) => {
    const at = locateAt(path, offset);
    out.push({ file, line: at?.line, col: at?.col, path: formatPath(path), message, ...(hint ? { hint } : {}) });
  };
  const params = new Set(Object.keys(runbook.params));
  const vars = new Set(Object.keys(runbook.vars));

  // One templated string: its references must resolve in this scope.
  const check = (value: string, path: FieldPath, locals: string[] | undefined, condition = false) => {
    if (!condition && !value.includes('{{')) return;
    for (const r of referencesAt(value, { condition })) {
      const problem = unresolved(r, params, vars, locals);
      if (problem) report(path, r.offset, problem.message, problem.hint);
    }
  };
  const strings = (value: unknown, path: FieldPath, locals: string[] | undefined) => {
    if (typeof value === 'string') check(value, path, locals, path[path.length - 1] === 'when' && typeof path[path.length - 2] === 'number');
    else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, i], locals));
    else if (isObj(value)) for (const [k, v] of Object.entries(value)) if (k !== 'steps') strings(v, [...path, k], locals);
  };
  const steps = (list: unknown, path: FieldPath, locals: string[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((step, i) => {
      if (!isObj(step)) return;
      const at = [...path, i];
      const inner = isObj(step.foreach) ? [...locals, String(step.foreach.as)] : locals;
      // A foreach's `on:` (and sudo) is inherited by its steps, so it is resolved in their scope.
      for (const [k, v] of Object.entries(step)) if (!NOT_TEMPLATES.has(k)) strings(v, [...at, k], k === 'on' ? inner : locals);
      checkCaptures(step.capture, [...at, 'capture'], report);
      if (isObj(step.foreach)) steps(step.foreach.steps, [...at, 'foreach', 'steps'], inner);
    });
  };

  strings(data.targets, ['targets'], []);
  strings(data.lock, ['lock'], []);
  // A var is expanded where it is used, so a loop variable may be in scope there: not checked.
  strings(data.vars, ['vars'], undefined);
  steps(data.steps, ['steps'], []);
  steps(data.finally, ['finally'], []);
  checkVarCycles(runbook, report);
  checkParamDefaults(runbook, file, (name, message) => report(['params', name, 'default'], 0, message));
  return out;
}

// Why a reference would fail to compile, or undefined. `locals` undefined: any loop variable may exist.
function unresolved(r: Reference, params: Set<string>, vars: Set<string>, locals: string[] | undefined): { message: string; hint?: string } | undefined {
  if (r.lenient) return undefined;
  const [root, name] = r.segments;
  const known = (kind: string, set: Set<string>) => {
    if (name === undefined) return { message: `${root} needs a name, e.g. ${root}.x` };
    if (set.has(name)) return undefined;
    const list = [...set];
    const near = closestName(name, list);
    const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ');
    return { message: `${kind}.${name} is not declared${near ? ` (did you mean ${kind}.${near}?)` : ''}`, hint: list.length ? `declared ${kind}: ${shown}` : `this runbook declares no ${kind}` };
  };
  if (root === 'params') return known('params', params);
  if (root === 'vars') return known('vars', vars);
  if (root === 'run') return name === 'id' && r.segments.length === 2 ? undefined : { message: `run has only the field id (run.id)` };
  if (root === 'now') return r.segments.length === 1 ? undefined : { message: "now has no fields", hint: "format it: now | date('YYYYMMDD')" };
  if (ALWAYS.has(root) || locals === undefined || locals.includes(root)) return undefined;
  const near = closestName(root, [...locals, 'params', 'vars', 'captures', 'hosts', 'groups', 'host', 'run', 'now']);
  return {
    message: `${root} is not defined here${near ? ` (did you mean ${near}?)` : ''}`,
    hint: locals.length ? `loop variables in scope: ${locals.join(', ')}` : 'a loop variable exists only inside its foreach',
  };
}

function checkCaptures(capture: unknown, path: FieldPath, report: (path: FieldPath, offset: number, message: string) => void): void {
  if (!isObj(capture)) return;
  for (const [name, spec] of Object.entries(capture)) {
    if (!isObj(spec)) continue;
    if (typeof spec.regex === 'string') {
      try {
        new RegExp(spec.regex, 'm');
      } catch (e) {
        report([...path, name, 'regex'], 0, `capture ${name}: ${(e as Error).message.replace(/^Invalid regular expression: /, 'invalid regular expression ')}`);
      }
    }
    if (typeof spec.json === 'string' && !parseJsonPath(spec.json)) {
      report([...path, name, 'json'], 0, `capture ${name}: bad JSON path "${spec.json}"`);
    }
  }
}

// vars: a → b → a would recurse at the first use; reported once per cycle, at its first var.
function checkVarCycles(runbook: Runbook, report: (path: FieldPath, offset: number, message: string, hint?: string) => void): void {
  const deps = new Map<string, string[]>();
  for (const [name, value] of Object.entries(runbook.vars)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    deps.set(name, texts.flatMap((t) => referencesAt(t).filter((r) => r.segments[0] === 'vars' && r.segments[1]).map((r) => r.segments[1])));
  }
  // Depth-first without recursion: a hostile runbook may chain thousands of vars.
  const state = new Map<string, 'active' | 'done'>();
  for (const start of deps.keys()) {
    if (state.has(start)) continue;
    const path: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    state.set(start, 'active');
    while (path.length) {
      const top = path[path.length - 1];
      const d = (deps.get(top.name) ?? [])[top.next++];
      if (d === undefined) {
        state.set(top.name, 'done');
        path.pop();
      } else if (state.get(d) === 'active') {
        const names = path.map((p) => p.name);
        const cycle = [...names.slice(names.indexOf(d)), d];
        report(['vars', d], 0, `vars refer to each other in a cycle: ${cycle.join(' → ')}`, 'a var may not depend on itself, directly or through other vars');
      } else if (!state.has(d) && deps.has(d)) {
        state.set(d, 'active');
        path.push({ name: d, next: 0 });
      }
    }
  }
}

// A default the declared type or enum rejects fails every plan that does not override it.
function checkParamDefaults(runbook: Runbook, file: string, report: (name: string, message: string) => void): void {
  for (const [name, spec] of Object.entries(runbook.params)) {
    if (spec.default === undefined) continue;
    for (const d of resolveParams({ params: { [name]: spec } }, {}, file).diagnostics) report(name, d.message);
  }
}
