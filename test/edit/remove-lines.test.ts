import { describe, expect, it } from 'vitest';
import { removeLines, validateRegex } from '../../src/edit/remove-lines.js';
import { crlf, expectIdempotent, fixture } from './helpers.js';

const cfg = fixture('haproxy.cfg');

describe('removeLines', () => {
  it('removes every matching line and says which', () => {
    const r = removeLines(cfg, '^\\s*server\\s+master-?2\\b');
    expect(r.text).toBe(cfg.replace('    server      master2 10.0.0.12:8443 check\n', '').replace('    server master-2.example.com 10.0.0.12:8443 check\n', ''));
    expect(r.notes).toEqual(['removed 2 lines matching /^\\s*server\\s+master-?2\\b/ (lines 54, 67)']);
    const notes = expectIdempotent((t) => removeLines(t, '^\\s*server\\s+master-?2\\b'), r);
    expect(notes).toEqual(['no line matches /^\\s*server\\s+master-?2\\b/; nothing to remove']);
  });

  it('matches the line without its terminator, and keeps CRLF and a missing final newline', () => {
    expect(removeLines(crlf('a\nb$\nc\n'), 'b\\$$').text).toBe(crlf('a\nc\n'));
    expect(removeLines('a\nb\nc', '^c$').text).toBe('a\nb\n');
    expect(removeLines('a\nb\nc', '^b$').text).toBe('a\nc');
  });

  it('rejects an invalid or empty pattern with a clear message', () => {
    expect(validateRegex('^server\\s+(master')).toBe('invalid regular expression /^server\\s+(master/: Unterminated group');
    expect(validateRegex('')).toBe('the pattern is empty, which would remove every line');
    expect(validateRegex('^\\s*server\\s+master-2\\b')).toBeUndefined();
    expect(() => removeLines('x\n', '(')).toThrow('invalid regular expression /(/');
  });
});
