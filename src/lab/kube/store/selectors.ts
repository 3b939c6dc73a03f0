// Label selectors (`-l app=x,tier!=db,env in (a,b),!canary`) and field selectors
// (`--field-selector spec.nodeName=master-0,status.phase!=Running`).
import { ToolError } from '../cli/errors.js';
import type { K8sObject } from './object.js';

export type Matcher = (obj: K8sObject) => boolean;

// Commas separate requirements except inside `in (a,b)`.
function requirements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function labelSelector(text: string | undefined): Matcher {
  if (!text) return () => true;
  const tests = requirements(text).map((req): ((l: Record<string, string>) => boolean) => {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req))) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim());
      return op === 'in' ? (l) => key in l && values.includes(l[key]) : (l) => !(key in l) || !values.includes(l[key]);
    }
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(req))) {
      const [, key, op, value] = m;
      return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    if ((m = /^!([\w./-]+)$/.exec(req))) {
      const key = m[1];
      return (l) => !(key in l);
    }
    if ((m = /^([\w./-]+)$/.exec(req))) {
      const key = m[1];
      return (l) => key in l;
    }
    throw new ToolError(`error: unable to parse requirement: found '${req}', expected: identifier`);
  });
  return (obj) => tests.every((t) => t(obj.metadata.labels ?? {}));
}

export function fieldSelector(text: string | undefined): Matcher {
  if (!text) return () => true;
  const tests = requirements(text).map((req) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(req);
    if (!m) throw new ToolError(`error: invalid selector: '${req}'; can't understand '${req}'`);
    const [, path, op, value] = m;
    const read = (obj: K8sObject) => {
      let cur: unknown = obj;
      for (const part of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
      return cur === undefined ? '' : String(cur);
    };
    return op === '!=' ? (o: K8sObject) => read(o) !== value : (o: K8sObject) => read(o) === value;
  });
  return (obj) => tests.every((t) => t(obj));
}
