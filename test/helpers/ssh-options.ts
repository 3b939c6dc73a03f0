// SshTransportOptions for a test sshd: its client key, a verifier that trusts exactly the key the
// server had when the options were made (so a rotated key is a changed key), short timeouts.
import { HostError } from '../../src/errors.js';
import type { HostKeyInfo, HostKeyVerdict, SshTransportOptions } from '../../src/transport/ssh-transport.js';
import type { Sshd } from './sshd.js';

export function sshOptions(sshd: Sshd, overrides: Partial<SshTransportOptions> = {}): SshTransportOptions {
  return {
    name: `node-${sshd.host}`,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFiles: [sshd.clientKeyPath],
    verifyHostKey: trustOnly(sshd.hostKeyBlob, sshd),
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 5000,
    ...overrides,
  };
}

// What the known_hosts check will do, reduced to one trusted key.
export function trustOnly(trusted: Buffer, sshd: Pick<Sshd, 'host' | 'port'>): (info: HostKeyInfo) => HostKeyVerdict {
  return (info) =>
    info.key.equals(trusted)
      ? { ok: true }
      : { ok: false, error: new HostError(`host key for ${info.host}:${info.port} changed (${info.keyType})`, { hint: `ssh-keygen -R '[${sshd.host}]:${sshd.port}'` }) };
}
