// A value only known at run time can be missing: the step that captures it was skipped by a guard
// or `when:`, or did not run under --check. That is the runbook's problem, reported as a failed
// step (exit 1) — never an exception out of the engine (exit 70, "a bug") leaving the step unknown.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, runEngine } from './helpers.js';

const neverCaptured = `
  steps:
    - id: maybe
      readOnly: true
      run: echo hi
      creates: /
      capture: { x: stdout }
`;

describe('a capture that was never taken', () => {
  it('fails the step that uses it in its command, with the reason', async () => {
    const c = compileInline(`${neverCaptured}
    - id: use
      run: echo {{ captures.x }} > {{ params.dir }}/out
    - id: after
      run: touch {{ params.dir }}/after
`);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'use@local' });
    expect(r.result.message).toMatch(/captures\.x was never captured/);
    expect(r.ends.get('use')).toMatchObject({ status: 'failed' });
    // The journal says how the step ended: it is failed (runs again on resume), not unknown.
    expect(r.journal.filter((j) => j.key === 'use@local').map((j) => j.call).at(-1)).toBe('end');
    expect(existsSync(join(c.dir, 'out'))).toBe(false);
    expect(existsSync(join(c.dir, 'after'))).toBe(false);
  });

  it('fails the step that uses it in a guard', async () => {
    const c = compileInline(`${neverCaptured}
    - id: use
      run: touch {{ params.dir }}/out
      creates: "/tmp/{{ captures.x }}"
`);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'use@local' });
    expect(existsSync(join(c.dir, 'out'))).toBe(false);
  });

  it('under --check, a read-only step using a mutating step\'s capture does not crash the check', async () => {
    const c = compileInline(`
      steps:
        - id: snapshot
          run: echo abc123
          capture: { hash: stdout }
        - id: verify
          readOnly: true
          run: echo {{ captures.hash }} > {{ params.dir }}/verify
    `);
    const r = await runEngine(c, { mode: 'check' });
    expect(r.ends.get('snapshot')).toMatchObject({ status: 'skipped' });
    expect(r.ends.get('verify')?.status).toBeDefined();
    expect(existsSync(join(c.dir, 'verify'))).toBe(false);
  });

  it('an undo that uses it is reported as not run, and the other undos still run', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: "true"
          undo: echo undo-a >> {{ params.dir }}/log
        - id: b
          run: "true"
          undo: echo {{ captures.nope }} >> {{ params.dir }}/log
        - id: c
          run: "false"
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', failedStep: 'c@local' });
    expect(r.journal.filter((j) => j.call === 'undo').map((j) => [j.key, j.status])).toEqual([
      ['b@local', 'failed'],
      ['a@local', 'ok'],
    ]);
    expect(r.of('message').some((m) => /undo of b@local not run: captures\.nope was never captured/.test(m.text))).toBe(true);
  });
});
