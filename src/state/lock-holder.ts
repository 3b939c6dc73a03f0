// What a lock file says about its holder, read back defensively: the file may be mid-write by a
// racing acquirer or left empty by a crash, and the message to the operator depends on it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const lockHolderSchema = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  runId: z.string(),
  names: z.array(z.string()),
  started: z.string(),
  /** The holder's start time in clock ticks since boot (tells a reused pid from the holder). */
  pidStart: z.string().optional(),
});

export type LockHolder = z.infer<typeof lockHolderSchema>;

const RETRIES = 5;
const RETRY_MS = 20;

// Returns the holder, or undefined when the file is gone or stays unreadable. A racing acquirer
// writes right after its exclusive create, so an empty file gets a few short retries.
export function readLockHolder(file: string): LockHolder | undefined {
  for (let i = 0; i <= RETRIES; i++) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const r = lockHolderSchema.safeParse(JSON.parse(text));
      if (r.success) return r.data;
    } catch {
      // fall through to retry: probably still being written
    }
    if (i < RETRIES) sleepSync(RETRY_MS);
  }
  return undefined;
}

// Lock acquisition is synchronous (it runs before any step), so short waits block rather than await.
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
