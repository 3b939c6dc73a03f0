// Inventory + ssh_config → everything needed to dial one host: address, port, user, keys, jump
// hosts, known_hosts and timeouts. Pure, so `opsctl plan` can show it and tests can pin it.
//
// Which name ssh_config is matched against: Ansible runs `ssh <ansible_host>`, and OpenSSH
// matches `Host` patterns against the name on its command line. So when the inventory gives an
// address, `Host` blocks are matched against that address (a `Host master-0` block does not apply
// to `master-0 ansible_host=10.0.0.5`); with no address, against the inventory name. Inventory
// values (ansible_port/user/key file, ProxyJump from ssh args) act like ssh's `-p -l -i -J`: they
// win over ssh_config, which wins over the defaults.
import { InputError } from '../errors.js';
import type { InventoryHost } from '../inventory/types.js';
import type { PlanHost } from '../plan/types.js';
import type { ParsedSshConfig, StrictHostKeyChecking } from './config-types.js';
import { proxyCommandTokens, resolveSshConfig, type SshCommandLine, type SshResolveEnv } from './config-resolve.js';
import { formatJumpHop, parseProxyJump } from './proxy-jump.js';
import { hostPortString } from './host-key.js';
import { expandTokens } from './config-tokens.js';

// Everything the SSH transport needs for one host; nothing left to look up.
export interface ConnectionSpec {
  /** Inventory name; for a jump host, the hop as written in ProxyJump. */
  name: string;
  /** Address to dial. */
  host: string;
  port: number;
  user: string;
  /** Keys to try after ssh-agent, in order. */
  identityFiles: string[];
  /** True when nothing named a key and identityFiles are ssh's defaults: skip missing ones quietly. */
  defaultIdentityFiles: boolean;
  identitiesOnly: boolean;
  /** Jump hosts in dialling order (flattened: each hop's own ProxyJump comes before it); [] = direct. */
  proxyJump: ConnectionSpec[];
  /** ssh_config's ProxyCommand (when it came before any ProxyJump), tokens expanded: its stdio is the connection. */
  proxyCommand?: string;
  /** User known_hosts files, then the global ones. */
  knownHostsFiles: string[];
  /** Where a newly trusted key is written (first UserKnownHostsFile); absent with `UserKnownHostsFile none`. */
  trustFile?: string;
  /** What ssh looks up in (and records to) known_hosts: the HostKeyAlias as written, else `host` or `[host]:port`. */
  knownHostNames: string[];
  /** Off port 22 without HostKeyAlias: the bare host name, whose matching key ssh also accepts. */
  knownHostFallback?: string;
  /** HashKnownHosts: a key opsctl records is written hashed, as ssh would write it. */
  hashKnownHosts: boolean;
  strictHostKeyChecking: StrictHostKeyChecking;
  /** 0 = no timeout (`ConnectTimeout none`). */
  connectTimeoutMs: number;
  /** 0 = no keepalives (`ServerAliveInterval 0`). */
  keepaliveIntervalMs: number;
  become?: boolean;
  becomeUser?: string;
}

// Short enough that a dead host fails fast at 3 a.m., long enough for a slow bastion.
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
// Keeps long etcd/backup steps alive through NAT and firewalls that drop idle flows.
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
// The defaults ssh tries that ssh2 can read (security-key and XMSS types are not supported).
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519'];
const MAX_JUMP_DEPTH = 8;

// `host` carries the inventory facts the plan kept; `inventoryHost` fills anything it lacks.
export function resolveConnection(host: PlanHost, inventoryHost: InventoryHost | undefined, sshConfig: ParsedSshConfig, env: SshResolveEnv): ConnectionSpec {
  const address = host.address ?? inventoryHost?.address;
  const identity = host.identityFile ?? inventoryHost?.identityFile;
  const cli: SshCommandLine = { user: host.user ?? inventoryHost?.user, port: host.port ?? inventoryHost?.port, proxyJump: host.proxyJump ?? inventoryHost?.proxyJump };
  if (identity) cli.identityFiles = [identity];
  const spec = specFor(host.name, address ?? host.name, sshConfig, env, cli, 0);
  const become = host.become ?? inventoryHost?.become;
  const becomeUser = host.becomeUser ?? inventoryHost?.becomeUser;
  if (become !== undefined) spec.become = become;
  if (becomeUser) spec.becomeUser = becomeUser;
  applySshOptions(spec, host.sshOptions ?? inventoryHost?.sshOptions ?? {}, env, address ?? host.name);
  return spec;
}

