// Deciding whether an offered host key is trusted, unknown, changed or revoked, against parsed
// known_hosts entries, with OpenSSH's matching (hostfile.c); and writing the line that trusts one.
import { randomBytes } from 'node:crypto';
import { hashHostString, hostPortString, keyTypeOfBlob } from './host-key.js';
import type { KnownHostEntry } from './known-hosts-parse.js';
import { matchHostname } from './patterns.js';

export { parseKnownHosts, type KnownHostEntry } from './known-hosts-parse.js';

// The four outcomes a connection must handle differently.
export type HostKeyCheck =
  | { status: 'trusted'; knownFile: string; line: number }
  /** `certAuthority`: a @cert-authority line names the host (ssh would accept a host certificate it signed). */
  | { status: 'unknown'; knownTypes: string[]; certAuthority?: boolean }
  /** `host` is the host string (`name` or `[name]:port`) whose entry holds the other key — the one to `ssh-keygen -R`. */
  | { status: 'changed'; knownFile: string; line: number; knownType: string; host: string }
  | { status: 'revoked'; knownFile: string; line: number };

// Precedence as in sshconnect.c: a revoked key is refused first (opsctl refuses it whatever host
// the @revoked line names — a revoked key is compromised everywhere); then any entry for one of
// the names with this exact key trusts it; else an entry of the same type with another key means
// the key changed; else it is unknown. `knownTypes` lists types known for the host (when the
// server offered another type, ssh would prefer those; opsctl reports unknown, not changed).
// @cert-authority lines never match a plain key.
export function checkHostKey(entries: KnownHostEntry[], hostnames: string[], port: number, keyType: string, keyBlob: Buffer): HostKeyCheck {
  return checkHostKeyAs(entries, hostnames.map((h) => hostPortString(h, port)), keyType, keyBlob);
}

// The same for host strings as ssh searches them: `name`, `[name]:port`, or a HostKeyAlias as written.
export function checkHostKeyAs(entries: KnownHostEntry[], hostStrings: string[], keyType: string, keyBlob: Buffer): HostKeyCheck {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { status: 'revoked', knownFile: revoked.file, line: revoked.line };
  const type = keyTypeOfBlob(keyBlob) ?? keyType;
  const forHost = plainEntriesFor(entries, hostStrings);
  const same = forHost.find(({ e }) => e.keyBlob.equals(keyBlob));
  if (same) return { status: 'trusted', knownFile: same.e.file, line: same.e.line };
  const other = forHost.find(({ e }) => e.keyType === type);
  if (other) return { status: 'changed', knownFile: other.e.file, line: other.e.line, knownType: other.e.keyType, host: other.host };
  const certAuthority = entries.some((e) => e.marker === 'cert-authority' && hostStrings.some((h) => entryNames(e, h)));
  return { status: 'unknown', knownTypes: [...new Set(forHost.map(({ e }) => e.keyType))], ...(certAuthority ? { certAuthority } : {}) };
}

// ssh's whole decision (sshconnect.c check_host_key): the names first; when they know no key of
// this type and there is no HostKeyAlias, off port 22 the bare host name is checked too, and only a
// matching key there counts ("found matching key w/out port") — a changed key is never rescued.
export function checkHostKeyLikeSsh(entries: KnownHostEntry[], names: { knownHostNames: string[]; knownHostFallback?: string }, keyType: string, keyBlob: Buffer): HostKeyCheck {
  const check = checkHostKeyAs(entries, names.knownHostNames, keyType, keyBlob);
  if (check.status !== 'unknown' || names.knownHostFallback === undefined) return check;
  const bare = checkHostKeyAs(entries, [names.knownHostFallback], keyType, keyBlob);
  return bare.status === 'trusted' ? bare : check;
}

// Key types known_hosts holds (plain lines, not @revoked or @cert-authority) for these host strings,
// in file order: what ssh puts first when it orders the host key algorithms it offers.
export function knownKeyTypes(entries: KnownHostEntry[], hostStrings: string[]): string[] {
  return [...new Set(plainEntriesFor(entries, hostStrings).map(({ e }) => e.keyType))];
}

function plainEntriesFor(entries: KnownHostEntry[], hostStrings: string[]): Array<{ e: KnownHostEntry; host: string }> {
  return entries.flatMap((e) => {
    const host = e.marker ? undefined : hostStrings.find((h) => entryNames(e, h));
    return host === undefined ? [] : [{ e, host }];
  });
}

// Whether an entry's names cover this host string (`host` or `[host]:port`).
export function entryNames(entry: KnownHostEntry, hostString: string): boolean {
  if ('hashed' in entry.names) return hashHostString(hostString, entry.names.hashed.salt).equals(entry.names.hashed.hash);
  return matchHostname(hostString, entry.names.patterns) === 1;
}

// The known_hosts text that trusts this key for these names. Hashed names (like `ssh-keygen -H`)
// take one line each, so several names give several lines joined by "\n" (no trailing newline).
export function formatKnownHostsLine(
  hostnames: string[],
  port: number,
  keyType: string,
  keyBlob: Buffer,
  options: { hash: boolean; salt?: Buffer },
): string {
  return formatKnownHostsEntry(hostnames.map((h) => hostPortString(h, port)), keyType, keyBlob, options);
}

// The same for host strings already spelled as known_hosts holds them (a HostKeyAlias as written).
export function formatKnownHostsEntry(hostStrings: string[], keyType: string, keyBlob: Buffer, options: { hash: boolean; salt?: Buffer }): string {
  const key = `${keyTypeOfBlob(keyBlob) ?? keyType} ${keyBlob.toString('base64')}`; // ssh-rsa, not rsa-sha2-512
  const names = [...new Set(hostStrings)];
  if (!options.hash) return `${names.join(',')} ${key}`;
  return names
    .map((name) => {
      const salt = options.salt ?? randomBytes(20);
      return `|1|${salt.toString('base64')}|${hashHostString(name, salt).toString('base64')} ${key}`;
    })
    .join('\n');
}
