// The journal keeps captures redacted (it is read by people and tools); a resume needs the real
// values, so they are also kept here, in a file only the user can read (DESIGN.md §4). A masked
// value is never restored: a step whose real captures are missing is run again or stopped on.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const CAPTURES_FILE = 'captures.jsonl';

const line = z.object({ key: z.string().min(1), captures: z.record(z.string(), z.string()) });

// Appends one step's real captures before its step.end is journaled; on disk when it returns.
export function saveCaptures(runDir: string, key: string, captures: Record<string, string>): void {
  if (Object.keys(captures).length === 0) return;
  const fd = openSync(join(runDir, CAPTURES_FILE), 'a', 0o600);
  try {
    writeSync(fd, JSON.stringify({ key, captures }) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// The latest real captures per step key; a torn or foreign line is skipped (its step then counts
// as having lost its captures, which resume handles).
export function loadCaptures(runDir: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const file = join(runDir, CAPTURES_FILE);
  if (!existsSync(file)) return out;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    try {
      const r = line.safeParse(JSON.parse(text));
      if (r.success) out.set(r.data.key, r.data.captures);
    } catch {
      // torn last line after a crash
    }
  }
  return out;
}
