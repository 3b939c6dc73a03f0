import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { JournalWriter, readJournal } from '../../src/state/journal.js';
import { tempDir } from './helpers.js';

const start = {
  type: 'run.start',
  runId: '20260301-030000-master-backup-abcd',
  runbook: 'master-backup',
  runbookDigest: 'sha256:aa',
  planDigest: 'sha256:bb',
  params: { host: 'master-0', awsSecret: '***' },
  mode: 'run',
  pid: 42,
  hostname: 'ops-1',
} as const;
const stepStart = { type: 'step.start', key: 'hostname@master-0', stepId: 'hostname', host: 'master-0', attempt: 1 } as const;
const stepEnd = {
  type: 'step.end',
  key: 'hostname@master-0',
  stepId: 'hostname',
  host: 'master-0',
  status: 'ok',
  exitCode: 0,
  durationMs: 12,
  attempt: 1,
  captures: { hostname: 'master-0.example' },
} as const;

function writeJournal(dir: string): void {
  const w = JournalWriter.open(dir);
  w.append(start);
  w.append(stepStart);
  w.append(stepEnd);
  w.close();
  w.close();
}

describe('journal', () => {
  it('round-trips entries, stamping v and ts, one line each', () => {
    const dir = tempDir();
    writeJournal(dir);
    const { entries, warnings } = readJournal(dir);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => e.type)).toEqual(['run.start', 'step.start', 'step.end']);
    expect(entries[2]).toMatchObject({ v: 1, ...stepEnd });
    expect(Date.parse(entries[0].ts)).not.toBeNaN();
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n')).toHaveLength(4);
  });

  it('refuses to append after close', () => {
    const w = JournalWriter.open(tempDir());
    w.close();
    expect(() => w.append(stepStart)).toThrow(/closed/);
  });

  it('drops a torn last line with a warning', () => {
    const dir = tempDir();
    writeJournal(dir);
    appendFileSync(join(dir, 'journal.jsonl'), '{"v":1,"ts":"2026-03-01T03:00:00.000Z","type":"step.st');
    const { entries, warnings } = readJournal(dir);
    expect(entries).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^journal\.jsonl:4: dropped an incomplete last entry/);
  });

  it('rejects a corrupt line that is not the last, naming journal.jsonl:LINE', () => {
    const dir = tempDir();
    writeJournal(dir);
    const file = join(dir, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].replace('"attempt":1', '"attempt":"one"');
    writeFileSync(file, lines.join('\n'));
    const err = (() => {
      try {
        readJournal(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/journal\.jsonl:2\b.*attempt/);
  });

  it('a resume after a torn line cuts it off so the journal stays readable', () => {
    const dir = tempDir();
    writeJournal(dir);
    appendFileSync(join(dir, 'journal.jsonl'), '{"v":1,"ts":"2026-03-01T03:0');
    const w = JournalWriter.open(dir);
    w.append({ type: 'run.resume', pid: 43, hostname: 'ops-1' });
    w.close();
    const { entries, warnings } = readJournal(dir);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => e.type)).toEqual(['run.start', 'step.start', 'step.end', 'run.resume']);
  });

  it('a resume after a whole entry missing only its newline keeps that entry', () => {
    const dir = tempDir();
    writeJournal(dir);
    const file = join(dir, 'journal.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n$/, ''));
    const w = JournalWriter.open(dir);
    w.append({ type: 'run.resume', pid: 43, hostname: 'ops-1', retryUnknown: true });
    w.close();
    expect(readJournal(dir).entries.map((e) => e.type)).toEqual(['run.start', 'step.start', 'step.end', 'run.resume']);
  });

  it('says so when a run directory has no journal', () => {
    expect(() => readJournal(tempDir())).toThrow(InputError);
  });
});