// `-o` options from the inventory act like ssh's command line: they beat ssh_config.
function applySshOptions(spec: ConnectionSpec, o: Record<string, string>, env: SshResolveEnv, alias: string): void {
  const path = (p: string) => p.replace(/^~(?=\/|$)/, env.home);
  if (o.hostkeyalias) {
    spec.knownHostNames = [o.hostkeyalias];
    delete spec.knownHostFallback;
  }
  if (o.hashknownhosts) spec.hashKnownHosts = /^(yes|true)$/i.test(o.hashknownhosts);
  if (o.proxycommand && o.proxycommand.toLowerCase() !== 'none') {
    // `-o ProxyCommand="ssh -W %h:%p bastion"` in ansible_ssh_common_args, as Ansible passes it to ssh.
    const tokens = proxyCommandTokens({ hostName: spec.host, alias, hostKeyAlias: o.hostkeyalias, port: spec.port, user: spec.user });
    const r = expandTokens(o.proxycommand.replace(/^(["'])(.*)\1$/s, '$2'), tokens);
    if ('error' in r) throw new InputError(`ProxyCommand "${o.proxycommand}" in the inventory's ssh args: ${r.error}`, { hint: 'ssh expands only %h %k %n %p %r %% in ProxyCommand' });
    spec.proxyCommand = r.value;
    spec.proxyJump = [];
  }
  if (o.userknownhostsfile) {
    const files = o.userknownhostsfile.split(/\s+/).filter(Boolean).map(path);
    spec.knownHostsFiles = files;
    spec.trustFile = files[0];
  }
  const strict = o.stricthostkeychecking?.toLowerCase();
  if (strict === 'yes' || strict === 'accept-new' || strict === 'ask') spec.strictHostKeyChecking = strict;
  else if (strict === 'no' || strict === 'off' || strict === 'false') spec.strictHostKeyChecking = 'no';
  const timeout = Number(o.connecttimeout);
  if (o.connecttimeout && Number.isFinite(timeout)) spec.connectTimeoutMs = timeout * 1000;
  const alive = Number(o.serveraliveinterval);
  if (o.serveraliveinterval && Number.isFinite(alive)) spec.keepaliveIntervalMs = alive * 1000;
}

// The known_hosts lookup is ssh's (sshconnect.c check_host_key): the HostKeyAlias exactly as
// written, otherwise the host name ssh dials with `[…]:port` off port 22 — never the inventory name,
// which ssh and Ansible do not look up either.
function specFor(name: string, alias: string, config: ParsedSshConfig, env: SshResolveEnv, cli: SshCommandLine, depth: number): ConnectionSpec {
  const r = resolveSshConfig(config, alias, env, cli);
  const identityFiles = r.identityFiles.length > 0 ? r.identityFiles : DEFAULT_IDENTITIES.map((f) => `${env.home}/.ssh/${f}`);
  const spec: ConnectionSpec = {
    name,
    host: r.hostName,
    port: r.port,
    user: r.user,
    identityFiles,
    defaultIdentityFiles: r.identityFiles.length === 0,
    identitiesOnly: r.identitiesOnly ?? false,
    proxyJump: r.proxyJump ? resolveJumps(r.proxyJump, config, env, depth + 1) : [],
    knownHostsFiles: [...r.userKnownHostsFiles, ...r.globalKnownHostsFiles],
    knownHostNames: [r.hostKeyAlias ?? hostPortString(r.hostName, r.port)],
    hashKnownHosts: r.hashKnownHosts ?? false,
    strictHostKeyChecking: r.strictHostKeyChecking ?? 'ask',
    connectTimeoutMs: r.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    keepaliveIntervalMs: r.serverAliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
  };
  if (!r.hostKeyAlias && r.port !== 22) spec.knownHostFallback = r.hostName;
  if (r.userKnownHostsFiles.length > 0) spec.trustFile = r.userKnownHostsFiles[0];
  if (r.proxyCommand) {
    const expanded = expandTokens(r.proxyCommand, proxyCommandTokens({ hostName: r.hostName, alias, hostKeyAlias: r.hostKeyAlias, port: r.port, user: r.user }));
    if ('value' in expanded) spec.proxyCommand = expanded.value;
  }
  return spec;
}

// `a,b` reaches b through a; a is resolved with its own ssh_config (its own ProxyJump too), while
// b's ProxyJump is overridden by the chain — what ssh does by running `ssh -J a -W ... b`.
function resolveJumps(value: string, config: ParsedSshConfig, env: SshResolveEnv, depth: number): ConnectionSpec[] {
  if (depth > MAX_JUMP_DEPTH) {
    throw new InputError(`ProxyJump chain is more than ${MAX_JUMP_DEPTH} hops deep at "${value}"`, { hint: 'a jump host probably jumps through itself; check ProxyJump in ~/.ssh/config and ansible_ssh_common_args' });
  }
  const parsed = parseProxyJump(value);
  if ('error' in parsed) throw new InputError(parsed.error, { hint: 'ProxyJump is [user@]host[:port], several joined by commas' });
  return parsed.hops.flatMap((hop, i) => {
    const cli: SshCommandLine = { user: hop.user, port: hop.port, proxyJump: i === 0 ? undefined : 'none' };
    const spec = specFor(formatJumpHop(hop), hop.host, config, env, cli, depth);
    return [...spec.proxyJump, { ...spec, proxyJump: [] }];
  });
}
