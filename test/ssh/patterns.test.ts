// OpenSSH's wildcard matching, and the glob used for Include, on their edge cases.
import { describe, expect, it } from 'vitest';
import { globFiles } from '../../src/ssh/glob-files.js';
import { matchHostname, matchPattern } from '../../src/ssh/patterns.js';
import { tempDir, writeIn } from './helpers.js';

describe('matchPattern', () => {
  it.each([
    ['web-1', 'web-*', true],
    ['web-1', 'web-?', true],
    ['web-12', 'web-?', false],
    ['a.b.c', '*.*', true],
    ['abc', '*a*b*c*', true],
    ['abd', 'a*c', false],
    ['', '*', true],
    ['Web-1', 'web-*', false],
    ['*', '*', true],
  ])('%j against %j is %s', (text, pattern, expected) => {
    expect(matchPattern(text, pattern)).toBe(expected);
  });
});

describe('matchHostname', () => {
  it('reads a comma list, case-insensitively, where a negated match vetoes', () => {
    expect(matchHostname('DB1.example.com', '*.EXAMPLE.com')).toBe(1);
    expect(matchHostname('db1.example.com', '!db1.*,*.example.com')).toBe(-1);
    expect(matchHostname('db2.example.com', '!db1.*,*.example.com')).toBe(1);
    expect(matchHostname('x', 'a,b')).toBe(0);
  });
});

describe('globFiles', () => {
  it('expands *, ? and [...] per segment, skips dot-files and directories, sorts', () => {
    const dir = tempDir();
    for (const f of ['d1/b.conf', 'd1/a.conf', 'd1/.h.conf', 'd2/c.conf', 'd2/x.txt', 'd3/sub/z.conf']) writeIn(dir, f, '');
    expect(globFiles(`${dir}/d?/*.conf`)).toEqual([`${dir}/d1/a.conf`, `${dir}/d1/b.conf`, `${dir}/d2/c.conf`]);
    expect(globFiles(`${dir}/d[!1]/*`)).toEqual([`${dir}/d2/c.conf`, `${dir}/d2/x.txt`]);
    expect(globFiles(`${dir}/d1/.*`)).toEqual([`${dir}/d1/.h.conf`]);
    expect(globFiles(`${dir}/nope/*`)).toEqual([]);
    expect(globFiles(`${dir}/d2/c.conf`)).toEqual([`${dir}/d2/c.conf`]);
  });
});
