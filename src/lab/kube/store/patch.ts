// The three patch types of `kubectl patch --type`: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902) and strategic merge, which the lab applies as a merge patch (lists replaced).
import { ToolError } from '../cli/errors.js';
import { clone, isObject } from './object.js';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

const decode = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ToolError(`The request is invalid: the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map(decode);
}

function missing(op: string, path: string): never {
  throw new ToolError(`The request is invalid: the server rejected our request due to an error in our request: jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

function parentOf(doc: unknown, tokens: string[], op: string, path: string): [Record<string, unknown> | unknown[], string] {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) missing(op, path);
  }
  if (!Array.isArray(cur) && !isObject(cur)) missing(op, path);
  return [cur, tokens.at(-1)!];
}

function read(doc: unknown, path: string, op: string): unknown {
  let cur = doc;
  for (const t of pointer(path)) {
    cur = Array.isArray(cur) ? cur[t === '-' ? cur.length : Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (cur === undefined) missing(op, path);
  }
  return cur;
}

function removeAt(doc: unknown, path: string, op: string): unknown {
  const [parent, key] = parentOf(doc, pointer(path), op, path);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) missing(op, path);
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent)) missing(op, path);
  const v = parent[key];
  delete parent[key];
  return v;
}

function addAt(doc: unknown, path: string, value: unknown, op: string, replace: boolean): void {
  const [parent, key] = parentOf(doc, pointer(path), op, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length)) missing(op, path);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !(key in parent)) missing(op, path);
    parent[key] = value;
  }
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new ToolError('error: unable to parse "json" patch: a JSON patch must be a list of operations');
  const doc = clone(target);
  for (const raw of ops as Operation[]) {
    const { op, path } = raw;
    switch (op) {
      case 'add':
        addAt(doc, path, clone(raw.value), op, false);
        break;
      case 'replace':
        addAt(doc, path, clone(raw.value), op, true);
        break;
      case 'remove':
        removeAt(doc, path, op);
        break;
      case 'move':
        addAt(doc, path, removeAt(doc, raw.from ?? '', op), op, false);
        break;
      case 'copy':
        addAt(doc, path, clone(read(doc, raw.from ?? '', op)), op, false);
        break;
      case 'test':
        if (JSON.stringify(read(doc, path, op)) !== JSON.stringify(raw.value)) {
          throw new ToolError(`The request is invalid: the server rejected our request due to an error in our request: testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw new ToolError(`The request is invalid: the server rejected our request due to an error in our request: Unexpected kind: ${op}`);
    }
  }
  return doc;
}
