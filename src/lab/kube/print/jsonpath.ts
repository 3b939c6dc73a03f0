// Evaluating kubectl's JSONPath templates (`kubectl get -o jsonpath=...`). Missing fields print
// nothing (kubectl's default --allow-missing-template-keys=true); maps and lists print as JSON.
import { isObject } from '../store/object.js';
import { parsePath, parseTemplate, type Node, type Path, type Segment } from './jsonpath-parse.js';

export function renderJsonPath(template: string, data: unknown): string {
  const nodes = parseTemplate(template);
  return renderNodes(nodes, data, data);
}

function evalSegments(values: unknown[], segments: Segment[]): unknown[] {
  let cur = values;
  for (const seg of segments) cur = cur.flatMap((v) => step(v, seg));
  return cur;
}

function step(v: unknown, seg: Segment): unknown[] {
  switch (seg.t) {
    case 'field':
      return isObject(v) && seg.name in v ? [v[seg.name]] : [];
    case 'wild':
      return Array.isArray(v) ? v : isObject(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
    case 'names':
      return isObject(v) ? seg.names.filter((n) => n in v).map((n) => v[n]) : [];
    case 'index':
      if (!Array.isArray(v)) return [];
      return seg.indexes.flatMap((i) => {
        const at = i < 0 ? v.length + i : i;
        return at >= 0 && at < v.length ? [v[at]] : [];
      });
    case 'slice': {
      if (!Array.isArray(v)) return [];
      const norm = (x: number) => (x < 0 ? Math.max(0, v.length + x) : Math.min(x, v.length));
      const start = norm(seg.start ?? 0);
      const end = norm(seg.end ?? v.length);
      const stride = seg.step && seg.step > 0 ? seg.step : 1;
      const out: unknown[] = [];
      for (let i = start; i < end; i += stride) out.push(v[i]);
      return out;
    }
    case 'recurse':
      return recurse(v, seg.name);
    case 'filter': {
      const items = Array.isArray(v) ? v : [v];
      return items.filter((item) => matches(item, seg));
    }
  }
}

function recurse(v: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown) => {
    if (isObject(x)) {
      for (const key of Object.keys(x).sort()) {
        if (name === '*' || key === name) out.push(x[key]);
      }
      for (const key of Object.keys(x).sort()) walk(x[key]);
    } else if (Array.isArray(x)) {
      if (name === '*') out.push(...x);
      x.forEach(walk);
    }
  };
  walk(v);
  return out;
}

function matches(item: unknown, seg: Extract<Segment, { t: 'filter' }>): boolean {
  const found = evalSegments([item], seg.path);
  if (!seg.op) return found.length > 0;
  return found.some((left) => compare(left, seg.op!, seg.value));
}

function compare(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '==':
      return left === right || (typeof right === 'number' && Number(left) === right);
    case '!=':
      return !(left === right || (typeof right === 'number' && Number(left) === right));
    case '=~':
      return typeof right === 'string' && new RegExp(right).test(String(left));
    default: {
      const [a, b] = [Number(left), Number(right)];
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
  }
}

function renderNodes(nodes: Node[], root: unknown, current: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.t === 'text') out += node.text;
    else if (node.t === 'expr') out += evalPath(node.path, root, current).map(printValue).join(' ');
    else {
      const found = evalPath(node.path, root, current);
      const items = found.length === 1 && Array.isArray(found[0]) ? found[0] : found;
      for (const item of items) out += renderNodes(node.body, root, item);
    }
  }
  return out;
}

function evalPath(path: Path, root: unknown, current: unknown): unknown[] {
  return evalSegments([path.fromRoot ? root : current], path.segments);
}

// Strings print bare; everything else as compact JSON, as kubectl prints maps and lists.
export function printValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

// For custom-columns: every value one path yields, comma-joined; `<none>` when there is none.
export function columnValue(path: string, obj: unknown): string {
  const spec = path.startsWith('{') ? path.slice(1, -1) : path;
  const found = evalPath(parsePath(spec.trim(), path), obj, obj);
  return found.length === 0 ? '<none>' : found.map(printValue).join(',');
}
