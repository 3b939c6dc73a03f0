// Asserts: a precondition that fails before anything changed is exit 3; after a change it is an
// ordinary failure (exit 1) that undoes the phase's completed steps.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, lines, runEngine } from './helpers.js';

describe('assert', () => {
  it('failing first: exit 3, its message and output, and no later step runs', async () => {
    const c = compileInline(`
      steps:
        - id: quorum
          assert:
            run: "echo '{\\"members\\":[1,2]}'"
            expect: json .members.length >= 3
            message: fewer than 3 etcd members
        - id: remove
          run: touch {{ params.dir }}/removed
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 3, failedStep: 'quorum@local' });
    expect(r.result.message).toMatch(/^fewer than 3 etcd members \(exit 0\)\n\{"members":\[1,2\]\}/);
    expect(r.ends.get('quorum')).toMatchObject({ status: 'failed', reason: 'assertion failed' });
    expect(r.ends.has('remove')).toBe(false);
    expect(existsSync(join(c.dir, 'removed'))).toBe(false);
  });

  it('a plain command assert fails on a non-zero exit, and holds on 0', async () => {
    const ok = await runEngine(compileInline(`
      steps:
        - id: dir-exists
          assert: test -d {{ params.dir }}
        - id: after
          run: touch {{ params.dir }}/after
    `));
    expect(ok.result.status).toBe('succeeded');
    expect(ok.ends.get('dir-exists')).toMatchObject({ status: 'ok', exitCode: 0 });

    const bad = await runEngine(compileInline(`
      steps:
        - id: missing
          assert: test -e {{ params.dir }}/nope
    `));
    expect(bad.result).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(bad.result.message).toMatch(/precondition missing does not hold: test -e .*\/nope \(exit 1\)/);
  });

  it('failing after a mutating step: exit 1, and the completed step is undone', async () => {
    const c = compileInline(`
      steps:
        - id: change
          run: echo change >> {{ params.dir }}/log
          undo: echo undo-change >> {{ params.dir }}/log
        - id: check
          assert: "false"
        - id: later
          run: echo later >> {{ params.dir }}/log
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'check@local' });
    expect(lines(join(c.dir, 'log'))).toEqual(['change', 'undo-change']);
  });

  it('a read-only step before the assert does not count as a change', async () => {
    const c = compileInline(`
      steps:
        - id: look
          readOnly: true
          run: "true"
        - id: check
          assert: "false"
    `);
    const r = await runEngine(c);
    expect(r.result.exitCode).toBe(3);
  });

  it('is not retried as a precondition (exit 3), as documented', async () => {
    const c = compileInline(`
      steps:
        - id: check
          retries: 3
          retryDelay: 100ms
          assert: "echo x >> {{ params.dir }}/tries; false"
    `);
    const r = await runEngine(c);
    expect(r.result.exitCode).toBe(3);
    expect(lines(join(c.dir, 'tries'))).toHaveLength(1);
  });
});
