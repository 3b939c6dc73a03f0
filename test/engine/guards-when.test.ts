// `creates`/`unless` guards and run-time `when:` decide, on the real machine, whether a step runs.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, runEngine } from './helpers.js';

describe('creates guard', () => {
  const body = `
    steps:
      - id: make
        run: touch {{ params.dir }}/ran
        creates: "{{ params.dir }}/made dir"
        undo: touch {{ params.dir }}/undone
      - id: fail
        run: "false"
  `;

  it('skips the step when the path exists, and a skipped step has nothing to undo', async () => {
    const c = compileInline(body);
    mkdirSync(join(c.dir, 'made dir'));
    const r = await runEngine(c);
    expect(r.ends.get('make')).toMatchObject({ status: 'skipped', reason: `creates: ${c.dir}/made dir exists` });
    expect(existsSync(join(c.dir, 'ran'))).toBe(false);
    expect(r.of('step.start').some((e) => e.stepId === 'make')).toBe(false);
    // Skips are journaled (resume must not run them again) ...
    expect(r.journal.find((j) => j.key === 'make@local')).toMatchObject({ call: 'end', status: 'skipped' });
    // ... and the later failure does not undo a step that never ran.
    expect(r.of('step.undo')).toEqual([]);
    expect(existsSync(join(c.dir, 'undone'))).toBe(false);
  });

  it('runs the step when the path does not exist', async () => {
    const c = compileInline(body);
    const r = await runEngine(c);
    expect(r.ends.get('make')!.status).toBe('changed');
    expect(existsSync(join(c.dir, 'ran'))).toBe(true);
    expect(existsSync(join(c.dir, 'undone'))).toBe(true);
  });
});

describe('unless guard', () => {
  const body = `
    steps:
      - id: once
        run: touch {{ params.dir }}/ran
        unless: test -e {{ params.dir }}/flag
  `;

  it('skips the step when the unless command succeeds', async () => {
    const c = compileInline(body);
    writeFileSync(join(c.dir, 'flag'), '');
    const r = await runEngine(c);
    expect(r.ends.get('once')).toMatchObject({ status: 'skipped' });
    expect(r.ends.get('once')!.reason).toMatch(/^unless: test -e .*\/flag succeeded$/);
    expect(existsSync(join(c.dir, 'ran'))).toBe(false);
  });

  it('runs the step when the unless command fails', async () => {
    const c = compileInline(body);
    const r = await runEngine(c);
    expect(r.ends.get('once')!.status).toBe('changed');
    expect(existsSync(join(c.dir, 'ran'))).toBe(true);
  });
});

describe('run-time when', () => {
  it('runs a step whose condition on a capture holds and skips one whose condition does not', async () => {
    const c = compileInline(`
      steps:
        - id: role
          readOnly: true
          run: echo leader
          capture: { role: stdout }
        - id: if-leader
          when: "captures.role == 'leader'"
          run: touch {{ params.dir }}/leader
        - id: if-follower
          when: "captures.role == 'follower'"
          run: touch {{ params.dir }}/follower
        - id: folded
          when: "params.dir != '' and captures.role != 'follower'"
          run: touch {{ params.dir }}/folded
    `);
    expect(c.plan.nodes.map((n) => (n.type === 'step' ? n.when : undefined))).toEqual([
      undefined,
      ["captures.role == 'leader'"],
      ["captures.role == 'follower'"],
      ["captures.role != 'follower'"],
    ]);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(existsSync(join(c.dir, 'leader'))).toBe(true);
    expect(existsSync(join(c.dir, 'follower'))).toBe(false);
    expect(existsSync(join(c.dir, 'folded'))).toBe(true);
    expect(r.ends.get('if-follower')).toMatchObject({ status: 'skipped', reason: "when: captures.role == 'follower' is false" });
    expect(r.journal.find((j) => j.key === 'if-follower@local')).toMatchObject({ call: 'end', status: 'skipped' });
  });

  it('a when on a foreach applies to every branch', async () => {
    const c = compileInline(`
      steps:
        - id: role
          readOnly: true
          run: echo follower
          capture: { role: stdout }
        - id: loop
          when: "captures.role == 'leader'"
          foreach:
            items: [a, b]
            as: item
            steps:
              - id: touch
                run: touch {{ params.dir }}/{{ item }}
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(existsSync(join(c.dir, 'a'))).toBe(false);
    expect(existsSync(join(c.dir, 'b'))).toBe(false);
    expect(r.of('step.end').filter((e) => e.stepId === 'touch').map((e) => e.status)).toEqual(['skipped', 'skipped']);
  });
});
