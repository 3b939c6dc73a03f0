// The host-failure policy as runbook format and plan data (pure): what the loader accepts and
// refuses with a position, what the compiler puts on the plan, groups, foreach, includes and single
// steps, what --keep-going / --max-failed make of it, the maxFailed arithmetic, and whenText.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseRunbook } from '../../src/runbook/load.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { loadInventory } from '../../src/inventory/load.js';
import { compilePlan } from '../../src/plan/compile.js';
import { planEvents } from '../../src/plan/plan-events.js';
import { describeRunPolicy, exceedsMaxFailed, overrideFromFlags, parseMaxFailed } from '../../src/plan/host-failure.js';
import type { HostFailurePolicy, Plan, PlanGroup, PlanPhase, PlanSkip, PlanStep } from '../../src/plan/types.js';

const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\n';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function diagnostics(text: string): string[] {
  return parseRunbook(text, 'rb.yaml').diagnostics.map(formatDiagnostic);
}

function compile(files: Record<string, string>, params: Record<string, unknown> = {}, hostFailure?: HostFailurePolicy): Plan {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-hf-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'hosts.ini'), '[masters]\nm0\nm1\nm2\n');
  return compilePlan({
    loaded: loadRunbookFile(join(dir, 'runbook.yaml')),
    params,
    inventory: loadInventory(join(dir, 'hosts.ini')),
    runId: 'r',
    now: new Date('2026-01-02T03:04:05Z'),
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) },
    hostFailure,
  }).plan;
}

