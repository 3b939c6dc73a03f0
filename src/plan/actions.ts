// Building each step kind's concrete action: commands as parts (values quoted), edit rules,
// transfers, gates. Local files a step depends on (copy templates, local edits) are read through
// an injected reader so compiling stays free of I/O.
import { isAbsolute, resolve, dirname } from 'node:path';
import type { Step } from '../runbook/schema.js';
import type { Parts, TemplateContext } from '../template/types.js';
import { renderParts, renderPattern, renderString, displayParts } from '../template/index.js';
import { applyEdits } from '../edit/apply.js';
import { unifiedDiff } from '../edit/diff.js';
import { validateRegex } from '../edit/remove-lines.js';
import type { Action, EditOp } from './types.js';
import { compileResultCondition } from './result-condition.js';
import type { ResolvedEditOp } from '../edit/apply.js';

export interface LocalReader {
  /** Returns the file's text, or undefined when it does not exist. */
  readText(path: string): string | undefined;
  /** Whether a (non-template) copy source exists; without it, readText is used (whole file read). */
  exists?(path: string): boolean;
}

type LeafStep = Exclude<Step, { kind: 'foreach' } | { kind: 'include' }>;

const shell = (t: string, ctx: TemplateContext) => renderParts(t, ctx, { shell: true });
const plain = (t: string, ctx: TemplateContext) => renderParts(t, ctx, { shell: false });

export function buildAction(step: LeafStep, ctx: TemplateContext, file: string, host: string, reader: LocalReader): Action {
  switch (step.kind) {
    case 'run':
      return { kind: 'run', command: shell(step.run, ctx) };
    case 'assert':
      if (typeof step.assert === 'string') return { kind: 'assert', command: shell(step.assert, ctx) };
      return {
        kind: 'assert',
        command: shell(step.assert.run, ctx),
        expect: step.assert.expect === undefined ? undefined : compileResultCondition(step.assert.expect, ctx),
        message: step.assert.message === undefined ? undefined : renderString(step.assert.message, ctx),
      };
    case 'wait':
      return {
        kind: 'wait',
        command: shell(step.wait.run, ctx),
        until: compileResultCondition(step.wait.until, ctx),
        intervalMs: step.wait.interval,
        timeoutMs: step.wait.timeout,
        message: step.wait.message === undefined ? undefined : renderString(step.wait.message, ctx),
      };
    case 'confirm': {
      const c = typeof step.confirm === 'string' ? { message: step.confirm, default: false } : step.confirm;
      return { kind: 'confirm', message: plain(c.message, ctx), defaultYes: c.default };
    }
    case 'copy': {
      const src = localPath(renderString(step.copy.src, ctx), file);
      const action: Action = { kind: 'copy', src, dest: plain(step.copy.dest, ctx), mode: step.copy.mode, template: step.copy.template };
      if (step.copy.template) {
        const text = reader.readText(src);
        if (text === undefined) throw new Error(`copy template ${src} does not exist`);
        action.content = plain(text, ctx);
      } else if (!(reader.exists ? reader.exists(src) : reader.readText(src) !== undefined)) throw new Error(`copy source ${src} does not exist`);
      return action;
    }
    case 'fetch':
      return { kind: 'fetch', src: plain(step.fetch.src, ctx), dest: renderString(step.fetch.dest, ctx) };
    case 'edit':
      return buildEdit(step, ctx, host, reader);
  }
}

function buildEdit(step: Extract<Step, { kind: 'edit' }>, ctx: TemplateContext, host: string, reader: LocalReader): Action {
  const e = step.edit;
  const ops: EditOp[] = [];
  if (e.removeLines !== undefined) {
    const pattern = renderPattern(e.removeLines, ctx);
    const bad = validateRegex(pattern);
    if (bad) throw new Error(`edit.removeLines: ${bad}`);
    ops.push({ op: 'removeLines', pattern });
  }
  if (e.setEnv) ops.push({ op: 'setEnv', values: Object.fromEntries(Object.entries(e.setEnv).map(([k, v]) => [k, plain(v, ctx)])) });
  if (e.unsetEnv) ops.push({ op: 'unsetEnv', keys: e.unsetEnv });
  if (e.removeFromList) ops.push({ op: 'removeFromList', key: e.removeFromList.key, item: plain(e.removeFromList.item, ctx), separator: e.removeFromList.separator });
  if (e.removeHostFromGroups) ops.push({ op: 'removeHostFromGroups', host: plain(e.removeHostFromGroups.host, ctx), groups: e.removeHostFromGroups.groups });
  if (e.removeServer !== undefined) ops.push({ op: 'removeServer', server: plain(e.removeServer, ctx) });
  const path = plain(e.path, ctx);
  const action: Action = { kind: 'edit', path, ops, backup: e.backup };
  // A file on the operator's machine (e.g. the inventory) gets a real diff in the plan.
  const known = path.every((p) => typeof p === 'string') && ops.every((op) => resolveEditOp(op) !== undefined);
  if (host === 'local' && known) {
    const p = path.join('');
    const text = reader.readText(p);
    if (text !== undefined) {
      const result = applyEdits(text, ops.map((op) => resolveEditOp(op)!));
      action.diff = unifiedDiff(text, result.text, { oldLabel: p, newLabel: p });
    }
  }
  return action;
}

/** The edit op with its values filled in, or undefined if one is only known at run time. */
export function resolveEditOp(op: EditOp, finish?: (p: Parts) => string): ResolvedEditOp | undefined {
  const val: (p: Parts) => string | undefined = finish ?? ((p) => (p.every((x) => typeof x === 'string') ? p.join('') : undefined));
  switch (op.op) {
    case 'removeLines':
      return op;
    case 'unsetEnv':
      return op;
    case 'setEnv': {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(op.values)) {
        const s = val(v);
        if (s === undefined) return undefined;
        values[k] = s;
      }
      return { op: 'setEnv', values };
    }
    case 'removeFromList': {
      const item = val(op.item);
      return item === undefined ? undefined : { op: 'removeFromList', key: op.key, item, separator: op.separator };
    }
    case 'removeHostFromGroups': {
      const host = val(op.host);
      return host === undefined ? undefined : { op: 'removeHostFromGroups', host, groups: op.groups };
    }
    case 'removeServer': {
      const server = val(op.server);
      return server === undefined ? undefined : { op: 'removeServer', server };
    }
  }
}

/** Edit op for display: run-time values shown as `<captures.x>`. */
export function displayEditOp(op: EditOp): ResolvedEditOp {
  return resolveEditOp(op, (p) => displayParts(p))!;
}

function localPath(p: string, runbookFile: string): string {
  return isAbsolute(p) ? p : resolve(dirname(runbookFile), p);
}
