// Facts about a host key blob (the SSH wire encoding ssh2 hands to its hostVerifier): its type,
// its fingerprint as `ssh-keygen -lf` prints it, and the host strings known_hosts stores.
import { createHash, createHmac } from 'node:crypto';

// The key type is the first string inside the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`...).
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[A-Za-z0-9@._-]+$/.test(type) ? type : undefined;
}

// `SHA256:` + unpadded base64 of sha256(blob): what ssh prints and what operators compare.
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

// known_hosts names a non-22 port as `[host]:port` (put_host_port); names are lowercase.
export function hostPortString(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

// A hashed known_hosts name: HMAC-SHA1 keyed by the salt over the host string (hostfile.c).
export function hashHostString(hostString: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(hostString).digest();
}
