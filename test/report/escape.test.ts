import { describe, expect, it } from 'vitest';
import { escapeTerminal, truncateLine } from '../../src/report/escape.js';

describe('escapeTerminal', () => {
  it('turns CSI, OSC and other controls into visible text', () => {
    expect(escapeTerminal('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(escapeTerminal('\x1b]0;title\x07')).toBe('\\x1b]0;title\\x07');
    expect(escapeTerminal('50%\r100%')).toBe('50%\\r100%');
    expect(escapeTerminal('a\x00b\x7fc\x9b2Jd')).toBe('a\\0b\\x7fc\\x9b2Jd');
    expect(escapeTerminal('rm \u202e-rf')).toBe('rm \\u202e-rf');
  });

  it('keeps newlines, tabs and UTF-8 text; CRLF reads as a newline', () => {
    expect(escapeTerminal('a\tb\nc — ✔ 日本 ü')).toBe('a\tb\nc — ✔ 日本 ü');
    expect(escapeTerminal('one\r\ntwo\r\n')).toBe('one\ntwo\n');
  });

  it('leaves no raw control character behind', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    expect(escapeTerminal(all)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('truncateLine', () => {
  it('cuts to the width with an ellipsis and keeps short text', () => {
    expect(truncateLine('copy-origin @ master-0', 40)).toBe('copy-origin @ master-0');
    expect(truncateLine('abcdefghij', 5)).toBe('abcd…');
    expect(truncateLine('abcde', 5)).toBe('abcde');
    expect(truncateLine('abc', 0)).toBe('');
  });

  it('keeps the first line only and counts wide characters as two columns', () => {
    expect(truncateLine('first\nsecond', 20)).toBe('first…');
    expect(truncateLine('日本語テキスト', 6)).toBe('日本…');
  });
});
