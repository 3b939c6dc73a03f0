// What the SSH transport needs to reach one host, as plain data: the lead resolves ssh_config,
// known_hosts and inventory into this, so the transport never reads configuration itself.
import type { ServerHostKeyAlgorithm } from 'ssh2';

// What the known_hosts check (outside the transport) needs to decide about a presented key.
export interface HostKeyInfo {
  host: string;
  port: number;
  /** The key's algorithm name from its blob, e.g. `ssh-ed25519`. */
  keyType: string;
  /** The raw public key blob, as in known_hosts once base64-decoded. */
  key: Buffer;
}

// A rejection carries the operator-facing error (fingerprint, `ssh-keygen -R` hint) unchanged.
export type HostKeyVerdict = { ok: true } | { ok: false; error: Error };

// Plain data so ssh_config/inventory resolution stays in src/ssh and the lead wires the two.
export interface SshTransportOptions {
  /** Inventory host name, for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  /** Private keys tried in order after the agent; missing files are skipped like OpenSSH does. */
  identityFiles: string[];
  /** SSH_AUTH_SOCK. */
  agent?: string;
  /** Asked for an encrypted key's passphrase; without it such a key fails with the file named. */
  passphrase?: (keyFile: string) => Promise<string | undefined>;
  /** Hops in order, each with its own options (and its own host key check). */
  proxyJump?: SshTransportOptions[];
  /** ProxyCommand, tokens expanded: run with the user's shell, its stdin/stdout carry the connection. */
  proxyCommand?: string;
  /** Offered to the server in this order (default HOST_KEY_ALGORITHMS). */
  hostKeyAlgorithms?: ServerHostKeyAlgorithm[];
  /** Called before authentication; a rejection fails the connection with exactly that error. */
  verifyHostKey: (info: HostKeyInfo) => HostKeyVerdict;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Concurrent channels per connection; below OpenSSH's MaxSessions 10 to leave room for kills. */
  maxChannels?: number;
  /** False: every step on its own exec channel, no persistent runner (for comparison and tests). */
  runners?: boolean;
  becomeUser?: string;
  /** Given only with --ask-become-pass; then sudo runs with -S and is fed this when it prompts. */
  becomePassword?: string;
}

// OpenSSH's MaxSessions defaults to 10; two spare sessions keep kills possible at full load.
export const DEFAULT_MAX_CHANNELS = 8;

// Ed25519 and ECDSA first, RSA only with SHA-2 signatures (no ssh-rsa/SHA-1).
export const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/** `name (host:port)`, how every SSH message names a host. */
export function describeHost(o: Pick<SshTransportOptions, 'name' | 'host' | 'port'>): string {
  const address = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  return o.name === o.host ? address : `${o.name} (${address})`;
}
