// The host-failure policy as plan data: read from a runbook or step (`onHostFailure:`,
// `maxFailed:`), overridden from the command line (`--keep-going`, `--max-failed`), put in words
// for the plan and the run summary, and the maxFailed arithmetic the engine applies. Pure.
import type { HostFailurePolicy, MaxFailed, Plan, PlanNode } from './types.js';

// What a runbook that says nothing gets: today's behaviour, the safe one for rolling changes.
export const DEFAULT_POLICY: HostFailurePolicy = { onHostFailure: 'stop-all', from: 'default' };

const MAX_FAILED_RE = /^(\d+)(%?)$/;

// `2` or `"2"`: two failed hosts are tolerated, the third stops the rest; `"30%"`: of the scope's hosts.
export function parseMaxFailed(value: number | string): MaxFailed {
  const m = MAX_FAILED_RE.exec(String(value).trim());
  if (!m) throw new Error(`maxFailed expects a count like 1 or a percentage like "25%", got ${JSON.stringify(value)}`);
  const n = Number(m[1]);
  if (m[2] === '%') {
    if (n > 100) throw new Error(`maxFailed ${value} is more than 100%`);
    return { percent: n };
  }
  return { count: n };
}

/** A runbook's or step's own policy, or undefined when it sets neither field. */
export function policyOf(spec: { onHostFailure?: HostFailurePolicy['onHostFailure']; maxFailed?: number | string }, from: string): HostFailurePolicy | undefined {
  if (spec.onHostFailure === undefined && spec.maxFailed === undefined) return undefined;
  // maxFailed alone means the failures it counts are tolerated: continue-others.
  const policy: HostFailurePolicy = { onHostFailure: spec.onHostFailure ?? 'continue-others', from };
  if (spec.maxFailed !== undefined) policy.maxFailed = parseMaxFailed(spec.maxFailed);
  return policy;
}

/**
 * `--keep-going`: every scope continues the others (its own maxFailed still counts);
 * `--max-failed N`: every scope continues until more than N failed; `--max-failed 0` is stop-all.
 */
export function overrideFromFlags(flags: { keepGoing?: boolean; maxFailed?: string }): HostFailurePolicy | undefined {
  if (flags.maxFailed !== undefined) {
    const maxFailed = parseMaxFailed(flags.maxFailed);
    const none = 'count' in maxFailed ? maxFailed.count === 0 : maxFailed.percent === 0;
    const from = `${flags.keepGoing ? '--keep-going ' : ''}--max-failed ${flags.maxFailed}`;
    return none ? { onHostFailure: 'stop-all', from } : { onHostFailure: 'continue-others', maxFailed, from };
  }
  return flags.keepGoing ? { onHostFailure: 'continue-others', from: '--keep-going' } : undefined;
}

/** The policy that decides for a step: the command line's over the step's scope. */
export function effectivePolicy(scope: HostFailurePolicy, override: HostFailurePolicy | undefined): HostFailurePolicy {
  if (!override) return scope;
  const maxFailed = override.maxFailed ?? scope.maxFailed;
  return { onHostFailure: override.onHostFailure, ...(maxFailed ? { maxFailed } : {}), from: override.from };
}

/** More than maxFailed of `base` hosts have failed (continue-others only; stop-all tolerates none). */
export function exceedsMaxFailed(policy: HostFailurePolicy, failed: number, base: number): boolean {
  if (policy.onHostFailure === 'stop-all') return failed > 0;
  const m = policy.maxFailed;
  if (!m) return false;
  return 'count' in m ? failed > m.count : failed * 100 > m.percent * Math.max(base, 1);
}

// `1` or `25%`, as the runbook writes it: the plan and the stop message quote it.
export function describeMaxFailed(m: MaxFailed): string {
  return 'count' in m ? String(m.count) : `${m.percent}%`;
}

// `continue-others, maxFailed 1 (runbook master-backup)`: what the plan and the summary print.
export function describePolicy(policy: HostFailurePolicy): string {
  const max = policy.onHostFailure === 'continue-others' && policy.maxFailed ? `, maxFailed ${describeMaxFailed(policy.maxFailed)}` : '';
  return `${policy.onHostFailure}${max} (${policy.from})`;
}

/**
 * The steps whose policy is not the run's (a group's, foreach's, include's or their own), by key:
 * what the plan prints beside them. The command line's override leaves none.
 */
export function scopedPolicies(plan: Plan): Map<string, HostFailurePolicy> {
  const out = new Map<string, HostFailurePolicy>();
  if (plan.hostFailureOverride) return out;
  const visit = (nodes: PlanNode[], inherited?: HostFailurePolicy) => {
    for (const n of nodes) {
      if (n.type === 'step') {
        const own = n.hostFailure ?? inherited;
        if (own) out.set(n.key, own);
      } else if (n.type === 'group') n.branches.forEach((b) => visit(b, n.hostFailure ?? inherited));
      else if (n.type === 'phase') (visit(n.nodes, n.hostFailure ?? inherited), visit(n.final, n.hostFailure ?? inherited));
    }
  };
  visit(plan.nodes);
  visit(plan.final);
  return out;
}

// The run's policy in words, as the plan header and run.start state it.
export function describeRunPolicy(plan: Plan): string {
  const own = plan.hostFailure ?? DEFAULT_POLICY;
  const override = plan.hostFailureOverride;
  return override ? `${describePolicy(effectivePolicy(own, override))}; the runbook's: ${describePolicy(own)}` : describePolicy(own);
}
