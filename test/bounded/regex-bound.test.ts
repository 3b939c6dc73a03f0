// Class 4 — a catastrophic regex (nested quantifiers against output a host chose) is stopped at
// its time bound and fails the step with a clear message, in captures, `matches` conditions and
// edit removeLines alike; the event loop is blocked for at most the bound, not minutes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execBounded, REGEX_BUDGET_MS, RegexTimeoutError } from '../../src/runbook/user-regex.js';
import { compileInline, runEngine } from '../engine/helpers.js';

const EVIL = 'a'.repeat(40) + '!';

describe('catastrophic regexes are bounded', () => {
  it('execBounded stops /^(a+)+$/ and still matches sane patterns', () => {
    const started = Date.now();
    expect(() => execBounded(/^(a+)+$/, EVIL, 300)).toThrow(RegexTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(execBounded(/(\d+)/, 'rev 42')?.[1]).toBe('42');
  });

  it.each([
    ['a capture regex', `run: printf '%s' ${EVIL}\n          capture: { x: { regex: '^(a+)+$' } }`],
    ['an assert matches', `assert: { run: printf '%s' ${EVIL}, expect: "stdout matches '^(a+)+$'" }`],
    ['a wait until matches', `wait: { run: printf '%s' ${EVIL}, until: "stdout matches '^(a|aa)+$'", interval: 100ms, timeout: 1s }`],
    ['an edit removeLines', `on: local\n          edit: { path: "{{ params.dir }}/f", removeLines: '^(a+)+$' }`],
  ])('%s fails the step within the bound', async (_what, step) => {
    const c = compileInline(`
      steps:
        - id: s
          ${step}
    `);
    writeFileSync(join(c.dir, 'f'), `${EVIL}\nok\n`);
    const started = Date.now();
    const r = await runEngine(c);
    expect(r.result.status).toBe('failed');
    expect(r.ends.get('s')?.message ?? r.result.message).toMatch(/took longer than 2s .* and was stopped/);
    expect(Date.now() - started).toBeLessThan(REGEX_BUDGET_MS * 4 + 5000);
  });
});
