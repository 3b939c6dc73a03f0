// Ansible YAML inventories (`all: { hosts, vars, children: { g: { hosts, children, vars } } }`),
// read the way Ansible's yaml plugin reads them: any top-level key is a group, host vars given
// in any group apply to the host everywhere, and host names may be ranges.
import { isMap, isScalar, type Pair } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { expandHostRange, splitHostPort } from './host-pattern.js';
import type { Where } from './host-vars.js';
import { addChild, addHost, buildInventory, newModel, setHostVar, useGroup, type AnsibleModel } from './model.js';
import type { InventoryParseResult } from './types.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

interface Ctx {
  m: AnsibleModel;
  src: YamlSource;
  file: string;
  diagnostics: Diagnostic[];
}

// Pure: text in, inventory and every diagnostic out; loadInventory does the reading.
// With `into`, the file is read into a model shared with other sources and not built.
export function parseAnsibleYaml(text: string, file: string, into?: { m: AnsibleModel; diagnostics: Diagnostic[] }): InventoryParseResult {
  const src = parseYamlSource(text, file, '1.1');
  const ctx: Ctx = { m: into?.m ?? newModel(), src, file, diagnostics: [...src.diagnostics] };
  const root = src.doc.contents;
  if (ctx.diagnostics.length === 0 && !isEmpty(root)) {
    if (!isMap(root)) report(ctx, root, '', 'expected a mapping of group names at the top level (e.g. "all:")');
    else for (const pair of root.items) withKey(ctx, pair, '', (name) => parseGroup(ctx, name, pair.value, name, []));
  }
  if (into) {
    into.diagnostics.push(...ctx.diagnostics);
    return { inventory: { source: file, hosts: {}, groups: {} }, diagnostics: ctx.diagnostics };
  }
  return buildInventory(ctx.m, file, ctx.diagnostics);
}

function parseGroup(ctx: Ctx, name: string, node: unknown, path: string, parents: string[]): void {
  useGroup(ctx.m, name).defined = true;
  if (isEmpty(node)) return;
  if (!isMap(node)) return report(ctx, node, path, `group "${name}" must be a mapping with hosts:, children: or vars:`);
  for (const pair of node.items) {
    withKey(ctx, pair, path, (key) => {
      const at = `${path}.${key}`;
      if (key === 'hosts') forEachEntry(ctx, pair, at, (host, value, p) => parseHost(ctx, name, host, value, p, `${at}.${host}`));
      else if (key === 'children') {
        forEachEntry(ctx, pair, at, (child, value, p) => {
          addChild(ctx.m, name, child, ctx.src.where(p.key));
          // A child naming an ancestor (written out or via an alias) is a cycle, reported by buildInventory.
          if (!parents.includes(child) && child !== name) parseGroup(ctx, child, value, `${at}.${child}`, [...parents, name]);
        });
      } else if (key === 'vars') {
        forEachEntry(ctx, pair, at, (k, value, p) => {
          useGroup(ctx.m, name).vars.set(k, { value: toJS(ctx, value), at: ctx.src.where(p.key) });
        });
      } else {
        report(ctx, pair.key, at, `unknown key "${key}" in group "${name}"`, 'a group has only hosts:, children: and vars:');
      }
    });
  }
}

function parseHost(ctx: Ctx, group: string, pattern: string, value: unknown, pair: Pair, path: string): void {
  const at = ctx.src.where(pair.key);
  const { name, port } = splitHostPort(pattern);
  const expanded = expandHostRange(name);
  if ('error' in expanded) {
    const { line, col } = at;
    const hint = 'ranges look like [0:2], [01:10], [a:c] or [0:10:2]';
    return void ctx.diagnostics.push({ file: ctx.file, line, col: col + expanded.offset, path, message: expanded.error, hint });
  }
  if (!isEmpty(value) && !isMap(value)) {
    return report(ctx, value, path, `host "${pattern}" in group "${group}" must be a mapping of variables (or empty)`);
  }
  const vars: Array<[string, unknown, Where]> = port === undefined ? [] : [['ansible_port', port, at]];
  if (isMap(value)) {
    for (const p of value.items) withKey(ctx, p, path, (k) => vars.push([k, toJS(ctx, p.value), ctx.src.where(p.key)]));
  }
  for (const host of expanded.hosts) {
    addHost(ctx.m, group, host);
    for (const [k, v, where] of vars) setHostVar(ctx.m, host, k, { value: v, at: where });
  }
}

// `hosts:`/`children:`/`vars:` hold a mapping; Ansible also takes a lone name, or nothing.
function forEachEntry(ctx: Ctx, pair: Pair, path: string, fn: (key: string, value: unknown, p: Pair) => void): void {
  const node = pair.value;
  if (isEmpty(node)) return;
  if (isScalar(node) && typeof node.value === 'string') return fn(node.value, null, { key: node, value: null } as Pair);
  if (!isMap(node)) return report(ctx, node, path, `${path.split('.').pop()} must be a mapping`);
  for (const p of node.items) withKey(ctx, p, path, (k) => fn(k, p.value, p));
}

function withKey(ctx: Ctx, pair: Pair, path: string, fn: (key: string) => void): void {
  const k = isScalar(pair.key) ? pair.key.value : undefined;
  if ((typeof k === 'string' || typeof k === 'number') && String(k) !== '') fn(String(k));
  else report(ctx, pair.key, path, 'expected a name (a plain string) as the key');
}

const isEmpty = (node: unknown): boolean => node == null || (isScalar(node) && node.value == null);

function toJS(ctx: Ctx, node: unknown): unknown {
  return node && typeof node === 'object' && 'toJS' in node ? (node as { toJS(d: unknown): unknown }).toJS(ctx.src.doc) : null;
}

function report(ctx: Ctx, node: unknown, path: string, message: string, hint?: string): void {
  ctx.diagnostics.push({ file: ctx.file, ...ctx.src.where(node), ...(path ? { path } : {}), message, ...(hint ? { hint } : {}) });
}
