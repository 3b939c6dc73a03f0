import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsctl-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadRunbookFile', () => {
  it('returns the runbook, its digest, file and text', () => {
    const file = join(dir, 'ok.yaml');
    const text = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: ok }\nsteps: [{ id: a, run: hostname }]\n';
    writeFileSync(file, text);
    const loaded = loadRunbookFile(file);
    expect(loaded).toMatchObject({ file, text, runbook: { metadata: { name: 'ok' } } });
    expect(loaded.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(loaded.locate(['steps', 0, 'run'])).toEqual({ line: 4, col: 23 });
  });

  it('throws one InputError carrying every diagnostic', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: Bad }\nsteps: [{ run: 1 }]\n');
    const e = (() => { try { loadRunbookFile(file); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(2);
    expect((e as InputError).diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['3:19', '4:9', '4:16']);
    expect((e as InputError).message).toContain(`${file}:3:19  metadata.name`);
  });

  it('turns a missing file into an InputError with a hint', () => {
    const file = join(dir, 'missing.yaml');
    expect(() => loadRunbookFile(file)).toThrow(InputError);
    try {
      loadRunbookFile(file);
    } catch (e) {
      expect((e as InputError).diagnostics[0]).toMatchObject({ file, message: 'cannot read runbook: no such file' });
      expect((e as InputError).diagnostics[0].hint).toContain('opsctl runbooks');
    }
  });

  it('says so when the path is a directory', () => {
    expect(() => loadRunbookFile(dir)).toThrow(/it is a directory/);
  });
});