describe('the runbook format', () => {
  it('accepts onHostFailure and maxFailed on the runbook and on steps', () => {
    const text = `${HEAD}onHostFailure: continue-others\nmaxFailed: "25%"\nsteps:\n  - { id: a, run: x, onHostFailure: stop-all }\n  - { id: b, run: x, maxFailed: 2 }\n`;
    expect(diagnostics(text)).toEqual([]);
  });

  it.each([
    ['a misspelt policy', `${HEAD}onHostFailure: keep-going\nsteps: [{ id: a, run: x }]\n`, 'rb.yaml:4:16  onHostFailure  expected stop-all or continue-others'],
    ['a maxFailed that is no count', `${HEAD}steps:\n  - { id: a, run: x, maxFailed: some }\n`, 'rb.yaml:5:33  steps[0].maxFailed  expected a count like 1 or a percentage like "25%" (at most 100%)'],
    ['more than 100%', `${HEAD}maxFailed: "150%"\nsteps: [{ id: a, run: x }]\n`, 'rb.yaml:4:12  maxFailed  expected a count like 1 or a percentage like "25%" (at most 100%)'],
    ['maxFailed beside stop-all', `${HEAD}onHostFailure: stop-all\nmaxFailed: 1\nsteps: [{ id: a, run: x }]\n`, 'rb.yaml:5:1  maxFailed  maxFailed has no effect with onHostFailure: stop-all'],
    ['whenText without when', `${HEAD}steps:\n  - id: a\n    run: x\n    whenText: no --fetch-to\n`, 'rb.yaml:7:5  steps[0].whenText  whenText has no effect without when'],
  ])('refuses %s with its position', (_name, text, expected) => {
    const found = diagnostics(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });
});

describe('the plan states the policy', () => {
  const rb = (top: string, steps: string) => `${HEAD}${top}params: { fetchTo: { type: string } }\nsteps:\n${steps}`;

  it('puts the runbook’s policy on the plan, stop-all when it says nothing', () => {
    expect(compile({ 'runbook.yaml': rb('', '  - { id: a, run: x, on: masters }\n') }).hostFailure).toEqual({ onHostFailure: 'stop-all', from: 'default' });
    const plan = compile({ 'runbook.yaml': rb('onHostFailure: continue-others\nmaxFailed: 1\n', '  - { id: a, run: x, on: masters }\n') });
    expect(plan.hostFailure).toEqual({ onHostFailure: 'continue-others', maxFailed: { count: 1 }, from: 'runbook t' });
    expect(describeRunPolicy(plan)).toBe('continue-others, maxFailed 1 (runbook t)');
  });

  it('puts a step’s own policy on its host group, on a single host step, on a foreach and an include', () => {
    const plan = compile({
      'runbook.yaml': rb(
        '',
        [
          '  - { id: group, run: x, on: masters, onHostFailure: continue-others }',
          '  - { id: single, run: x, on: m0, maxFailed: "50%" }',
          '  - id: loop',
          '    onHostFailure: continue-others',
          '    foreach: { items: [a, b], as: i, steps: [{ id: inner, run: x }] }',
          '  - id: inc',
          '    onHostFailure: continue-others',
          '    include: { runbook: ./child.yaml }',
          '',
        ].join('\n'),
      ),
      'child.yaml': `${HEAD.replace('name: t', 'name: child')}onHostFailure: stop-all\nsteps: [{ id: c, run: x, on: masters }]\n`,
    });
    const [group, single, loop, inc] = plan.nodes as [PlanGroup, PlanStep, PlanGroup, PlanPhase];
    expect(group).toMatchObject({ type: 'group', over: 'hosts', labels: ['m0', 'm1', 'm2'], hostFailure: { onHostFailure: 'continue-others', from: 'step group' } });
    expect(single).toMatchObject({ type: 'step', hostFailure: { onHostFailure: 'continue-others', maxFailed: { percent: 50 }, from: 'step single' } });
    expect(loop).toMatchObject({ type: 'group', hostFailure: { from: 'step loop' } });
    expect(loop.over).toBeUndefined();
    // The included runbook's own stop-all is not used: the include step's policy is.
    expect(inc).toMatchObject({ type: 'phase', hostFailure: { onHostFailure: 'continue-others', from: 'step inc' } });
    const events = planEvents(plan);
    expect(events.find((e) => e.key === 'group@m1')?.hostFailure).toBe('continue-others (step group)');
    expect(events.find((e) => e.key === 'inc/c@m2')?.hostFailure).toBe('continue-others (step inc)');
  });

  it('states the command line’s override, and its digest differs', () => {
    const files = { 'runbook.yaml': rb('onHostFailure: stop-all\n', '  - { id: a, run: x, on: masters, onHostFailure: stop-all }\n') };
    const plain = compile(files);
    const keep = compile(files, {}, overrideFromFlags({ keepGoing: true }));
    expect(keep.hostFailureOverride).toEqual({ onHostFailure: 'continue-others', from: '--keep-going' });
    expect(describeRunPolicy(keep)).toBe('continue-others (--keep-going); the runbook’s: stop-all (runbook t)'.replace('’', "'"));
    expect(keep.digest).not.toBe(plain.digest);
    // The override decides everywhere, so no step is shown with a policy of its own.
    expect(planEvents(keep).some((e) => e.hostFailure)).toBe(false);
  });

  it('says why a step is skipped in words from whenText, at compile time and at run time', () => {
    const plan = compile({
      'runbook.yaml': rb(
        '',
        [
          '  - { id: fetch, run: x, on: m0, when: params.fetchTo, whenText: no --fetch-to }',
          "  - { id: late, run: x, on: m0, when: \"captures.sum | default('') != ''\", whenText: nothing was archived }",
          '  - { id: bare, run: x, on: m0, when: params.fetchTo }',
          '',
        ].join('\n'),
      ),
    });
    const [fetch, late, bare] = plan.nodes as [PlanSkip, PlanStep, PlanSkip];
    expect(fetch).toMatchObject({ type: 'skip', reason: 'no --fetch-to' });
    expect(late.whenText).toEqual({ [late.when![0]]: 'nothing was archived' });
    expect(bare.reason).toBe('when: params.fetchTo is false');
  });
});

describe('the arithmetic', () => {
  it('reads counts and percentages', () => {
    expect(parseMaxFailed(2)).toEqual({ count: 2 });
    expect(parseMaxFailed('0')).toEqual({ count: 0 });
    expect(parseMaxFailed('30%')).toEqual({ percent: 30 });
    expect(() => parseMaxFailed('-1')).toThrow(/expects a count/);
    expect(() => parseMaxFailed('101%')).toThrow(/more than 100%/);
  });

  it('stops when more than maxFailed failed: a count, or a share of the scope’s hosts', () => {
    const keep = (maxFailed?: ReturnType<typeof parseMaxFailed>): HostFailurePolicy => ({ onHostFailure: 'continue-others', maxFailed, from: 't' });
    expect(exceedsMaxFailed(keep(), 99, 100)).toBe(false);
    expect(exceedsMaxFailed(keep({ count: 1 }), 1, 3)).toBe(false);
    expect(exceedsMaxFailed(keep({ count: 1 }), 2, 3)).toBe(true);
    expect(exceedsMaxFailed(keep({ percent: 50 }), 1, 3)).toBe(false);
    expect(exceedsMaxFailed(keep({ percent: 50 }), 2, 3)).toBe(true);
    expect(exceedsMaxFailed(keep({ percent: 50 }), 2, 4)).toBe(false);
    expect(exceedsMaxFailed({ onHostFailure: 'stop-all', from: 't' }, 1, 3)).toBe(true);
  });

  it('maps the flags: --keep-going, --max-failed N (implies it), --max-failed 0 (stop-all)', () => {
    expect(overrideFromFlags({})).toBeUndefined();
    expect(overrideFromFlags({ maxFailed: '2' })).toEqual({ onHostFailure: 'continue-others', maxFailed: { count: 2 }, from: '--max-failed 2' });
    expect(overrideFromFlags({ keepGoing: true, maxFailed: '10%' })).toEqual({ onHostFailure: 'continue-others', maxFailed: { percent: 10 }, from: '--keep-going --max-failed 10%' });
    expect(overrideFromFlags({ maxFailed: '0' })).toEqual({ onHostFailure: 'stop-all', from: '--max-failed 0' });
  });
});
