// What ssh_config says for one host alias, computed the way `ssh -G alias` does: walk the items in
// order, take the first value obtained for each option (IdentityFile accumulates), then apply
// defaults and expand `~` and `%` tokens with the final host, port and user.
import { createHash } from 'node:crypto';
import { InputError, type Diagnostic } from '../errors.js';
import type { ConfigWhere, ParsedSshConfig, ResolvedSshConfig, SshConfigItem, SshOptionItem, SshOptionValues } from './config-types.js';
import { matchCriteria } from './config-match.js';
import { expandTilde, expandTokens, type TokenValues } from './config-tokens.js';
import { matchPattern } from './patterns.js';

// The operator's side of token expansion and defaults.
export interface SshResolveEnv {
  /** The operator's login name (ssh's %u, and the default remote user). */
  user: string;
  home: string;
  /** %i: the local user id. */
  uid?: number;
  /** %l: this machine's host name as gethostname(2) gives it (%L is its first label). */
  localHostname?: string;
}

/** What ssh's command line would set (`-l`, `-p`, `-i`, `-J`): it wins over the config, as in ssh. */
export interface SshCommandLine {
  user?: string;
  port?: number;
  identityFiles?: string[];
  proxyJump?: string;
}

const DEFAULT_USER_KNOWN_HOSTS = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

type Obtained = { [K in keyof SshOptionValues]?: { value: SshOptionValues[K]; where?: ConfigWhere } };

// `alias` is the name ssh would be given on its command line (see host-resolve.ts).
export function resolveSshConfig(config: ParsedSshConfig, alias: string, env: SshResolveEnv, cli: SshCommandLine = {}): ResolvedSshConfig {
  const got: Obtained = {};
  const identities: Array<{ value: string; where?: ConfigWhere }> = (cli.identityFiles ?? []).map((value) => ({ value }));
  if (cli.user !== undefined) got.user = { value: cli.user };
  if (cli.port !== undefined) got.port = { value: cli.port };
  if (cli.proxyJump !== undefined) got.proxyjump = { value: cli.proxyJump };

  const take = (item: SshOptionItem) => {
    if (item.key === 'identityfile') identities.push(item);
    else if (item.key === 'proxyjump' && got.proxycommand) return; // ssh uses whichever of the two came first
    else if (item.key === 'proxycommand' && got.proxyjump) return;
    else if (!got[item.key]) (got as Record<string, unknown>)[item.key] = { value: item.value, where: item.where };
  };
  const subject = () => ({
    host: got.hostname ? got.hostname.value.replace(/%h/g, alias) : alias,
    originalHost: alias,
    user: got.user?.value ?? env.user,
    localUser: env.user,
  });
  const walk = (items: SshConfigItem[]) => {
    let active = true;
    for (const item of items) {
      if (item.kind === 'host') active = hostLineMatches(item.patterns, alias);
      else if (item.kind === 'match') active = !item.unsupported && matchCriteria(item.criteria, subject());
      else if (!active) continue;
      else if (item.kind === 'option') take(item);
      else for (const f of item.files) walk(f.items); // an Include inside a matching block
    }
  };
  walk(config.items);

  const problems: Diagnostic[] = [];
  const expand = (value: string, tokens: TokenValues, where: ConfigWhere | undefined, what: string) => {
    const r = expandTokens(expandTilde(value, env.home), tokens);
    if ('value' in r) return r.value;
    problems.push({ ...where, message: `${what} "${value}": ${r.error}` });
    return value;
  };
  const hostName = expand(got.hostname?.value ?? alias, { h: alias }, got.hostname?.where, 'HostName').toLowerCase();
  const port = got.port?.value ?? 22;
  const user = got.user?.value ?? env.user;
  const proxyJump = got.proxyjump && got.proxyjump.value.toLowerCase() !== 'none' ? got.proxyjump.value : undefined;
  const hostKeyAlias = got.hostkeyalias?.value;
  const local = env.localHostname ?? '';
  // ssh_config(5) TOKENS: what IdentityFile, UserKnownHostsFile & co. accept. %k is the alias given
  // on the command line when there is no HostKeyAlias; %C hashes %l%h%p%r like ssh does.
  const tokens: TokenValues = {
    C: createHash('sha1').update(`${local}${hostName}${port}${user}`).digest('hex'),
    d: env.home,
    h: hostName,
    i: String(env.uid ?? ''),
    k: hostKeyAlias ?? alias,
    L: local.split('.')[0],
    l: local,
    n: alias,
    p: String(port),
    r: user,
    u: env.user,
    j: proxyJump ?? '',
  };
  const paths = (values: string[], where: ConfigWhere | undefined, what: string) => values.map((v) => expand(v, tokens, where, what));

  const userKnown = got.userknownhostsfile ?? { value: DEFAULT_USER_KNOWN_HOSTS };
  const globalKnown = got.globalknownhostsfile ?? { value: DEFAULT_GLOBAL_KNOWN_HOSTS };
  const resolved: ResolvedSshConfig = {
    hostName,
    user,
    port,
    identityFiles: [...new Set(identities.flatMap((i) => paths([i.value], i.where, 'IdentityFile')))],
    userKnownHostsFiles: isNone(userKnown.value) ? [] : paths(userKnown.value, userKnown.where, 'UserKnownHostsFile'),
    globalKnownHostsFiles: isNone(globalKnown.value) ? [] : paths(globalKnown.value, globalKnown.where, 'GlobalKnownHostsFile'),
  };
  if (proxyJump) resolved.proxyJump = proxyJump;
  if (got.proxycommand && got.proxycommand.value.toLowerCase() !== 'none') {
    // Kept as written (what `ssh -G` prints); a token ssh would refuse here is reported now.
    expand(got.proxycommand.value, proxyCommandTokens({ hostName, alias, hostKeyAlias, port, user }), got.proxycommand.where, 'ProxyCommand');
    resolved.proxyCommand = got.proxycommand.value;
  }
  if (got.hashknownhosts) resolved.hashKnownHosts = got.hashknownhosts.value;
  if (got.stricthostkeychecking) resolved.strictHostKeyChecking = got.stricthostkeychecking.value;
  if (got.connecttimeout) resolved.connectTimeoutMs = got.connecttimeout.value;
  if (got.serveraliveinterval) resolved.serverAliveIntervalMs = got.serveraliveinterval.value;
  if (got.identitiesonly) resolved.identitiesOnly = got.identitiesonly.value;
  if (hostKeyAlias) resolved.hostKeyAlias = hostKeyAlias;
  if (problems.length > 0) throw new InputError(problems, { hint: 'opsctl expands tokens like ssh: %C %d %h %i %k %L %l %n %p %r %u %% in paths, only %h %k %n %p %r %% in ProxyCommand' });
  return resolved;
}

// sshconnect.c expand_proxy_command: ProxyCommand knows only %h %k %n %p %r (and %%); ssh fails on
// any other token there, unlike IdentityFile and UserKnownHostsFile.
export function proxyCommandTokens(o: { hostName: string; alias: string; hostKeyAlias?: string; port: number; user: string }): TokenValues {
  return { h: o.hostName, k: o.hostKeyAlias ?? o.alias, n: o.alias, p: String(o.port), r: o.user };
}

// A Host line applies when one pattern matches and no `!pattern` does (readconf.c, case-sensitive).
export function hostLineMatches(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (!matchPattern(alias, negated ? p.slice(1) : p)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

const isNone = (values: string[]) => values.length === 1 && values[0].toLowerCase() === 'none';
