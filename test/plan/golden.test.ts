// Golden plan tests (pyinfra style): each fixtures/golden/<case>/ holds a runbook (and the
// runbooks it includes), an optional inventory, the params as `-p` would give them, and the plan
// they must compile to. Compiling is pure, so a fixed run id and clock make the plan exact.
//
//   UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts   # rewrite expected-plan.json
//
// Every rewritten file must be read by hand before it is committed: the golden is the spec.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, type CompileOutput } from '../../src/plan/compile.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { loadInventory } from '../../src/inventory/load.js';
import { emptyInventory, type Inventory } from '../../src/inventory/types.js';
import { planEvents } from '../../src/plan/plan-events.js';
import { planSteps } from '../../src/plan/walk.js';

const GOLDEN = resolve(import.meta.dirname, '../../fixtures/golden');
const RUN_ID = '20260101-000000-golden-0000';
const NOW = new Date('2026-01-02T03:04:05Z');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

interface Case {
  name: string;
  dir: string;
  params: Record<string, unknown>;
  runbookText: string;
}

function loadCase(name: string): Case {
  const dir = join(GOLDEN, name);
  const raw = JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8')) as Record<string, unknown>;
  // `<case>` in a param value stands for the case directory (e.g. a local file an edit reads).
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll('<case>', dir) : v]));
  return { name, dir, params, runbookText: readFileSync(join(dir, 'runbook.yaml'), 'utf8') };
}

function inventoryOf(dir: string): Inventory {
  for (const f of ['inventory.ini', 'inventory.yaml', 'inventory.yml']) if (existsSync(join(dir, f))) return loadInventory(join(dir, f));
  return emptyInventory();
}

function compileCase(c: Case, overrides: { params?: Record<string, unknown>; runId?: string; now?: Date } = {}): CompileOutput {
  return compilePlan({
    loaded: loadRunbookFile(join(c.dir, 'runbook.yaml')),
    params: overrides.params ?? c.params,
    inventory: inventoryOf(c.dir),
    runId: overrides.runId ?? RUN_ID,
    now: overrides.now ?? NOW,
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) },
  });
}

// The parts of a plan the golden file fixes, with the case directory written as `<case>`.
function goldenView(c: Case, out: CompileOutput): unknown {
  const { plan } = out;
  const view = {
    nodes: plan.nodes,
    final: plan.final,
    hosts: plan.hosts,
    locks: plan.locks,
    params: plan.params,
    secretParams: plan.secretParams,
    warnings: plan.warnings,
  };
  return JSON.parse(JSON.stringify(view).replaceAll(c.dir, '<case>'));
}

// A param change that must show in the digest: toggle a boolean, otherwise append to the text.
function changedParams(c: Case, out: CompileOutput): Record<string, unknown> | undefined {
  const secret = new Set(out.plan.secretParams);
  const name = Object.keys(c.params).find((k) => !secret.has(k));
  if (!name) return undefined;
  const v = String(c.params[name]);
  const changed = v === 'true' ? 'false' : v === 'false' ? 'true' : /^\d+$/.test(v) ? String(Number(v) + 1) : v ? `${v}-changed` : 'changed';
  return { ...c.params, [name]: changed };
}

