// `edit: { removeLines: '<regex>' }`: drop every line matching a JavaScript regex, e.g. a
// haproxy `server` line or a stale hosts entry.
import { testEachBounded } from '../runbook/user-regex.js';
import { result, splitLines, type EditResult } from './lines.js';

// The compiler calls this before any plan is made, so a bad pattern is a runbook error, not a
// failure halfway through a run.
export function validateRegex(pattern: string): string | undefined {
  if (pattern === '') return 'the pattern is empty, which would remove every line';
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return `invalid regular expression /${pattern}/: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`;
  }
}

export function removeLines(text: string, pattern: string): EditResult {
  const bad = validateRegex(pattern);
  if (bad) throw new Error(bad);
  const re = new RegExp(pattern);
  const lines = splitLines(text);
  const removed: number[] = [];
  const hits = testEachBounded(re, lines.map((l) => l.body));
  const kept = lines.filter((_, i) => (hits[i] ? (removed.push(i + 1), false) : true));
  const notes =
    removed.length === 0
      ? [`no line matches /${pattern}/; nothing to remove`]
      : [`removed ${removed.length} line${removed.length === 1 ? '' : 's'} matching /${pattern}/ (line${removed.length === 1 ? '' : 's'} ${removed.join(', ')})`];
  return result(text, kept, notes);
}
