// Key material for SSH tests, made with the real ssh-keygen so the keys are exactly what an
// operator's machine and a host would have.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';

export interface PublicKey {
  /** The `.pub` line without its comment: `ssh-ed25519 AAAA...`. */
  line: string;
  type: string;
  blob: Buffer;
  /** As OpenSSH prints it: `SHA256:` and unpadded base64. */
  fingerprint: string;
}

// Generates a key pair at `path` (and `path.pub`), replacing any previous one.
export function generateKey(path: string, options: { type?: string; passphrase?: string } = {}): PublicKey {
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  const type = options.type ?? 'ed25519';
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', options.passphrase ?? '', '-C', '', '-f', path], { stdio: 'pipe' });
  return readPublicKey(`${path}.pub`);
}

export function readPublicKey(pubPath: string): PublicKey {
  const [type, base64] = readFileSync(pubPath, 'utf8').trim().split(/\s+/);
  const blob = Buffer.from(base64, 'base64');
  return {
    line: `${type} ${base64}`,
    type,
    blob,
    fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
  };
}

// The known_hosts spelling OpenSSH uses for a host: bare on port 22, `[host]:port` otherwise.
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
