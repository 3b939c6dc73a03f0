// The shape of a parsed ssh_config: the file's lines kept in order as Host/Match/option/Include
// items (with Includes already read), because OpenSSH's answer depends on the order and on which
// blocks apply to the host asked about — so resolution walks this, per host, like ssh does.
import type { Diagnostic } from '../errors.js';

// Where an item was written, so errors and warnings point at the operator's line.
export interface ConfigWhere {
  file: string;
  line: number;
  col: number;
}

// `off`/`false` are read as `no` and `true` as `yes`, as ssh does.
export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new' | 'ask';

/** The options opsctl reads, with their values already checked and converted. */
export interface SshOptionValues {
  hostname: string;
  user: string;
  port: number;
  /** One per line; IdentityFile accumulates across lines and blocks. */
  identityfile: string;
  /** As written (`none`, `user@host:port,host2`); syntax already checked. */
  proxyjump: string;
  proxycommand: string;
  userknownhostsfile: string[];
  globalknownhostsfile: string[];
  stricthostkeychecking: StrictHostKeyChecking;
  connecttimeout: number;
  serveraliveinterval: number;
  identitiesonly: boolean;
  hostkeyalias: string;
  hashknownhosts: boolean;
}
// A lowercased keyword opsctl reads.
export type SshOptionKey = keyof SshOptionValues;

// One option line, its value typed by its keyword.
export type SshOptionItem = {
  [K in SshOptionKey]: { kind: 'option'; key: K; value: SshOptionValues[K]; where: ConfigWhere };
}[SshOptionKey];

/** A `Match` criterion opsctl can evaluate; `patterns` is a comma list as in match_pattern_list. */
export type MatchCriterion =
  | { kind: 'all' }
  | { kind: 'host' | 'originalhost' | 'user' | 'localuser'; negate: boolean; patterns: string };

// The items a file holds, in order; resolution walks them per host.
export type SshConfigItem =
  /** `Host` patterns, whitespace-separated (commas are literal here, as in OpenSSH). */
  | { kind: 'host'; patterns: string[]; where: ConfigWhere }
  /** `unsupported` names a criterion opsctl cannot evaluate (exec, canonical...): the block never applies. */
  | { kind: 'match'; criteria: MatchCriterion[]; unsupported?: string; where: ConfigWhere }
  | SshOptionItem
  | { kind: 'include'; files: SshConfigFile[]; where: ConfigWhere };

// A file an Include read, with its own items (its Host lines only act inside it).
export interface SshConfigFile {
  file: string;
  items: SshConfigItem[];
}

// A whole config (top file and its Includes), ready to resolve any number of hosts.
export interface ParsedSshConfig {
  /** The top file, or undefined for an empty config (no ~/.ssh/config). */
  file?: string;
  items: SshConfigItem[];
  /** Non-fatal: Match blocks skipped, Includes that could not be followed. */
  warnings: Diagnostic[];
}

// No ~/.ssh/config: every host gets ssh's defaults.
export const emptySshConfig = (): ParsedSshConfig => ({ items: [], warnings: [] });

/** What ssh_config says for one host alias, defaults applied and tokens expanded (like `ssh -G`). */
export interface ResolvedSshConfig {
  /** HostName (with %h expanded), or the alias; lowercased as ssh does. */
  hostName: string;
  user: string;
  port: number;
  /** Explicit identities only (command line first, then config order); empty = use ssh's defaults. */
  identityFiles: string[];
  /** Absent when unset or `none`. */
  proxyJump?: string;
  /** Set when ProxyCommand came first: ssh would then ignore ProxyJump. As written (tokens checked, not expanded). */
  proxyCommand?: string;
  /** Empty when `UserKnownHostsFile none`. */
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking?: StrictHostKeyChecking;
  connectTimeoutMs?: number;
  serverAliveIntervalMs?: number;
  identitiesOnly?: boolean;
  hostKeyAlias?: string;
  /** HashKnownHosts: keys recorded by opsctl are written hashed, as ssh would. */
  hashKnownHosts?: boolean;
}
