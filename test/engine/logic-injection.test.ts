// Class 2 — values cannot rewrite logic. A value substituted into a result condition
// (assert.expect, wait.until) or a `when:` stays a value to compare; a value in an edit regex
// matches only itself unless `| raw`. Each case runs through the real loader, compiler and engine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileResultCondition } from '../../src/plan/result-condition.js';
import { evaluateResultCondition, parseCondition } from '../../src/engine/condition.js';
import { makeContext } from '../template/context.js';
import { compileInline, read, runEngine } from './helpers.js';

// Values that would turn a failing comparison into a pass if they were parsed as condition text.
const ESCAPES = [
  "x' or exitCode == 0 or stdout == 'y",
  'x" or exitCode == 0 or stdout == "y',
  "x'' or exitCode == 0 or stdout == ''y",
  'x or exitCode == 0',
  "' and exitCode == 0 and '",
  "x' or json .a == 1 or stdout == 'y",
];

// Condition templates, and whether the command printing `other` may satisfy them.
const EXPECTS = [
  "stdout == '{{ params.m }}'",
  'stdout == "{{ params.m }}"',
  'stdout == {{ params.m }}',
  "stdout contains '{{ params.m }}'",
  "json .name == '{{ params.m }}'",
  "stdout matches '^{{ params.m }}$'",
  "exitCode == 1 or stdout == '{{ params.m }}'",
];

describe('result conditions take values as literals', () => {
  const other = { exitCode: 0, stdout: '{"name":"other","a":1}', stderr: '' };
  const cases = EXPECTS.flatMap((e) => ESCAPES.map((m) => [e, m] as const));
  it.each(cases)('expect %s with m=%j does not hold for other output', (expectText, m) => {
    const compiled = compileResultCondition(expectText, makeContext({ params: { m } }));
    expect(evaluateResultCondition(parseCondition(compiled), other)).toBe(false);
    // …and the value itself reads back intact: the command printing it satisfies ==.
    if (expectText.startsWith('stdout ==')) expect(evaluateResultCondition(parseCondition(compiled), { exitCode: 0, stdout: m, stderr: '' })).toBe(true);
  });

  it('through the engine: the injected assert fails with exit 3 and nothing after it runs', async () => {
    const c = compileInline(
      `
      steps:
        - id: guard
          assert:
            run: echo other
            expect: "stdout == '{{ params.m }}'"
        - id: after
          run: touch {{ params.dir }}/after
    `,
      { params: { m: ESCAPES[0] }, paramSpecs: 'm: { type: string }' },
    );
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 3, failedStep: 'guard@local' });
    expect(r.ends.has('after')).toBe(false);
  });

  it.each(ESCAPES.slice(0, 2).map((m) => [m]))('the same value printed by the command does compare equal: %j', async (m) => {
    const c = compileInline(
      `
      steps:
        - id: guard
          assert:
            run: printf '%s' {{ params.m }}
            expect: "stdout == '{{ params.m }}' and stdout contains \\"{{ params.m }}\\" and stdout matches '^{{ params.m }}$'"
    `,
      { params: { m }, paramSpecs: 'm: { type: string }' },
    );
    expect((await runEngine(c)).result.status).toBe('succeeded');
  });

  it.each(ESCAPES.slice(0, 1).map((m) => [m]))('wait until does not hold early for m=%j', async (m) => {
    const c = compileInline(
      `
      steps:
        - id: w
          wait: { run: echo other, until: "stdout == '{{ params.m }}'", interval: 100ms, timeout: 1s }
    `,
      { params: { m }, paramSpecs: 'm: { type: string }' },
    );
    const r = await runEngine(c);
    expect(r.ends.get('w')).toMatchObject({ status: 'failed', reason: 'wait timed out' });
  });

  it('matches escapes a value unless | raw', async () => {
    const run = async (expectText: string) =>
      (await runEngine(compileInline(`
      steps:
        - id: guard
          assert: { run: echo anything, expect: "${expectText}" }
    `, { params: { m: '.*' }, paramSpecs: 'm: { type: string }' }))).result.status;
    expect(await run("stdout matches '^{{ params.m }}$'")).toBe('failed');
    expect(await run("stdout matches '^{{ params.m | raw }}$'")).toBe('succeeded');
  });

  it('a template cannot stand for a subject, operator or JSON path', () => {
    for (const expectText of ['{{ params.m }} == 0', 'stdout {{ params.m }} x', 'json .{{ params.m }} == 1']) {
      expect(() => compileInline(`
      steps:
        - id: guard
          assert: { run: echo x, expect: "${expectText}" }
    `, { params: { m: 'stdout' }, paramSpecs: 'm: { type: string }' })).toThrow(/cannot read condition|JSON path/);
    }
  });
});

