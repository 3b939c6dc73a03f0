import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/runbook/suggest.js';

describe('suggest', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('timeuot', 'timeout')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds the closest candidate within max(1, len/3) edits', () => {
    expect(suggest('timeuot', ['timeout', 'retries'])).toBe('timeout');
    expect(suggest('rn', ['run', 'copy'])).toBe('run');
    expect(suggest('hots', ['host', 'hosts'])).toBe('host');
    expect(suggest('stdot', ['stdout', 'stderr'])).toBe('stdout');
  });

  it('is case-insensitive and returns the candidate as written', () => {
    expect(suggest('READONLY', ['readOnly'])).toBe('readOnly');
  });

  it('prefers the smallest distance, then the earlier candidate', () => {
    expect(suggest('retrys', ['retryDelay', 'retries'])).toBe('retries');
    expect(suggest('ab', ['ax', 'ay'])).toBe('ax');
  });

  it('says nothing when nothing is close', () => {
    expect(suggest('xyz', ['run', 'copy'])).toBeUndefined();
    expect(suggest('backup', ['restore'])).toBeUndefined();
    expect(suggest('x', [])).toBeUndefined();
  });
});
