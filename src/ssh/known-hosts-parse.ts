// known_hosts text → entries, following sshd(8) SSH_KNOWN_HOSTS FILE FORMAT: optional
// @revoked/@cert-authority marker, host patterns or one `|1|salt|hash`, key type, base64 key,
// comment. Lines ssh would skip are skipped here too, each with a warning saying why.
import type { Diagnostic } from '../errors.js';
import { keyTypeOfBlob } from './host-key.js';

// A line names hosts either as patterns (comma list) or as one hashed name.
export type KnownHostNames = { hashed: { salt: Buffer; hash: Buffer } } | { patterns: string };

// One usable known_hosts line, with where it is so messages can cite file:line.
export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  names: KnownHostNames;
  keyType: string;
  keyBlob: Buffer;
}

// Never fails: a bad line is skipped with a diagnostic, as ssh skips it.
export function parseKnownHosts(text: string, file: string): { entries: KnownHostEntry[]; diagnostics: Diagnostic[] } {
  const entries: KnownHostEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((raw, index) => {
    const words = [...raw.matchAll(/\S+/g)];
    if (words.length === 0 || words[0][0].startsWith('#')) return;
    const parsed = parseEntry(words.map((w) => w[0]));
    if ('error' in parsed) {
      const col = (words[Math.min(parsed.word, words.length - 1)].index ?? 0) + 1;
      diagnostics.push({ file, line: index + 1, col, message: `known_hosts line skipped: ${parsed.error}` });
    } else entries.push({ file, line: index + 1, ...parsed });
  });
  return { entries, diagnostics };
}

type Parsed = Omit<KnownHostEntry, 'file' | 'line'> | { error: string; word: number };

function parseEntry(words: string[]): Parsed {
  let i = 0;
  let marker: KnownHostEntry['marker'];
  if (words[0].startsWith('@')) {
    if (words[0] !== '@revoked' && words[0] !== '@cert-authority') return { error: `unknown marker ${words[0]}`, word: 0 };
    marker = words[0] === '@revoked' ? 'revoked' : 'cert-authority';
    i = 1;
  }
  const [hosts, keyType, base64] = words.slice(i, i + 3);
  if (!keyType || !base64) return { error: 'expected host names, key type and key', word: words.length };
  const names = parseNames(hosts);
  if (!names) return { error: `bad hashed host name ${hosts}`, word: i };
  if (/^\d+$/.test(keyType)) return { error: 'SSH protocol 1 keys are not supported', word: i + 1 };
  const keyBlob = Buffer.from(base64, 'base64');
  if (keyBlob.length === 0 || keyBlob.toString('base64').replace(/=+$/, '') !== base64.replace(/=+$/, '')) {
    return { error: 'the key is not valid base64', word: i + 2 };
  }
  const blobType = keyTypeOfBlob(keyBlob);
  if (blobType !== keyType) return { error: `key type ${keyType} does not match the key (${blobType ?? 'unreadable'})`, word: i + 1 };
  return marker ? { marker, names, keyType, keyBlob } : { names, keyType, keyBlob };
}

// A field starting with `|` is a single hashed name `|1|salt|hash` (SHA1: 20-byte hash).
function parseNames(field: string): KnownHostNames | undefined {
  if (!field.startsWith('|')) return { patterns: field };
  const m = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(field);
  if (!m) return undefined;
  const salt = Buffer.from(m[1], 'base64');
  const hash = Buffer.from(m[2], 'base64');
  return salt.length === 20 && hash.length === 20 ? { hashed: { salt, hash } } : undefined;
}