describe('when: conditions compare values, never parse them', () => {
  it.each([
    ["x' or 'a' == 'a"],
    ['x" or "a" == "a'],
    ["x') or ('a' == 'a"],
    ['true'],
  ])('when: params.m == "expected" is false for m=%j (compile time)', (m) => {
    const c = compileInline(
      `
      steps:
        - id: gated
          when: "params.m == 'expected'"
          run: touch {{ params.dir }}/ran
    `,
      { params: { m }, paramSpecs: 'm: { type: string }' },
    );
    expect(c.plan.nodes[0]).toMatchObject({ type: 'skip', id: 'gated' });
  });

  it.each([["x' or 'a' == 'a"], ['x" or "a" == "a'], ["leader' or captures.role != 'x"]])(
    'a run-time when keeps the compile-time value literal in the plan: m=%j',
    async (m) => {
      const c = compileInline(
        `
      steps:
        - id: role
          run: echo leader
          capture: { role: stdout }
        - id: gated
          when: "captures.role == params.m"
          run: touch {{ params.dir }}/ran
    `,
        { params: { m }, paramSpecs: 'm: { type: string }' },
      );
      const r = await runEngine(c);
      expect(r.ends.get('gated')).toMatchObject({ status: 'skipped' });
    },
  );
});

const HAPROXY = `backend api
    server master-0 10.0.0.10:8443 check
    server master-1 10.0.0.11:8443 check
    server master-2 10.0.0.12:8443 check
    server master-20 10x0y0z1:8443 check
`;

describe('edit regexes take values as literals', () => {
  const edit = async (pattern: string, ip: unknown, op = 'removeLines') => {
    const c = compileInline(
      `
      steps:
        - id: lb
          on: local
          edit: { path: "{{ params.dir }}/haproxy.cfg", ${op}: "${pattern}", backup: false }
    `,
      { params: { ip }, paramSpecs: 'ip: { type: list }' },
    );
    writeFileSync(join(c.dir, 'haproxy.cfg'), HAPROXY);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    return read(join(c.dir, 'haproxy.cfg'));
  };

  it.each([['10.0.0.12|.*'], ['.*'], ['10.0.0.1'], ['(10.0.0.10)?'], ['[0-9.]+'], ['\\\\S+'], ['10.0.0.12:8443|^']])(
    'removeLines with ip=%j removes only literal matches',
    async (ip) => {
      const after = await edit('^\\\\s*server\\\\s+\\\\S+\\\\s+{{ params.ip }}:', ip);
      expect(after).toBe(HAPROXY);
    },
  );

  it('a real address removes its line only; a list removes each literal', async () => {
    expect(await edit('^\\\\s*server\\\\s+\\\\S+\\\\s+{{ params.ip }}:', '10.0.0.12')).toBe(HAPROXY.replace('    server master-2 10.0.0.12:8443 check\n', ''));
    const two = await edit('^\\\\s*server\\\\s+\\\\S+\\\\s+{{ params.ip }}:', '10.0.0.10,10.0.0.11');
    expect(two).toBe('backend api\n    server master-2 10.0.0.12:8443 check\n    server master-20 10x0y0z1:8443 check\n');
  });

  it('| raw is the explicit opt-out', async () => {
    expect(await edit('^\\\\s*server\\\\s+\\\\S+\\\\s+{{ params.ip | raw }}:', '10.0.0.1[01]')).toBe(
      'backend api\n    server master-2 10.0.0.12:8443 check\n    server master-20 10x0y0z1:8443 check\n',
    );
  });

  it.each([['10.0.0.12|.*'], ['.*'], ['10.0.0.1']])('removeServer with %j removes nothing', async (ip) => {
    expect(await edit('{{ params.ip }}', ip, 'removeServer')).toBe(HAPROXY);
  });
});
