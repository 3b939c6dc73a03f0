// Ansible INI inventories as OpenShift 3.11 operators keep them (/etc/ansible/hosts): sections,
// host ranges, inline host vars, :children and :vars, read the way Ansible's ini plugin reads them.
import type { Diagnostic } from '../errors.js';
import { expandHostRange, splitHostPort } from './host-pattern.js';
import { addChild, addHost, buildInventory, newModel, setHostVar, useGroup, type AnsibleModel } from './model.js';
import { splitShellWords } from './shell-words.js';
import { literalEval } from './py-literal.js';
import type { InventoryParseResult } from './types.js';

type Section = { kind: 'hosts' | 'children' | 'vars'; group: string } | { kind: 'skip' };
type Report = (line: number, col: number, message: string, hint?: string) => void;

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GROUP_NAME = /^[^\s:[\]]+$/;
const HEADER = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;

// Pure: text in, inventory and every diagnostic out; loadInventory does the reading. With `into`,
// the file is read into a model shared with other sources (an inventory directory) and not built.
export function parseAnsibleIni(text: string, file: string, into?: { m: AnsibleModel; diagnostics: Diagnostic[] }): InventoryParseResult {
  const m = into?.m ?? newModel();
  const diagnostics: Diagnostic[] = into?.diagnostics ?? [];
  const report: Report = (line, col, message, hint) => diagnostics.push({ file, line, col, message, ...(hint ? { hint } : {}) });
  let section: Section = { kind: 'hosts', group: 'ungrouped' };
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const content = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    if (content === '' || content.startsWith('#') || content.startsWith(';')) return;
    // `[0:2].example.com` is a host pattern, not a section header.
    if (content.startsWith('[') && !/^\[[^\]\s]*:[^\]\s]*\]\S/.test(content)) {
      section = parseHeader(m, content, n, col, report);
    } else if (section.kind === 'hosts') parseHostLine(m, section.group, raw, n, report);
    else if (section.kind === 'children') parseChildLine(m, section.group, content, n, col, report);
    else if (section.kind === 'vars') parseVarLine(m, section.group, content, n, col, report);
  });
  if (into) return { inventory: { source: file, hosts: {}, groups: {} }, diagnostics };
  return buildInventory(m, file, diagnostics);
}

function parseHeader(m: AnsibleModel, content: string, n: number, col: number, report: Report): Section {
  if (!content.includes(']')) {
    report(n, col, `unclosed "[" in section header "${content}"`, 'a section header looks like [masters]');
    return { kind: 'skip' };
  }
  const h = HEADER.exec(content);
  if (!h) {
    report(n, col + content.indexOf(']') + 1, `unexpected text after section header "${content}"`);
    return { kind: 'skip' };
  }
  const [group, suffix, ...extra] = h[1].split(':');
  if (!GROUP_NAME.test(group)) {
    report(n, col + 1, `invalid group name "${group}" in "${content}"`, 'group names have no spaces or ":"');
    return { kind: 'skip' };
  }
  if (suffix === undefined) {
    useGroup(m, group).defined = true;
    return { kind: 'hosts', group };
  }
  if (extra.length > 0 || (suffix !== 'children' && suffix !== 'vars')) {
    report(n, col + group.length + 2, `unknown section type ":${[suffix, ...extra].join(':')}" in "${content}"`,
      'expected [group], [group:children] or [group:vars]');
    return { kind: 'skip' };
  }
  const g = useGroup(m, group);
  if (suffix === 'children') g.defined = true;
  else if (!g.defined && !g.pending) {
    g.pending = { at: { line: n, col }, message: `[${group}:vars] is for group "${group}", which is never defined`,
      hint: `add a [${group}] or [${group}:children] section, or fix the name` };
  }
  return { kind: suffix, group };
}

function parseHostLine(m: AnsibleModel, group: string, raw: string, n: number, report: Report): void {
  const split = splitShellWords(raw, { commentAnywhere: true });
  if ('error' in split) return report(n, split.col, split.error);
  const [first, ...rest] = split.words;
  const { name, port } = splitHostPort(first.text);
  const expanded = expandHostRange(name);
  if ('error' in expanded) {
    return report(n, first.col + expanded.offset, expanded.error, 'ranges look like [0:2], [01:10], [a:c] or [0:10:2]');
  }
  const vars: Array<[string, unknown, number]> = port === undefined ? [] : [['ansible_port', port, first.col]];
  for (const w of rest) {
    const eq = w.text.indexOf('=');
    const key = w.text.slice(0, eq);
    if (eq <= 0 || !VAR_NAME.test(key)) {
      report(n, w.col, `expected key=value host variable, found "${w.text}"`, 'host variables look like ansible_host=10.0.0.1');
    } else vars.push([key, parseIniValue(w.text.slice(eq + 1)), w.col]);
  }
  for (const host of expanded.hosts) {
    addHost(m, group, host);
    for (const [key, value, col] of vars) setHostVar(m, host, key, { value, at: { line: n, col } });
  }
}

function parseChildLine(m: AnsibleModel, group: string, content: string, n: number, col: number, report: Report): void {
  const child = content.replace(/\s+[#;].*$/, '');
  if (!GROUP_NAME.test(child)) {
    return report(n, col, `expected one group name per line in [${group}:children], found "${content}"`);
  }
  addChild(m, group, child, { line: n, col });
  const g = useGroup(m, child);
  if (!g.defined && !g.pending) {
    g.pending = { at: { line: n, col }, message: `[${group}:children] names group "${child}", which is never defined`,
      hint: `add a [${child}] section (it may be empty), or remove it from [${group}:children]` };
  }
}

function parseVarLine(m: AnsibleModel, group: string, content: string, n: number, col: number, report: Report): void {
  const eq = content.indexOf('=');
  const key = content.slice(0, eq).trim();
  if (eq <= 0 || !VAR_NAME.test(key)) {
    return report(n, col, `expected key=value in [${group}:vars], found "${content}"`, 'variables look like ansible_user=root');
  }
  useGroup(m, group).vars.set(key, { value: parseIniValue(content.slice(eq + 1).trim()), at: { line: n, col } });
}

// Ansible passes INI values through Python's literal_eval: quoted strings lose their quotes,
// True/False/None, numbers, lists and dicts get their type, anything else stays as written.
export function parseIniValue(raw: string): unknown {
  return literalEval(raw);
}
