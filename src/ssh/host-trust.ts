// The disk side of host trust: read every known_hosts file that exists, and append a newly
// trusted key the way ssh does (~/.ssh created 0700, the file 0600).
import { appendFileSync, chmodSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { parseKnownHosts, type KnownHostEntry } from './known-hosts-parse.js';

// A missing file is normal (known_hosts2, the global files); an unreadable one is a warning, as
// in ssh, which carries on with the others.
export function loadKnownHosts(files: string[]): { entries: KnownHostEntry[]; diagnostics: Diagnostic[] } {
  const entries: KnownHostEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') diagnostics.push({ file, message: `cannot read known_hosts: ${(e as Error).message}` });
      continue;
    }
    const parsed = parseKnownHosts(text, file);
    entries.push(...parsed.entries);
    diagnostics.push(...parsed.diagnostics);
  }
  return { entries, diagnostics };
}

// `line` may hold several lines (hashed names); a file not ending in a newline gets one first.
export function appendKnownHost(file: string, line: string): void {
  const dir = dirname(file);
  if (!exists(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // mkdir's mode is filtered by the umask
  }
  const separator = endsWithoutNewline(file) ? '\n' : '';
  appendFileSync(file, `${separator}${line.replace(/\n+$/, '')}\n`, { mode: 0o600 });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function endsWithoutNewline(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}
