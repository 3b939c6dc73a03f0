// The keys a mapping may carry at a given path, so an unknown key can be answered with "did you
// mean ...". Taken from the zod shapes in schema.ts wherever they are reachable. Pure.
import { assertSpec, captureSpec, confirmSpec, copySpec, editSpec, fetchSpec, includeSpec, paramSpec, runbookSchema, STEP_KEYS, waitSpec } from './schema.js';
import type { FieldPath } from './yaml-locate.js';

// The foreach body schema is built inline in schema.ts (it recurses through stepSchema).
const FOREACH_KEYS = ['items', 'as', 'serial', 'parallel', 'steps'];

const keys = (shape: object): string[] => Object.keys(shape);
const objectOption = (options: readonly unknown[]): string[] => {
  const obj = options.find((o): o is { shape: object } => typeof o === 'object' && o !== null && 'shape' in o);
  return obj ? keys(obj.shape) : [];
};

const KIND_KEYS: Record<string, string[]> = {
  copy: keys(copySpec.shape),
  fetch: keys(fetchSpec.shape),
  edit: keys(editSpec.shape),
  wait: keys(waitSpec.shape),
  include: keys(includeSpec.shape),
  foreach: FOREACH_KEYS,
  assert: objectOption(assertSpec.options),
  confirm: objectOption(confirmSpec.options),
};

const EDIT_OP_KEYS: Record<string, string[]> = {
  removeFromList: keys(editSpec.shape.removeFromList.unwrap().shape),
  removeHostFromGroups: keys(editSpec.shape.removeHostFromGroups.unwrap().shape),
};

// True when `path` ends at a step: steps[i], finally[i], or a foreach's steps[i].
export function isStepPath(path: FieldPath): boolean {
  const n = path.length;
  return n >= 2 && typeof path[n - 1] === 'number' && (path[n - 2] === 'steps' || (path[n - 2] === 'finally' && n === 2));
}

// The keys allowed in the mapping at `path`, or [] when we do not know (no suggestion then).
export function knownKeysAt(path: FieldPath): readonly string[] {
  const n = path.length;
  if (n === 0) return keys(runbookSchema.shape);
  if (n === 1 && path[0] === 'metadata') return keys(runbookSchema.shape.metadata.shape);
  if (n === 2 && path[0] === 'params') return keys(paramSpec.shape);
  if (isStepPath(path)) return STEP_KEYS;
  const parent = path.slice(0, -1);
  const last = String(path[n - 1]);
  if (isStepPath(parent)) return KIND_KEYS[last] ?? [];
  if (n >= 3 && path[n - 2] === 'capture' && isStepPath(path.slice(0, -2))) return objectOption(captureSpec.options);
  if (n >= 3 && path[n - 2] === 'edit' && isStepPath(path.slice(0, -2))) return EDIT_OP_KEYS[last] ?? [];
  return [];
}
