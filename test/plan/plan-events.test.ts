// What dry-run shows for a step comes from the plan value (planEvents); these pin the wording of
// the parts an operator reads before approving a run: guards, rules, gates and conditions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/plan/compile.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { emptyInventory } from '../../src/inventory/types.js';
import { planEvents } from '../../src/plan/plan-events.js';
import { parseCondition as parseTemplateCondition } from '../../src/template/template.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function eventsOf(steps: string, params: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-plan-'));
  dirs.push(dir);
  const file = join(dir, 'runbook.yaml');
  writeFileSync(file, `apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nparams:\n  mode: { type: string, default: full }\nsteps:\n${steps}`);
  const { plan } = compilePlan({
    loaded: loadRunbookFile(file),
    params,
    inventory: emptyInventory(),
    runId: 'r',
    now: new Date('2026-01-02T03:04:05Z'),
    loadInclude: () => {
      throw new Error('no includes here');
    },
    reader: { readText: () => undefined },
  });
  return planEvents(plan);
}

describe('planEvents', () => {
  it('words guards, retries, timeouts, wait rules, gates and undo', () => {
    const events = eventsOf(`  - id: a
    run: tar czf /b/x.tgz /etc
    creates: /b/x.tgz
    unless: test -e /b/lock
    retries: 2
    retryDelay: 30s
    timeout: 5m
    undo: rm -f /b/x.tgz
  - id: w
    wait: { run: oc get nodes, until: "stdout contains 'Ready'", interval: 10s, timeout: 10m }
  - id: gate
    confirm: "Proceed in mode {{ params.mode }}?"
`);
    expect(events[0]).toMatchObject({
      kind: 'run',
      command: 'tar czf /b/x.tgz /etc',
      guards: ['skip if /b/x.tgz exists', 'skip if succeeds: test -e /b/lock', 'retries 2 (every 30s)', 'timeout 300s'],
      undo: 'rm -f /b/x.tgz',
      readOnly: false,
      final: false,
    });
    expect(events[1]).toMatchObject({ kind: 'wait', readOnly: true, rule: "every 10s until stdout contains 'Ready' (give up after 600s)" });
    expect(events[2]).toMatchObject({ kind: 'confirm', gate: 'Proceed in mode full?' });
    expect(events[2].command).toBeUndefined();
  });

  it('marks foreach branches with their group label', () => {
    const events = eventsOf(`  - id: loop
    foreach:
      items: [a, b]
      as: x
      steps:
        - id: s
          run: echo {{ x }}
`);
    expect(events.map((e) => [e.key, e.group, e.command])).toEqual([
      ['loop[a]/s@local', 'loop[a]', 'echo a'],
      ['loop[b]/s@local', 'loop[b]', 'echo b'],
    ]);
  });

  it('shows combined run-time conditions with the grouping the engine evaluates', () => {
    const events = eventsOf(`  - id: loop
    when: "captures.a == 'x' or captures.b == 'y'"
    foreach:
      items: [one]
      as: item
      steps:
        - id: s
          when: "captures.c == 'z'"
          run: echo hi
`);
    const shown = events[0].when!;
    expect(shown).toBe("(captures.a == 'x' or captures.b == 'y') and (captures.c == 'z')");
    // Whatever the wording, it must parse back to an `and` at the top.
    expect(parseTemplateCondition(shown)).toMatchObject({ type: 'logic', op: 'and' });
  });
});
