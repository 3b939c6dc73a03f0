import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishParts, renderParts, shellQuote, shellQuoteList } from '../../src/template/index.js';
import { makeContext } from './context.js';
import { tempDir } from '../e2e/cli.js';

// Runs `set -- <words>` in a real sh and returns the argv words it ended up with.
function wordsFromShell(words: string): string[] {
  const r = spawnSync('sh', ['-c', `set -- ${words}\nprintf '%s\\0' "$#" "$@"`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [count, ...args] = r.stdout.split('\0').slice(0, -1);
  expect(Number(count)).toBe(args.length);
  return args;
}

const canaryDir = tempDir('opsctl-quote-');
const canary = join(canaryDir, 'pwned');
const NASTY = [
  `x; touch ${canary}`,
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `a'b`,
  `'; touch ${canary}; '`,
  'line1\nline2',
  '',
  ' ',
  '*',
  '~root',
  '$HOME',
  'a"b\\c',
  '-n',
  '#comment',
  'é ünïcode ✓',
  `| touch ${canary} &`,
];

describe('shellQuote', () => {
  it('leaves safe words alone and quotes everything else', () => {
    expect(shellQuote('master-0.example.com:2379/a_b@c%d+e=f,g')).toBe('master-0.example.com:2379/a_b@c%d+e=f,g');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
  });

  it('turns every injection attempt into exactly one word, executing nothing', () => {
    for (const value of NASTY) expect(wordsFromShell(shellQuote(value))).toEqual([value]);
    expect(existsSync(canary)).toBe(false);
  });

  it('round-trips random strings of every printable and control character', () => {
    const chars = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1));
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 200 }, () => Array.from({ length: Math.floor(rand() * 12) }, () => chars[Math.floor(rand() * chars.length)]).join(''));
    expect(wordsFromShell(values.map(shellQuote).join(' '))).toEqual(values);
  });

  it('quotes lists as one word per element', () => {
    const list = ['a b', "c'd", '', `$(touch ${canary})`];
    expect(wordsFromShell(shellQuoteList(list))).toEqual(list);
    expect(existsSync(canary)).toBe(false);
  });
});

describe('commands rendered in shell mode', () => {
  it('keep params and captures as single words end to end', () => {
    for (const value of NASTY) {
      const ctx = makeContext({ params: { v: value } });
      const parts = renderParts('set -- {{ params.v }} {{ captures.c }} {{ captures.c | default("x") | quote }}', ctx, { shell: true });
      const command = finishParts(parts, { captures: { c: value }, secrets: {} });
      const r = spawnSync('sh', ['-c', `${command}\nprintf '%s\\0' "$@"`], { encoding: 'utf8' });
      expect(r.stdout.split('\0').slice(0, -1)).toEqual([value, value, value === '' ? 'x' : value]);
    }
    expect(existsSync(canary)).toBe(false);
  });
});
