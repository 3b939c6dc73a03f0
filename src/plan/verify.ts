// A saved plan is executed exactly as it was approved (DESIGN.md §4): its content digest is checked
// before a resume trusts it, so a plan.json edited by hand (or damaged) is refused, not run.
import { InputError } from '../errors.js';
import { digestOf } from './digest.js';
import type { Plan } from './types.js';

type Body = Pick<Plan, 'sources' | 'params' | 'hosts' | 'locks' | 'nodes' | 'final'>;

// What the digest covers: everything that decides what runs where.
export function planBodyDigest(p: Body): string {
  return digestOf({ sources: p.sources, params: p.params, hosts: p.hosts, locks: p.locks, nodes: p.nodes, final: p.final });
}

// Throws (exit 2) unless the plan read from `file` is the one its run started with.
export function verifySavedPlan(plan: Plan, file: string, expect: { runId: string; planDigest?: string }): void {
  const problems: string[] = [];
  if (planBodyDigest(plan) !== plan.digest) problems.push(`its content does not match its digest ${plan.digest.slice(0, 19)}…: it was edited or damaged`);
  if (expect.planDigest !== undefined && expect.planDigest !== plan.digest) problems.push(`the journal started this run with plan ${expect.planDigest.slice(0, 19)}…, this is ${plan.digest.slice(0, 19)}…`);
  if (plan.runId !== expect.runId) problems.push(`it belongs to run ${plan.runId}, not ${expect.runId}`);
  if (digestOf(plan.sources) !== plan.runbook.digest) problems.push('its runbook digest does not match its sources');
  if (problems.length === 0) return;
  throw new InputError(problems.map((message) => ({ file, message: `saved plan refused: ${message}` })), {
    hint: 'a resume runs exactly the plan that was approved; start a new run (opsctl run ...) to run a changed plan',
  });
}
