// Applies an edit step's ops in order to a file's text, and words each op as the one-line rule a
// plan shows. ResolvedEditOp is plan/types.ts's EditOp with its template parts filled in.
import { removeFromList, setEnv, unsetEnv } from './env-file.js';
import { removeServer } from './haproxy.js';
import { removeHostFromGroups } from './ini-groups.js';
import type { EditResult } from './lines.js';
import { removeLines } from './remove-lines.js';

export type ResolvedEditOp =
  | { op: 'removeLines'; pattern: string }
  | { op: 'setEnv'; values: Record<string, string> }
  | { op: 'unsetEnv'; keys: string[] }
  | { op: 'removeFromList'; key: string; item: string; separator: string }
  | { op: 'removeHostFromGroups'; host: string; groups: string[] }
  | { op: 'removeServer'; server: string };

export type { EditResult } from './lines.js';

// One op on a text; the runbook's edit ops map one to one to the pure edit functions.
export function applyEdit(text: string, op: ResolvedEditOp): EditResult {
  switch (op.op) {
    case 'removeLines':
      return removeLines(text, op.pattern);
    case 'setEnv':
      return setEnv(text, op.values);
    case 'unsetEnv':
      return unsetEnv(text, op.keys);
    case 'removeFromList':
      return removeFromList(text, op.key, op.item, op.separator);
    case 'removeHostFromGroups':
      return removeHostFromGroups(text, op.host, op.groups);
    case 'removeServer':
      return removeServer(text, op.server);
  }
}

// Throws (with a clear message) when an op cannot be applied safely; the file is then left alone.
export function applyEdits(text: string, ops: ResolvedEditOp[]): EditResult {
  let current = text;
  const notes: string[] = [];
  for (const op of ops) {
    const r = applyEdit(current, op);
    current = r.text;
    notes.push(...r.notes);
  }
  return { text: current, changed: current !== text, notes };
}

// The rule as the plan shows it, before any file is read (dry-run cannot read remote files).
// Values are printed as given: pass display values (secrets as ***) from displayEditOp.
export function describeEditOp(op: ResolvedEditOp): string {
  switch (op.op) {
    case 'removeLines':
      return `remove lines matching /${op.pattern}/`;
    case 'setEnv':
      return `set ${Object.entries(op.values).map(([k, v]) => `${k}=${v}`).join(', ')}`;
    case 'unsetEnv':
      return `unset ${op.keys.join(', ')}`;
    case 'removeFromList':
      return `remove "${op.item}" from ${op.key}${op.separator === ',' ? '' : ` (separated by "${op.separator}")`}`;
    case 'removeHostFromGroups':
      return `remove host ${op.host} from ${op.groups.map((g) => `[${g}]`).join(', ')}`;
    case 'removeServer':
      return `remove haproxy server ${op.server} from every backend`;
  }
}
