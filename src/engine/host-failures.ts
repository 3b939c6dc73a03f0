// Which hosts and foreach branches have failed, what the host-failure policy makes of each
// failure (stop every host, or skip the failed one and go on), and how every host ended the run.
// The engine asks it before a step runs and tells it how each step ended.
import type { HostFailurePolicy, Plan, PlanStep } from '../plan/types.js';
import type { HostOutcome } from './events.js';
import { ExitCode, type OpsError } from '../errors.js';
import { LOCAL } from '../plan/hosts.js';
import { planSteps } from '../plan/walk.js';
import { DEFAULT_POLICY, describeMaxFailed, effectivePolicy, exceedsMaxFailed } from '../plan/host-failure.js';

/** A branch of a group (one host of a step on several, one item of a foreach): it fails as a whole. */
export interface Lane {
  label: string;
  failedAt?: PlanStep;
}

/** The policy where a step runs, and how many hosts a `maxFailed: N%` there counts from. */
export interface PolicyScope {
  policy: HostFailurePolicy;
  base: number;
}

/** One step that failed for good, with what the summary and the run's exit code need. */
export interface Failure {
  step: PlanStep;
  error: OpsError;
  message?: string;
  /** The command's exit code, when it ran. */
  exitCode: number | null;
  /** Who failed, in words: the host, or the foreach branch on the operator's machine. */
  who?: string;
}

/** stop: the whole run stops (policy stop-all, bad input, or more than maxFailed failed). */
export interface Verdict {
  stop: boolean;
  /** Why the others were stopped, when the policy would have let them go on. */
  message?: string;
}

// One per run: the engine's memory of who failed, and the judge of what that means for the rest.
export class HostFailures {
  /** Every failure of the run, in the order they happened. */
  readonly failures: Failure[] = [];
  private readonly failedHosts = new Map<string, Failure>();
  /** Step instances per host that have not ended yet without failing. */
  private readonly pending = new Map<string, number>();
  /** Why a host's steps were skipped when a branch it served failed. */
  private readonly notes = new Map<string, string>();
  private stopReason?: string;

  constructor(private readonly plan: Plan) {
    for (const s of planSteps(plan)) this.pending.set(s.host, (this.pending.get(s.host) ?? 0) + 1);
  }

  /** The run's own scope: the top runbook's policy over every remote host of the plan. */
  rootScope(): PolicyScope {
    const remote = Object.keys(this.plan.hosts).filter((h) => h !== LOCAL).length;
    return { policy: this.plan.hostFailure ?? DEFAULT_POLICY, base: remote };
  }

  policyFor(step: PlanStep, scope: PolicyScope): HostFailurePolicy {
    return effectivePolicy(step.hostFailure ?? scope.policy, this.plan.hostFailureOverride);
  }

  hasFailed(host: string): boolean {
    return this.failedHosts.has(host);
  }

  /** Why `step` must not run: its host failed earlier, or a branch it belongs to did. */
  skipReason(step: PlanStep, lanes: Lane[]): string | undefined {
    const mine = this.failedHosts.get(step.host);
    if (mine) return `${step.host} failed at ${mine.step.id}`;
    const lane = lanes.find((l) => l.failedAt);
    if (!lane) return undefined;
    const why = `${lane.label} failed at ${lane.failedAt!.id}`;
    if (!this.notes.has(step.host)) this.notes.set(step.host, `after ${why}`);
    return why;
  }

  /** The step ended without failing: ran, skipped by a condition or guard, or done in an earlier attempt. */
  settled(step: PlanStep): void {
    this.pending.set(step.host, (this.pending.get(step.host) ?? 1) - 1);
  }

  /** A step failed for good (retries spent). Records it and says whether the whole run must stop. */
  failed(failure: Failure, scope: PolicyScope, lanes: Lane[]): Verdict {
    const { step, error } = failure;
    this.failures.push(failure);
    const lane = lanes.at(-1);
    failure.who = step.host === LOCAL && lane ? lane.label : step.host;
    if (lane && !lane.failedAt) lane.failedAt = step;
    if (step.host !== LOCAL && !this.failedHosts.has(step.host)) this.failedHosts.set(step.host, failure);
    const policy = this.policyFor(step, scope);
    // Bad input is everybody's; the operator's machine is no "other host" unless a branch runs on it.
    const tolerable =
      policy.onHostFailure === 'continue-others' &&
      error.exitCode !== ExitCode.badInput &&
      error.exitCode !== ExitCode.internal &&
      (step.host !== LOCAL || lane !== undefined);
    if (!tolerable) {
      this.stopReason ??= `after ${failure.who} failed at ${step.id}`;
      return { stop: true };
    }
    if (!exceedsMaxFailed(policy, this.failures.length, scope.base)) return { stop: false };
    const max = describeMaxFailed(policy.maxFailed!);
    const names = this.failures.map((f) => `${f.who} at ${f.step.id}`).join(', ');
    this.stopReason ??= `after more than maxFailed ${max} failed`;
    return { stop: true, message: `${this.failures.length} failed (${names}), more than maxFailed ${max} allows: the other hosts were stopped` };
  }

  /** How each host of the plan ended; the operator's machine only when it failed. */
  outcomes(interrupted: boolean): HostOutcome[] {
    const out: HostOutcome[] = [];
    for (const host of Object.keys(this.plan.hosts)) {
      const failure = this.failedHosts.get(host) ?? (host === LOCAL ? this.failures.find((f) => f.step.host === LOCAL) : undefined);
      if (failure) {
        out.push({ host, status: 'failed', stepId: failure.step.id, key: failure.step.key, exitCode: failure.exitCode });
      } else if (host !== LOCAL) {
        if ((this.pending.get(host) ?? 0) <= 0) out.push({ host, status: 'ok' });
        else out.push({ host, status: 'skipped', reason: interrupted ? 'interrupted' : (this.notes.get(host) ?? this.stopReason ?? 'not reached') });
      }
    }
    return out;
  }
}
