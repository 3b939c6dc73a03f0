// A plan as `plan.step` events: what dry-run prints (text or JSON lines). Built from the plan
// value itself, so the preview cannot drift from what the engine runs.
import type { RunEvent } from '../engine/events.js';
import type { Plan, PlanStep } from './types.js';
import { walkPlan } from './walk.js';
import { displayParts } from '../template/index.js';
import { describeEditOp } from '../edit/apply.js';
import { displayEditOp } from './actions.js';
import { describeAction } from '../engine/run-plan.js';
import { describePolicy, scopedPolicies } from './host-failure.js';

type PlanStepEvent = Extract<RunEvent, { type: 'plan.step' }>;

export function planEvents(plan: Plan): PlanStepEvent[] {
  const out: PlanStepEvent[] = [];
  const policies = scopedPolicies(plan);
  for (const { node, groups, final } of walkPlan(plan)) {
    const group = groups.length ? groups[groups.length - 1] : undefined;
    if (node.type === 'skip') {
      out.push({ type: 'plan.step', stepId: node.id, key: node.key, host: node.host, kind: 'skip', phase: node.phase, readOnly: true, final, group, reason: node.reason });
      continue;
    }
    const ev = stepEvent(node, final, group);
    const policy = policies.get(node.key);
    if (policy) ev.hostFailure = describePolicy(policy);
    out.push(ev);
  }
  return out;
}

function stepEvent(step: PlanStep, final: boolean, group?: string): PlanStepEvent {
  const a = step.action;
  const ev: PlanStepEvent = { type: 'plan.step', stepId: step.id, key: step.key, host: step.host, kind: a.kind, phase: step.phase, readOnly: step.readOnly, final };
  if (step.name) ev.name = step.name;
  if (group) ev.group = group;
  if (a.kind === 'confirm') ev.gate = displayParts(a.message);
  else ev.command = (step.sudo && a.kind !== 'edit' && a.kind !== 'copy' && a.kind !== 'fetch' ? 'sudo: ' : '') + describeAction(step);
  if (a.kind === 'wait') ev.rule = `every ${a.intervalMs / 1000}s until ${a.until} (give up after ${a.timeoutMs / 1000}s)`;
  if (a.kind === 'assert' && a.expect) ev.rule = `expect ${a.expect}`;
  if (a.kind === 'edit') {
    ev.rule = a.ops.map((op) => describeEditOp(displayEditOp(op))).join('; ') + (a.backup ? '; keep a backup' : '');
    if (a.diff !== undefined) ev.diff = a.diff;
  }
  const guards: string[] = [];
  if (step.creates) guards.push(`skip if ${displayParts(step.creates)} exists`);
  if (step.unless) guards.push(`skip if succeeds: ${displayParts(step.unless)}`);
  if (step.retries) guards.push(`retries ${step.retries} (every ${step.retryDelayMs / 1000}s)`);
  if (step.timeoutMs) guards.push(`timeout ${step.timeoutMs / 1000}s`);
  if (guards.length) ev.guards = guards;
  if (step.undo) ev.undo = displayParts(step.undo);
  // The engine requires every entry to hold; parentheses keep `A or B` from binding into `and`.
  if (step.when) ev.when = step.when.length === 1 ? step.when[0] : step.when.map((w) => `(${w})`).join(' and ');
  return ev;
}
