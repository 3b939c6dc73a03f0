// Checks the schema cannot express because they span steps: unique step ids (resume keys on them),
// capture names set by one step only, retryDelay only with retries. They run on the raw parsed data,
// so they are reported together with schema errors. Pure.
import type { Diagnostic } from '../errors.js';
import { formatPath, type FieldPath, type Position } from './yaml-locate.js';

export interface Locator {
  value(path: FieldPath): Position;
  key(path: FieldPath, key: string): Position;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// Every step mapping in the document, depth-first in source order: steps, their foreach bodies, finally.
export function* eachStep(data: unknown): Generator<{ step: Obj; path: FieldPath }> {
  if (!isObj(data)) return;
  for (const section of ['steps', 'finally']) {
    const list = data[section];
    if (Array.isArray(list)) yield* walkSteps(list, [section]);
  }
}

function* walkSteps(list: unknown[], prefix: FieldPath): Generator<{ step: Obj; path: FieldPath }> {
  for (const [i, step] of list.entries()) {
    if (!isObj(step)) continue;
    const path = [...prefix, i];
    yield { step, path };
    const body = isObj(step.foreach) ? step.foreach.steps : undefined;
    if (Array.isArray(body)) yield* walkSteps(body, [...path, 'foreach', 'steps']);
  }
}

export function checkSteps(data: unknown, file: string, locate: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, FieldPath>();
  const captures = new Map<string, { stepId: string; path: FieldPath }>();
  for (const { step, path } of eachStep(data)) {
    const id = typeof step.id === 'string' ? step.id : undefined;
    if (id !== undefined) {
      const first = ids.get(id);
      if (first) {
        const line = locate.value([...first, 'id']).line;
        out.push({ file, ...locate.value([...path, 'id']), path: formatPath([...path, 'id']), message: `duplicate step id "${id}"`, hint: `first used at line ${line} by ${formatPath(first)}; resume finds steps by id, so each must be unique` });
      } else ids.set(id, path);
    }
    if (isObj(step.capture)) {
      for (const name of Object.keys(step.capture)) {
        const first = captures.get(name);
        const where = [...path, 'capture', name];
        if (first) {
          const line = locate.key([...first.path, 'capture'], name).line;
          out.push({ file, ...locate.key([...path, 'capture'], name), path: formatPath(where), message: `capture "${name}" is already set by step "${first.stepId}" at line ${line}`, hint: 'give each capture its own name' });
        } else captures.set(name, { stepId: id ?? formatPath(path), path });
      }
    }
    if ('retryDelay' in step && !('retries' in step)) {
      out.push({ file, ...locate.key(path, 'retryDelay'), path: formatPath([...path, 'retryDelay']), message: 'retryDelay has no effect without retries', hint: 'add retries: N, or remove retryDelay' });
    }
    if ('whenText' in step && !('when' in step)) {
      out.push({ file, ...locate.key(path, 'whenText'), path: formatPath([...path, 'whenText']), message: 'whenText has no effect without when', hint: 'add the when: condition it explains, or remove whenText' });
    }
    out.push(...checkMaxFailed(step, path, file, locate));
  }
  if (isObj(data)) out.push(...checkMaxFailed(data, [], file, locate));
  return out;
}

// stop-all tolerates no failure, so a maxFailed beside it is a contradiction, not a setting.
function checkMaxFailed(mapping: Obj, path: FieldPath, file: string, locate: Locator): Diagnostic[] {
  if (mapping.onHostFailure !== 'stop-all' || !('maxFailed' in mapping)) return [];
  return [{ file, ...locate.key(path, 'maxFailed'), path: formatPath([...path, 'maxFailed']), message: 'maxFailed has no effect with onHostFailure: stop-all', hint: 'use onHostFailure: continue-others to tolerate failed hosts, or remove maxFailed' }];
}
