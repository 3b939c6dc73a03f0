// The entries of a .tar.gz, read as a stream without keeping file data: enough to decide what an
// extraction would create (names, types, link targets, modes) before anything is extracted.
// Reads ustar, GNU long names (L/K) and pax headers (x); a gzip bomb or an endless archive stops
// at a byte or entry limit.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface TarEntry {
  path: string;
  /** The ustar type flag: '0' file, '1' hard link, '2' symlink, '5' directory, '3'/'4'/'6' devices and fifos. */
  type: string;
  linkPath: string;
  mode: number;
  size: number;
}

export const MAX_ENTRIES = 100_000;
export const MAX_BYTES = 1024 ** 3;
const META_LIMIT = 1024 * 1024;

// Fed decompressed bytes in any chunk sizes; throws on a malformed header.
export class TarReader {
  readonly entries: TarEntry[] = [];
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0; // data bytes (padded) of the current entry still to pass
  private meta?: { type: string; left: number; parts: Buffer[] }; // L, K or x data being collected
  private next: { path?: string; linkPath?: string } = {};
  private total = 0;
  done = false;

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > MAX_BYTES) throw new Error(`the archive unpacks to more than ${MAX_BYTES / 1024 ** 3} GiB`);
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.done) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.pending.length);
        if (this.meta) this.collect(this.pending.subarray(0, n));
        this.pending = this.pending.subarray(n);
        this.skip -= n;
        if (this.skip > 0) return;
        if (this.meta) this.finishMeta();
        continue;
      }
      if (this.pending.length < 512) return;
      const header = this.pending.subarray(0, 512);
      this.pending = this.pending.subarray(512);
      this.header(header);
    }
  }

  private header(h: Buffer): void {
    if (h.every((b) => b === 0)) return void (this.done = true);
    const sum = h.reduce((s, b, i) => s + (i >= 148 && i < 156 ? 32 : b), 0);
    if (octal(h, 148, 8) !== sum) throw new Error('a tar header has a bad checksum');
    const type = String.fromCharCode(h[156] || 48);
    const size = octal(h, 124, 12);
    const padded = Math.ceil(size / 512) * 512;
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      if (size > META_LIMIT) throw new Error('a tar name or pax header is too long');
      this.meta = { type, left: size, parts: [] };
      this.skip = padded;
      if (padded === 0) this.finishMeta();
      return;
    }
    const prefix = h.subarray(257, 263).toString('latin1').startsWith('ustar') ? text(h, 345, 155) : '';
    const name = text(h, 0, 100);
    this.entries.push({
      path: this.next.path ?? (prefix ? `${prefix}/${name}` : name),
      type,
      linkPath: this.next.linkPath ?? text(h, 157, 100),
      mode: octal(h, 100, 8),
      size,
    });
    if (this.entries.length > MAX_ENTRIES) throw new Error(`the archive has more than ${MAX_ENTRIES} entries`);
    this.next = {};
    this.skip = type === '5' || type === '2' || type === '1' ? 0 : padded;
  }

  private collect(bytes: Buffer): void {
    const m = this.meta!;
    const take = bytes.subarray(0, Math.max(0, m.left));
    m.parts.push(take);
    m.left -= take.length;
  }

  private finishMeta(): void {
    const m = this.meta!;
    this.meta = undefined;
    const data = Buffer.concat(m.parts).toString('utf8');
    if (m.type === 'L') this.next.path = data.replace(/\0.*$/s, '');
    else if (m.type === 'K') this.next.linkPath = data.replace(/\0.*$/s, '');
    else if (m.type === 'x') {
      // Records are "<len> key=value\n".
      for (const rec of data.split('\n')) {
        const m2 = /^\d+ ([^=]+)=(.*)$/s.exec(rec);
        if (m2?.[1] === 'path') this.next.path = m2[2];
        if (m2?.[1] === 'linkpath') this.next.linkPath = m2[2];
      }
    }
  }
}

function text(h: Buffer, at: number, len: number): string {
  const raw = h.subarray(at, at + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? len : end).toString('utf8');
}

// Octal numbers, or GNU's base-256 form (high bit set) for big sizes.
function octal(h: Buffer, at: number, len: number): number {
  if (h[at] & 0x80) {
    let n = 0;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + h[i];
    return n;
  }
  const s = h.subarray(at, at + len).toString('latin1').replace(/[\0 ]+/g, ' ').trim();
  if (s !== '' && !/^[0-7]+$/.test(s)) throw new Error('a tar header has a malformed number');
  return s === '' ? 0 : parseInt(s, 8);
}

// Lists a .tar.gz file on this machine.
export function listTarGz(file: string): Promise<TarEntry[]> {
  return new Promise((resolve, reject) => {
    const reader = new TarReader();
    const gunzip = createGunzip();
    const input = createReadStream(file);
    const fail = (e: Error) => {
      input.destroy();
      gunzip.destroy();
      reject(e);
    };
    input.on('error', fail).pipe(gunzip).on('error', fail);
    gunzip.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (e) {
        fail(e as Error);
      }
    });
    gunzip.on('end', () => resolve(reader.entries));
  });
}