describe('golden plans', () => {
  it('has the cases this suite promises', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of cases) {
    describe(name, () => {
      const c = loadCase(name);
      const expectedFile = join(c.dir, 'expected-plan.json');

      it('compiles to expected-plan.json', () => {
        const actual = goldenView(c, compileCase(c));
        if (UPDATE) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
        expect(existsSync(expectedFile), `${expectedFile} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(actual).toStrictEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
      });

      it('has a stable digest that follows the params, not the moment or run id', () => {
        const a = compileCase(c);
        const b = compileCase(c);
        expect(a.plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(b.plan.digest).toBe(a.plan.digest);
        if (!/run\.id|\bnow\b/.test(c.runbookText)) {
          const later = compileCase(c, { runId: '20260309-101010-golden-9999', now: new Date('2026-03-09T10:10:10Z') });
          expect(later.plan.digest).toBe(a.plan.digest);
        }
        const changed = changedParams(c, a);
        expect(changed, 'every golden case needs a non-secret param to change').toBeDefined();
        expect(compileCase(c, { params: changed }).plan.digest).not.toBe(a.plan.digest);
      });

      it('keeps secret values out of the plan and hands them to the engine', () => {
        const out = compileCase(c);
        const text = JSON.stringify(out.plan);
        for (const name of out.plan.secretParams) {
          const value = c.params[name];
          if (value === undefined) continue;
          expect(out.plan.params[name]).toBe('***');
          expect(out.secrets[name]).toBe(value);
          expect(text).not.toContain(String(value));
        }
      });

      it('renders as plan.step events (dry-run) without throwing', () => {
        const { plan } = compileCase(c);
        const events = planEvents(plan);
        // One event per step instance or skip, in the plan's order.
        expect(events.length).toBeGreaterThan(0);
        expect(events.filter((e) => e.kind !== 'skip').map((e) => e.key)).toEqual(planSteps(plan).map((s) => s.key));
        for (const ev of events) expect(JSON.stringify(ev)).not.toMatch(/\[object Object\]|undefined/);
      });
    });
  }
});

describe('golden plans as dry-run shows them', () => {
  const eventsOf = (name: string) => {
    const c = loadCase(name);
    return { c, events: planEvents(compileCase(c).plan) };
  };
  const byKey = (events: ReturnType<typeof planEvents>, key: string) => {
    const ev = events.find((e) => e.key === key);
    expect(ev, `no plan.step for ${key}`).toBeDefined();
    return ev!;
  };

  it('shows captures as <captures.x> where the value is known only at run time', () => {
    const { events } = eventsOf('01-host-param');
    expect(byKey(events, 'copy-origin@master-0.example.com').command).toBe('sudo: cp -aR /etc/origin /backup/<captures.hostname>/etc');
    expect(byKey(events, 'make-dir@master-0.example.com').guards).toEqual(['skip if /backup/<captures.hostname>/etc exists']);
    const when = eventsOf('06-when').events;
    expect(byKey(when, 'folded@local')).toMatchObject({ command: 'echo <captures.role>', when: "captures.role != 'full'" });
    expect(byKey(when, 'disabled@local')).toMatchObject({ kind: 'skip', reason: 'when: params.enabled is false' });
  });

  it('shows secrets as *** and never their value', () => {
    const { c, events } = eventsOf('07-secret');
    const text = JSON.stringify(events);
    expect(text).not.toContain(String(c.params.awsSecret));
    expect(byKey(events, 'upload@local').command).toBe('aws s3 cp /backup/etcd.db s3://prod-backups/ --secret ***');
    expect(byKey(events, 'push/login@local').command).toBe('registry login --password *** s3://prod-backups');
  });

  it('shows an edit of a local file as its rule and a real diff, and a remote edit as its rule only', () => {
    const { events } = eventsOf('08-edit-local');
    const local = byKey(events, 'inventory@local');
    expect(local.rule).toBe('remove host master-2.example.com from [masters], [etcd], [nodes]; keep a backup');
    expect(local.diff).toContain('-master-[0:2].example.com');
    expect(local.diff).toContain('+master-0.example.com\n+master-1.example.com');
    expect(local.diff).toContain("-master-2.example.com openshift_node_group_name='node-config-master'");
    const remote = byKey(events, 'etcd-conf@master-0.example.com');
    expect(remote.diff).toBeUndefined();
    expect(remote.rule).toContain('set ETCD_REMOVED_MEMBER=<captures.memberId>');
  });

  it('shows an injected param as one quoted word, escaped for the quotes it stands in', () => {
    const { events } = eventsOf('10-injection');
    const q = `'x; rm -rf / $(reboot) \`id\` it'\\''s'`;
    const dq = 'x; rm -rf / \\$(reboot) \\`id\\` it\'s';
    expect(byKey(events, 'echo@local').command).toBe(`echo ${q} "${dq}" ${q}`);
    expect(byKey(events, 'echo@local').undo).toBe(`rm -f -- ${q}`);
  });
});
