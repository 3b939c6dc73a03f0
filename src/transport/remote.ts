// Opening SSH transports for plan hosts: inventory + ssh_config → connection spec, host keys
// checked against known_hosts before authentication. Imported lazily: a plan with only local
// steps never loads ssh2.
import { hostname, userInfo, homedir } from 'node:os';
import type { PlanHost } from '../plan/types.js';
import type { ParsedSshConfig } from '../ssh/config-types.js';
import { resolveConnection, type ConnectionSpec } from '../ssh/host-resolve.js';
import { loadKnownHosts, appendKnownHost } from '../ssh/host-trust.js';
import { checkHostKeyLikeSsh, formatKnownHostsEntry, knownKeyTypes } from '../ssh/known-hosts.js';
import { orderHostKeyAlgorithms } from './host-key-order.js';
import { decideHostKey, hostKeyError } from '../ssh/trust-advice.js';
import { fingerprintSha256 } from '../ssh/host-key.js';
import { SshTransport } from './ssh-transport.js';
import type { HostKeyInfo, HostKeyVerdict, SshTransportOptions } from './ssh-options.js';

export interface RemoteSettings {
  sshConfig: ParsedSshConfig;
  /** Asked once per encrypted key. */
  passphrase?: (keyFile: string) => Promise<string | undefined>;
  becomePassword?: string;
  /** Reports keys accepted under StrictHostKeyChecking accept-new. */
  onNewHostKey?: (name: string, fingerprint: string, file: string) => void;
}

// What ssh's token expansion knows about this machine and its user.
const localEnv = () => ({ user: userInfo().username, home: homedir(), uid: userInfo().uid, localHostname: hostname() });

export async function openSshTransport(host: PlanHost, settings: RemoteSettings): Promise<SshTransport> {
  const env = localEnv();
  const spec = resolveConnection(host, undefined, settings.sshConfig, env);
  const transport = new SshTransport(transportOptions(spec, settings));
  await transport.connect();
  return transport;
}

function transportOptions(spec: ConnectionSpec, settings: RemoteSettings): SshTransportOptions {
  const o: SshTransportOptions = {
    name: spec.name,
    host: spec.host,
    port: spec.port,
    user: spec.user,
    identityFiles: spec.identityFiles,
    agent: spec.identitiesOnly ? undefined : process.env.SSH_AUTH_SOCK,
    passphrase: settings.passphrase,
    proxyJump: spec.proxyJump.map((hop) => transportOptions(hop, settings)),
    // Offer first the key types known_hosts holds for the host, as ssh does (order_hostkeyalgs).
    hostKeyAlgorithms: orderHostKeyAlgorithms(knownKeyTypes(loadKnownHosts(spec.knownHostsFiles).entries, spec.knownHostNames)),
    verifyHostKey: (info) => verify(spec, info, settings),
    connectTimeoutMs: spec.connectTimeoutMs,
    keepaliveIntervalMs: spec.keepaliveIntervalMs,
  };
  if (spec.proxyCommand) o.proxyCommand = spec.proxyCommand;
  if (spec.becomeUser) o.becomeUser = spec.becomeUser;
  if (settings.becomePassword !== undefined) o.becomePassword = settings.becomePassword;
  return o;
}

// Runs before authentication: nothing is sent to a host whose key is unknown, changed or revoked.
function verify(spec: ConnectionSpec, info: HostKeyInfo, settings: RemoteSettings): HostKeyVerdict {
  const { entries } = loadKnownHosts(spec.knownHostsFiles);
  const check = checkHostKeyLikeSsh(entries, spec, info.keyType, info.key);
  const fingerprint = fingerprintSha256(info.key);
  const decision = decideHostKey(check, spec.strictHostKeyChecking);
  if (decision === 'accept') return { ok: true };
  if (decision === 'accept-and-record' && spec.trustFile) {
    appendKnownHost(spec.trustFile, formatKnownHostsEntry(spec.knownHostNames, info.keyType, info.key, { hash: spec.hashKnownHosts }));
    settings.onNewHostKey?.(spec.name, fingerprint, spec.trustFile);
    return { ok: true };
  }
  if (check.status === 'trusted') return { ok: true };
  return { ok: false, error: hostKeyError(check, { name: spec.name, address: spec.host }, spec.port, fingerprint, spec.trustFile) };
}

export interface OfferedHostKey {
  spec: ConnectionSpec;
  keyType: string;
  key: Buffer;
  fingerprint: string;
  status: ReturnType<typeof checkHostKeyLikeSsh>['status'];
}

// `opsctl hosts trust`: dial the host (through verified jump hosts), take the key it offers and
// hang up before authenticating. Nothing is sent to the host.
export async function fetchHostKey(host: PlanHost, settings: RemoteSettings): Promise<OfferedHostKey> {
  const env = localEnv();
  const spec = resolveConnection(host, undefined, settings.sshConfig, env);
  let offered: HostKeyInfo | undefined;
  const stop = new Error('host key taken');
  const options = { ...transportOptions(spec, settings), verifyHostKey: (info: HostKeyInfo): HostKeyVerdict => ((offered = info), { ok: false, error: stop }) };
  const transport = new SshTransport(options);
  try {
    await transport.connect();
  } catch (e) {
    if (!offered) throw e;
  } finally {
    await transport.close();
  }
  if (!offered) throw new Error(`${spec.name} offered no host key`);
  const { entries } = loadKnownHosts(spec.knownHostsFiles);
  const check = checkHostKeyLikeSsh(entries, spec, offered.keyType, offered.key);
  return { spec, keyType: offered.keyType, key: offered.key, fingerprint: fingerprintSha256(offered.key), status: check.status };
}

export function recordHostKey(k: OfferedHostKey, file: string): string {
  // The form ssh records: the HostKeyAlias as written, else `host` / `[host]:port`; hashed with HashKnownHosts.
  const line = formatKnownHostsEntry(k.spec.knownHostNames, k.keyType, k.key, { hash: k.spec.hashKnownHosts });
  appendKnownHost(file, line);
  return line;
}
