// ansible.cfg, as far as it decides how hosts are reached: where the inventory is, and the
// connection defaults (remote_user, private_key_file, host_key_checking, become). Read with the
// rules of Python's configparser as Ansible sets it up; ANSIBLE_* variables win over the file.
// Pure: the finder (ansible-cfg-find.ts) does the reading.
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseAnsibleBool } from './host-vars.js';
import type { Inventory } from './types.js';

export interface AnsibleDefaults {
  /** The ansible.cfg that was used, if any. */
  configFile?: string;
  /** Inventory sources (paths, or a host list like `a,b,`), from ANSIBLE_INVENTORY or the file. */
  inventory?: string[];
  remoteUser?: string;
  privateKeyFile?: string;
  hostKeyChecking?: boolean;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
}

// `[section]`, `key = value` or `key: value`, comments on their own line (# or ;) and after a
// value as ` ;` (Ansible's inline_comment_prefixes); keys are case-insensitive.
export function parseConfigIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      const name = header[1].trim();
      section = out.get(name) ?? out.set(name, new Map()).get(name);
      lastKey = undefined;
      continue;
    }
    // An indented line continues the previous value (a multi-line value).
    if (/^\s/.test(raw) && section && lastKey) {
      section.set(lastKey, `${section.get(lastKey)}\n${stripComment(raw.trim())}`);
      continue;
    }
    const kv = /^\s*([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv || !section) continue;
    lastKey = kv[1].toLowerCase();
    section.set(lastKey, stripComment(kv[2]));
  }
  return out;
}

const stripComment = (v: string) => v.replace(/\s;.*$/, '').trim();

// Relative paths in ansible.cfg are relative to the file's directory; `~` and $VARS are expanded.
function expandPath(p: string, base: string, env: NodeJS.ProcessEnv, home: string): string {
  const expanded = p.replace(/^~(?=\/|$)/, home).replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, k: string) => env[k] ?? m);
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

export function ansibleDefaults(config: { file: string; text: string } | undefined, env: NodeJS.ProcessEnv, cwd: string, home: string): AnsibleDefaults {
  const ini = config ? parseConfigIni(config.text) : new Map<string, Map<string, string>>();
  const base = config ? dirname(config.file) : cwd;
  const get = (section: string, key: string) => ini.get(section)?.get(key);
  const out: AnsibleDefaults = {};
  if (config) out.configFile = config.file;
  const sources = (value: string, dir: string) =>
    value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => expandPath(s, dir, env, home));
  const inv = env.ANSIBLE_INVENTORY ? sources(env.ANSIBLE_INVENTORY, cwd) : (get('defaults', 'inventory') ?? get('defaults', 'hostfile')) !== undefined ? sources((get('defaults', 'inventory') ?? get('defaults', 'hostfile'))!, base) : undefined;
  if (inv?.length) out.inventory = inv;
  const user = env.ANSIBLE_REMOTE_USER ?? get('defaults', 'remote_user');
  if (user) out.remoteUser = user;
  const key = env.ANSIBLE_PRIVATE_KEY_FILE ?? get('defaults', 'private_key_file');
  if (key) out.privateKeyFile = expandPath(key, env.ANSIBLE_PRIVATE_KEY_FILE ? cwd : base, env, home);
  const hkc = parseAnsibleBool(env.ANSIBLE_HOST_KEY_CHECKING ?? get('defaults', 'host_key_checking'));
  if (hkc !== undefined) out.hostKeyChecking = hkc;
  const become = parseAnsibleBool(env.ANSIBLE_BECOME ?? get('privilege_escalation', 'become'));
  if (become !== undefined) out.become = become;
  const becomeUser = env.ANSIBLE_BECOME_USER ?? get('privilege_escalation', 'become_user');
  if (becomeUser) out.becomeUser = becomeUser;
  const method = env.ANSIBLE_BECOME_METHOD ?? get('privilege_escalation', 'become_method');
  if (method) out.becomeMethod = method;
  return out;
}

// ansible.cfg's connection defaults fill what no inventory variable set. host_key_checking=False
// is not followed all the way: unknown keys are recorded (accept-new), changed keys still refused.
export function applyAnsibleDefaults(inv: Inventory, d: AnsibleDefaults): { inventory: Inventory; warnings: string[] } {
  const warnings: string[] = [];
  const hosts: Inventory['hosts'] = {};
  for (const [name, h] of Object.entries(inv.hosts)) {
    const host = { ...h };
    if (host.user === undefined && d.remoteUser) host.user = d.remoteUser;
    if (host.identityFile === undefined && d.privateKeyFile) host.identityFile = d.privateKeyFile;
    if (host.become === undefined && d.become !== undefined) host.become = d.become;
    if (host.becomeUser === undefined && d.becomeUser) host.becomeUser = d.becomeUser;
    if (d.hostKeyChecking === false && host.sshOptions?.stricthostkeychecking === undefined) {
      host.sshOptions = { ...host.sshOptions, stricthostkeychecking: 'accept-new' };
    }
    hosts[name] = host;
  }
  if (d.hostKeyChecking === false && Object.keys(hosts).length > 0) {
    warnings.push(`host_key_checking is off${d.configFile ? ` in ${d.configFile}` : ''}: opsctl records unknown host keys (accept-new) but still refuses a changed one`);
  }
  if (d.becomeMethod && d.becomeMethod !== 'sudo') warnings.push(`become_method=${d.becomeMethod}: opsctl becomes root with sudo only`);
  return { inventory: { ...inv, hosts }, warnings };
}
