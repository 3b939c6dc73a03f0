// The one place inventories touch the disk: read each source (a file, a directory of inventory
// files, or a host list `a,b,`), the group_vars/ and host_vars/ beside it, and turn every problem
// into an InputError (exit 2) the operator can act on. Sync on purpose: small, read once.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { InputError } from '../errors.js';
import { parseAnsibleYaml } from './ansible-yaml.js';
import type { SourcedValue } from './host-vars.js';
import { parseAnsibleIni } from './ini.js';
import { addHost, buildInventory, newModel, type AnsibleModel, type VarsFileLayers } from './model.js';
import { detectInventoryFormat, parseInventory } from './parse.js';
import type { Inventory } from './types.js';
import { parseVarsFile } from './vars-files.js';

// What Ansible skips in an inventory directory (INVENTORY_IGNORE_EXTS and the always-ignored
// names): hidden files, group_vars/host_vars, backups and, notably, *.ini and *.cfg files.
const IGNORED = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const VARS_EXTS = ['', '.yml', '.yaml', '.json'];

export function loadInventory(source: string | string[]): Inventory {
  const sources = Array.isArray(source) ? source : [source];
  // opsctl's own format stands alone (it has no group_vars); a single file of it is read as is.
  if (sources.length === 1 && isFile(sources[0])) {
    const text = readInventoryFile(sources[0]);
    if (detectInventoryFormat(sources[0], text) === 'opsctl-yaml') return check(parseInventory(text, sources[0], 'opsctl-yaml'));
  }
  const m = newModel();
  const diagnostics: Diagnostic[] = [];
  for (const s of sources) readSource(m, s, diagnostics, true);
  const layers: VarsFileLayers = { groupVars: [], hostVars: [] };
  for (const s of sources.filter((p) => existsSync(p))) {
    const base = isFile(s) ? dirname(s) : s;
    layers.groupVars.push(readVarsDir(join(base, 'group_vars'), [...m.groups.keys()], diagnostics));
    layers.hostVars.push(readVarsDir(join(base, 'host_vars'), m.hostOrder, diagnostics));
  }
  return check(buildInventory(m, sources.join(','), diagnostics, layers));
}

function check({ inventory, diagnostics }: { inventory: Inventory; diagnostics: Diagnostic[] }): Inventory {
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return inventory;
}

function readSource(m: AnsibleModel, path: string, diagnostics: Diagnostic[], top: boolean): void {
  if (!existsSync(path)) {
    // `-i master-0,master-1,`: Ansible's host list, when no such file exists.
    if (top && path.includes(',')) {
      for (const h of path.split(',').map((s) => s.trim()).filter(Boolean)) addHost(m, 'ungrouped', h);
      return;
    }
    readInventoryFile(path); // throws the not-found error
  }
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) if (!IGNORED.test(entry)) readSource(m, join(path, entry), diagnostics, false);
    return;
  }
  if (!top && (statSync(path).mode & 0o111) !== 0) {
    diagnostics.push({ file: path, message: 'an executable file in an inventory directory is a dynamic inventory script, which opsctl does not run', hint: `save its output as a static inventory (ansible-inventory -i ${path} --list -y > hosts.yml) or make it non-executable` });
    return;
  }
  const text = readInventoryFile(path);
  const format = detectInventoryFormat(path, text);
  const into = { m, diagnostics };
  if (format === 'opsctl-yaml') diagnostics.push({ file: path, message: 'an opsctl inventory cannot be combined with other inventory sources', hint: 'give it alone with -i' });
  else if (format === 'ini') {
    parseAnsibleIni(text, path, into);
    reportUndefinedGroups(m, path, diagnostics);
  } else parseAnsibleYaml(text, path, into);
  stampFile(m, path);
}

// As Ansible's ini plugin: a group an INI file names in [x:children] or [x:vars] must be defined
// by then in an earlier source, or later in the same file.
function reportUndefinedGroups(m: AnsibleModel, file: string, diagnostics: Diagnostic[]): void {
  for (const g of m.groups.values()) {
    if (g.defined || !g.pending) continue;
    diagnostics.push({ file, ...g.pending.at, message: g.pending.message, hint: g.pending.hint });
    g.pending = undefined;
  }
}

// Values parsed from this file carry its name, so a bad one is reported in the right file.
function stampFile(m: AnsibleModel, file: string): void {
  const stamp = (vars: Map<string, SourcedValue>) => vars.forEach((v) => (v.file ??= file));
  m.hostVars.forEach(stamp);
  m.groups.forEach((g) => stamp(g.vars));
}

// Ansible's find_vars_files: `<dir>/<name>` (a file, or a directory read recursively in sorted
// order), else `<name>.yml`, `.yaml`, `.json` — the first that exists. Names with no file are skipped.
function readVarsDir(dir: string, names: string[], diagnostics: Diagnostic[]): Map<string, Map<string, SourcedValue>> {
  const out = new Map<string, Map<string, SourcedValue>>();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out;
  for (const name of names) {
    const found = VARS_EXTS.map((ext) => join(dir, name + ext)).find((p) => existsSync(p));
    if (!found) continue;
    const merged = new Map<string, SourcedValue>();
    for (const file of statSync(found).isDirectory() ? varsFilesIn(found) : [found]) {
      const { vars, diagnostics: d } = parseVarsFile(readInventoryFile(file), file);
      diagnostics.push(...d);
      vars.forEach((v, k) => merged.set(k, v));
    }
    out.set(name, merged);
  }
  return out;
}

function varsFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .filter((f) => !f.startsWith('.') && !f.endsWith('~'))
    .flatMap((f) => {
      const p = join(dir, f);
      const ext = /\.[^.]*$/.exec(basename(f))?.[0] ?? '';
      if (statSync(p).isDirectory()) return ext ? [] : varsFilesIn(p);
      return VARS_EXTS.includes(ext) ? [p] : [];
    });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function readInventoryFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hints: Record<string, string> = {
      ENOENT: 'check the path given to -i/--inventory (or OPSCTL_INVENTORY, ANSIBLE_INVENTORY, or inventory= in ansible.cfg); OpenShift 3.11 keeps it in /etc/ansible/hosts',
      EACCES: 'the file is not readable by this user; check its permissions or run as its owner',
    };
    const message = code === 'ENOENT' ? 'inventory file not found' : `cannot read inventory: ${(e as Error).message}`;
    throw new InputError([{ file: path, message, hint: hints[code ?? ''] }], { cause: e });
  }
}
