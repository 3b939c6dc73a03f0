import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/state/atomic.js';
import { tempDir } from './helpers.js';

describe('writeFileAtomic', () => {
  it('replaces the file with the given mode and leaves no temp file behind', () => {
    const dir = tempDir();
    const file = join(dir, 'plan.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, '{"new":true}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(dir)).toEqual(['plan.json']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomic(file, Buffer.from('bytes'), 0o644);
    expect(readFileSync(file, 'utf8')).toBe('bytes');
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('removes its temp file when the rename fails', () => {
    const dir = tempDir();
    // Renaming a file over a non-empty directory fails.
    mkdirSync(join(dir, 'sub', 'inner'), { recursive: true });
    expect(() => writeFileAtomic(join(dir, 'sub'), 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['sub']);
  });
});
