// Reading and writing saved plans (`plan --out`, `apply`), and recording the facts a --check run
// reads, so apply can tell whether the hosts still look the way they did.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Reporter } from '../engine/events.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../inventory/types.js';
import { factDigest, inventoryFingerprint, SAVED_PLAN_KIND, SAVED_PLAN_VERSION, type Fact, type SavedPlan } from '../plan/saved-plan.js';
import type { Plan } from '../plan/types.js';
import { planSteps } from '../plan/walk.js';
import { writeFileAtomic } from '../state/atomic.js';

export function writeSavedPlan(file: string, plan: Plan, inventory: Inventory, inventorySources: string[], facts?: Map<string, Fact>): string {
  const saved: SavedPlan = {
    kind: SAVED_PLAN_KIND,
    version: SAVED_PLAN_VERSION,
    madeWith: facts ? 'check' : 'dry-run',
    inventorySources: inventorySources.map((s) => (s.includes(',') ? s : resolve(s))),
    fingerprints: { ...inventoryFingerprint(inventory), ...(facts ? { facts: [...facts.values()] } : {}) },
    plan,
  };
  const path = resolve(file);
  writeFileAtomic(path, JSON.stringify(saved, null, 2) + '\n');
  return path;
}

const savedTop = z.looseObject({
  kind: z.literal(SAVED_PLAN_KIND),
  version: z.literal(SAVED_PLAN_VERSION),
  madeWith: z.enum(['dry-run', 'check']),
  inventorySources: z.array(z.string()),
  fingerprints: z.looseObject({ inventory: z.string(), hosts: z.record(z.string(), z.string()), groups: z.record(z.string(), z.array(z.string())) }),
  plan: z.looseObject({ runId: z.string(), runbook: z.looseObject({ name: z.string() }), sources: z.array(z.looseObject({ file: z.string(), digest: z.string() })) }),
});

export function readSavedPlan(file: string): SavedPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the saved plan: ${(e as Error).message}` }], { hint: 'make one with: opsctl plan RUNBOOK ... --out plan.json', cause: e });
  }
  const r = savedTop.safeParse(raw);
  if (!r.success) {
    throw new InputError(r.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })), { hint: `not a plan saved by this version of opsctl (${SAVED_PLAN_KIND} v${SAVED_PLAN_VERSION}); make it again with opsctl plan ... --out FILE` });
  }
  return raw as SavedPlan;
}

// Wraps the reporter of a --check run: every read-only step's exit code and captures are kept.
export function recordFacts(reporter: Reporter, plan: Plan, facts: Map<string, Fact>): Reporter {
  const readOnly = new Set(planSteps(plan).filter((s) => s.readOnly || s.action.kind === 'assert' || s.action.kind === 'wait').map((s) => s.key));
  return {
    emit(e) {
      if (e.type === 'step.end' && readOnly.has(e.key) && e.status !== 'skipped') {
        facts.set(e.key, { key: e.key, host: e.host, exitCode: e.exitCode, digest: factDigest(e.exitCode, e.captures) });
      }
      reporter.emit(e);
    },
    close: () => reporter.close(),
  };
}
