// Checksums for transfers: both ends compute sha256 so a copy is never reported done unverified.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function sha256OfBuffer(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
