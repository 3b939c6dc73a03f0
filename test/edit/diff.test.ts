// unifiedDiff: exact output for the common cases, and for random edits a diff that `patch` (and
// our own applier) turns the old text into the new one with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/edit/diff.js';

const labels = { oldLabel: 'a/f', newLabel: 'b/f' };

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', labels)).toBe('');
  });

  it('shows a change with 3 lines of context, merging close changes into one hunk', () => {
    const old = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\n';
    const neu = old.replace('l2\n', 'L2\n').replace('l8\n', '').replace('l12\n', 'l12\nl13\n');
    expect(unifiedDiff(old, neu, labels)).toBe(
      [
        '--- a/f', '+++ b/f',
        '@@ -1,12 +1,12 @@',
        ' l1', '-l2', '+L2', ' l3', ' l4', ' l5', ' l6', ' l7', '-l8', ' l9', ' l10', ' l11', ' l12', '+l13', '',
      ].join('\n'),
    );
    expect(unifiedDiff(old, neu, { ...labels, context: 1 })).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,3 +1,3 @@', ' l1', '-l2', '+L2', ' l3', '@@ -7,3 +7,2 @@', ' l7', '-l8', ' l9',
        '@@ -12 +11,2 @@', ' l12', '+l13', ''].join('\n'),
    );
  });

  it('handles empty files and a missing final newline like diff -u', () => {
    expect(unifiedDiff('', 'a\n', labels)).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n');
    expect(unifiedDiff('a\nb\n', '', labels)).toBe('--- a/f\n+++ b/f\n@@ -1,2 +0,0 @@\n-a\n-b\n');
    expect(unifiedDiff('a\nb', 'a\nb\n', labels)).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });

  it('shows a line-ending change', () => {
    expect(unifiedDiff('a\r\nb\r\n', 'a\r\nb\n', labels)).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n');
  });
});

// A strict applier: every context and removed line must match where the header says.
function applyUnified(old: string, diff: string): string {
  const lines = old === '' ? [] : old.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let pos = 0;
  const body = diff.split('\n').slice(2, -1);
  for (let i = 0; i < body.length; ) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(body[i++]);
    if (!h) throw new Error(`bad hunk header ${body[i - 1]}`);
    const start = Number(h[2] ?? 1) === 0 ? Number(h[1]) : Number(h[1]) - 1;
    if (start < pos) throw new Error('hunks overlap');
    out.push(...lines.slice(pos, start));
    pos = start;
    let oldCount = 0;
    while (i < body.length && !body[i].startsWith('@@')) {
      const [k, text] = [body[i][0], body[i].slice(1)];
      if (k === ' ' || k === '-') {
        if (lines[pos] !== text) throw new Error(`mismatch at old line ${pos + 1}`);
        pos++, oldCount++;
      }
      if (k === ' ' || k === '+') out.push(text);
      i++;
    }
    if (oldCount !== Number(h[2] ?? 1)) throw new Error('hunk old count is wrong');
  }
  out.push(...lines.slice(pos));
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function randomEdit(seed: number): [string, string] {
  let s = seed;
  const rnd = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const old = Array.from({ length: rnd(40) }, () => `line ${rnd(8)}`);
  const neu = [...old];
  for (let e = rnd(6); e >= 0; e--) {
    const at = rnd(neu.length + 1);
    const what = rnd(3);
    if (what === 0) neu.splice(at, 1);
    else if (what === 1) neu.splice(at, 0, `new ${rnd(5)}`);
    else neu.splice(at, 1, `changed ${rnd(5)}`);
  }
  const join = (l: string[]) => (l.length ? l.join('\n') + '\n' : '');
  return [join(old), join(neu)];
}

describe('unifiedDiff on random edits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hasPatch = (() => {
    try {
      execFileSync('patch', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it('always describes the change exactly', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const [old, neu] = randomEdit(seed);
      expect(applyUnified(old, unifiedDiff(old, neu, labels)), `seed ${seed}`).toBe(neu);
    }
  });

  it.skipIf(!hasPatch)('is accepted by patch(1)', () => {
    for (let seed = 1000; seed <= 1030; seed++) {
      const [old, neu] = randomEdit(seed);
      const file = join(dir, `f${seed}`);
      writeFileSync(file, old);
      writeFileSync(`${file}.diff`, unifiedDiff(old, neu, labels) || '');
      if (old !== neu) execFileSync('patch', ['--quiet', '--force', file, `${file}.diff`]);
      expect(readFileSync(file, 'utf8'), `seed ${seed}`).toBe(neu);
    }
  });
});
