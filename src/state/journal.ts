// The journal is the run's memory across crashes (DESIGN.md §4): one JSON line per transition,
// durable before the engine relies on it, and read back strictly so resume never guesses.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { JOURNAL_VERSION, journalEntrySchema, type JournalEntry, type JournalInput } from './journal-schema.js';

export const JOURNAL_FILE = 'journal.jsonl';

// The engine's only way to record a transition; each append is on disk when it returns.
export class JournalWriter {
  private fd: number | undefined;

  private constructor(fd: number) {
    this.fd = fd;
  }

  // Opens for append so a resume continues the same file after the original run's lines.
  static open(runDir: string): JournalWriter {
    const file = join(runDir, JOURNAL_FILE);
    const fd = openSync(file, 'a', 0o600);
    try {
      dropTornTail(file, fd);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    return new JournalWriter(fd);
  }

  // One writeSync of a whole line, then fsync: a crash leaves at most a torn last line.
  // `durable: false` skips the fsync for entries nothing relies on yet (a step's end is relied on
  // only when the next step starts, whose fsync flushes it too); the line is still written to the
  // kernel at once, so a killed process loses nothing — only an OS crash could, and then the step
  // replays as unknown, never as done.
  append(entry: JournalInput, options: { durable?: boolean } = {}): void {
    if (this.fd === undefined) throw new Error('journal is closed');
    const line = JSON.stringify({ v: JOURNAL_VERSION, ts: new Date().toISOString(), ...entry }) + '\n';
    const buf = Buffer.from(line, 'utf8');
    const written = writeSync(this.fd, buf, 0, buf.length);
    if (written !== buf.length) throw new Error(`short write to ${JOURNAL_FILE}: ${written} of ${buf.length} bytes`);
    if (options.durable !== false) fsyncSync(this.fd);
  }

  // Idempotent, so the engine can close in both the normal path and a signal handler.
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface JournalRead {
  entries: JournalEntry[];
  warnings: string[];
}

// Reads and validates every line. A torn last line is what a crash mid-append leaves, so it is
// dropped with a warning; damage anywhere else means the journal cannot be trusted.
export function readJournal(runDir: string): JournalRead {
  const file = join(runDir, JOURNAL_FILE);
  if (!existsSync(file)) {
    throw new InputError(`${file}: no journal in this run directory`, { hint: 'list runs with `opsctl runs`' });
  }
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: JournalEntry[] = [];
  const warnings: string[] = [];
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    const problem = parseLine(line);
    if (typeof problem !== 'string') {
      entries.push(problem);
    } else if (isLast) {
      warnings.push(`${JOURNAL_FILE}:${lineNo}: dropped an incomplete last entry (the run was probably killed while writing it): ${problem}`);
    } else {
      throw new InputError([{ file, line: lineNo, message: `corrupt journal entry: ${problem}` }], {
        hint: 'the journal was edited or damaged; this run cannot be resumed safely',
      });
    }
  });
  return { entries, warnings };
}

// Returns the entry, or a one-line reason it is not one.
function parseLine(line: string): JournalEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  const r = journalEntrySchema.safeParse(raw);
  if (r.success) return r.data;
  return r.error.issues.map((iss) => `${iss.path.join('.') || '(entry)'}: ${iss.message}`).join('; ');
}

// A crash can leave a torn last line. `readJournal` ignores it, but appending after it would turn
// it into a corrupt middle line, so before a resume appends: cut the torn line off (it is exactly
// what readers already drop), or end a whole-but-unterminated entry with its newline.
function dropTornTail(file: string, fd: number): void {
  const buf = readFileSync(file);
  if (buf.length === 0) return;
  const terminated = buf[buf.length - 1] === 0x0a;
  const end = terminated ? buf.length - 1 : buf.length;
  // Buffer#lastIndexOf counts a negative offset from the end, so guard the one-line case.
  const start = end === 0 ? 0 : buf.lastIndexOf(0x0a, end - 1) + 1;
  const whole = typeof parseLine(buf.subarray(start, end).toString('utf8')) !== 'string';
  if (whole && terminated) return;
  if (whole) writeSync(fd, '\n');
  else truncateSync(file, start);
  fsyncSync(fd);
}
