// Ansible connection variables → the typed fields of an InventoryHost. Both Ansible parsers use
// this, so `ansible_port=abc` is reported the same way whether it came from INI or YAML.
import type { Diagnostic } from '../errors.js';
import { splitShellWords } from './shell-words.js';
import type { InventoryHost } from './types.js';

export interface Where {
  line: number;
  col: number;
}

/** A variable's value and where it was set, so a bad value is reported at its definition. */
export interface SourcedValue {
  value: unknown;
  at?: Where;
  /** Precedence layer it came from (higher wins), to choose between aliases like ansible_user/ansible_ssh_user. */
  rank?: number;
  /** The file it was set in, when not the inventory file itself (group_vars/, an inventory directory). */
  file?: string;
}

// Aliases: the one set at the higher precedence wins (a host's ansible_user beats a group's
// ansible_ssh_user), the first listed on a tie; the `ansible_ssh_*` spellings are common in 3.11.
const ALIASES = {
  address: ['ansible_host', 'ansible_ssh_host'],
  port: ['ansible_port', 'ansible_ssh_port'],
  user: ['ansible_user', 'ansible_ssh_user'],
  identityFile: ['ansible_ssh_private_key_file', 'ansible_private_key_file'],
  become: ['ansible_become'],
  becomeUser: ['ansible_become_user'],
} as const;

// Ansible passes common args before extra args, and ssh keeps the first value of an option.
const SSH_ARGS = ['ansible_ssh_common_args', 'ansible_ssh_extra_args'];

// One host's merged variables (all precedence applied) → its InventoryHost, with typed fields checked.
export function toInventoryHost(
  name: string,
  vars: Map<string, SourcedValue>,
  file: string,
): { host: InventoryHost; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const host: InventoryHost = { name, vars: Object.fromEntries([...vars].map(([k, v]) => [k, v.value])) };
  const pick = (keys: readonly string[]) => {
    const found = keys.filter((k) => vars.has(k)).map((key) => ({ key, ...(vars.get(key) as SourcedValue) }));
    return found.reduce<(typeof found)[number] | undefined>((best, v) => (!best || (v.rank ?? 0) > (best.rank ?? 0) ? v : best), undefined);
  };
  const fail = (v: { key: string; at?: Where; file?: string }, expected: string, found: unknown) =>
    diagnostics.push({
      file: v.file ?? file,
      ...v.at,
      message: `${v.key} must be ${expected}, found ${JSON.stringify(found)}${v.at ? '' : ` (host ${name})`}`,
    });

  const address = pick(ALIASES.address);
  if (address) host.address = String(address.value);
  const port = pick(ALIASES.port);
  if (port) {
    const n = Number(port.value);
    if (Number.isInteger(n) && n >= 1 && n <= 65535 && String(port.value).trim() !== '') host.port = n;
    else fail(port, 'a port number (1-65535)', port.value);
  }
  const user = pick(ALIASES.user);
  if (user) host.user = String(user.value);
  const key = pick(ALIASES.identityFile);
  if (key) host.identityFile = String(key.value);
  const become = pick(ALIASES.become);
  if (become) {
    const b = parseAnsibleBool(become.value);
    if (b === undefined) fail(become, 'a boolean (true/false, yes/no)', become.value);
    else host.become = b;
  }
  const becomeUser = pick(ALIASES.becomeUser);
  if (becomeUser) host.becomeUser = String(becomeUser.value);
  const jump = SSH_ARGS.map((k) => vars.get(k)).find((v) => v && proxyJumpFromSshArgs(String(v.value)));
  if (jump) host.proxyJump = proxyJumpFromSshArgs(String(jump.value));
  const sshOptions = Object.assign({}, ...SSH_ARGS.map((k) => vars.get(k)).filter(Boolean).map((v) => sshOptionsFromArgs(String(v!.value))));
  if (Object.keys(sshOptions).length > 0) host.sshOptions = sshOptions;
  return { host, diagnostics };
}

// Ansible's boolean(): True/False from INI, yes/no/on/off/1/0 as strings, any case.
export function parseAnsibleBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['y', 'yes', 'on', '1', 'true', 't'].includes(v)) return true;
  if (['n', 'no', 'off', '0', 'false', 'f'].includes(v)) return false;
  return undefined;
}

// `-o ProxyJump=bastion`, `-o 'ProxyJump bastion'`, `-oProxyJump=bastion`, `-J bastion`, `-Jbastion`.
export function proxyJumpFromSshArgs(args: string): string | undefined {
  const split = splitShellWords(args);
  if ('error' in split) return undefined;
  const words = split.words.map((w) => w.text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '-J' && words[i + 1]) return words[i + 1];
    if (w.startsWith('-J') && w.length > 2) return w.slice(2);
    const option = w === '-o' ? words[i + 1] : w.startsWith('-o') ? w.slice(2) : undefined;
    const m = option === undefined ? null : /^\s*ProxyJump\s*(?:=|\s)\s*(\S+)\s*$/i.exec(option);
    if (m) return m[1];
  }
  return undefined;
}

// Every `-o Key=Value` in ansible_ssh_common_args/extra_args (keys lower-cased, first one wins as
// with ssh), so options such as UserKnownHostsFile or StrictHostKeyChecking apply as Ansible's would.
export function sshOptionsFromArgs(args: string): Record<string, string> {
  const split = splitShellWords(args);
  if ('error' in split) return {};
  const words = split.words.map((w) => w.text);
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const option = w === '-o' ? words[++i] : w.startsWith('-o') ? w.slice(2) : undefined;
    const m = option === undefined ? null : /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.+?)\s*$/.exec(option);
    if (m && !(m[1].toLowerCase() in out)) out[m[1].toLowerCase()] = m[2];
  }
  return out;
}
