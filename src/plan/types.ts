// A plan is a value: every step bound to a host with its exact command, edit rules, guards, gates
// and undo. Dry-run prints it, the engine executes it, plan.json stores it — the same data, so
// what was shown is what runs.
import type { Parts } from '../template/types.js';
import type { CaptureSpec } from '../runbook/schema.js';

export const PLAN_VERSION = 1;

export type EditOp =
  | { op: 'removeLines'; pattern: string }
  | { op: 'setEnv'; values: Record<string, Parts> }
  | { op: 'unsetEnv'; keys: string[] }
  | { op: 'removeFromList'; key: string; item: Parts; separator: string }
  | { op: 'removeHostFromGroups'; host: Parts; groups: string[] }
  | { op: 'removeServer'; server: Parts };

export type Action =
  | { kind: 'run'; command: Parts }
  | { kind: 'copy'; src: string; dest: Parts; mode?: string; template: boolean; content?: Parts }
  | { kind: 'fetch'; src: Parts; dest: string }
  | { kind: 'edit'; path: Parts; ops: EditOp[]; backup: boolean; diff?: string }
  | { kind: 'wait'; command: Parts; until: string; intervalMs: number; timeoutMs: number; message?: string }
  | { kind: 'assert'; command: Parts; expect?: string; message?: string }
  | { kind: 'confirm'; message: Parts; defaultYes: boolean };

export type ActionKind = Action['kind'];

/** Failures tolerated before the others stop: a count, or a percentage of the scope's hosts. */
export type MaxFailed = { count: number } | { percent: number };

/**
 * What one failed host (or foreach branch) does to the others (runbook `onHostFailure:` /
 * `maxFailed:`): `stop-all` stops every host at its next step; `continue-others` skips the failed
 * host for the rest of the run while the others go on, until more than `maxFailed` have failed.
 */
export interface HostFailurePolicy {
  onHostFailure: 'stop-all' | 'continue-others';
  maxFailed?: MaxFailed;
  /** Where it was chosen: `runbook master-backup`, `step archive`, `--keep-going`, `default`. */
  from: string;
}

export interface PlanHost {
  name: string;
  transport: 'local' | 'ssh';
  address?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
  become?: boolean;
  becomeUser?: string;
  /** ssh `-o` options from the inventory (UserKnownHostsFile, StrictHostKeyChecking, ...). */
  sshOptions?: Record<string, string>;
  /** A cluster target: steps run on this machine with KUBECONFIG set to this file (and context) only. */
  cluster?: { kubeconfig: string; context?: string };
}

export interface PlanStep {
  type: 'step';
  /** Unique, stable instance key: phase path, step id, foreach item, host. Resume keys on it. */
  key: string;
  /** The runbook step id. */
  id: string;
  name?: string;
  /** Runbook names from the top runbook down to the one this step comes from (includes). */
  phase: string[];
  host: string;
  readOnly: boolean;
  action: Action;
  /** Position in the flattened plan, from 1; names the step's log file. */
  seq: number;
  /** Conditions that need captures, evaluated at run time (all must hold); `when` known at compile time is already applied. */
  when?: string[];
  creates?: Parts;
  unless?: Parts;
  sudo: boolean;
  env: Record<string, Parts>;
  cwd?: Parts;
  timeoutMs?: number;
  retries: number;
  retryDelayMs: number;
  okExitCodes: number[];
  capture: Record<string, CaptureSpec>;
  idempotent: boolean;
  undo?: Parts;
  /** Steps that belong to a runbook's `finally:` block run even when earlier steps failed. */
  final: boolean;
  /** A false run-time `when` in words (`no --fetch-to`), by the condition it explains. */
  whenText?: Record<string, string>;
  /** The step's own `onHostFailure:` when it runs on one host (on several, its group has it). */
  hostFailure?: HostFailurePolicy;
}

/** A step skipped at compile time (`when` false); kept so the plan says why. */
export interface PlanSkip {
  type: 'skip';
  key: string;
  id: string;
  phase: string[];
  host: string;
  reason: string;
}

/**
 * Branches that run side by side: one per host for a step on a group, one per item for a
 * foreach. `limit` branches run at once; `rolling` (foreach serial) waits for a whole batch and
 * stops at the first failed batch, `pool` keeps `limit` running.
 */
export interface PlanGroup {
  type: 'group';
  key: string;
  mode: 'rolling' | 'pool';
  limit: number;
  branches: PlanNode[][];
  /** Label per branch (host or item), same order as branches. */
  labels: string[];
  /** `hosts`: one step on several hosts at once (labels are the hosts); absent for a foreach. */
  over?: 'hosts';
  /** The step's or foreach's own `onHostFailure:`; otherwise the enclosing one applies. */
  hostFailure?: HostFailurePolicy;
}

/**
 * An included runbook: its steps, then its `finally:` steps, which run even when the phase failed.
 * When a phase fails, the `undo` of its completed steps runs first, newest first.
 */
export interface PlanPhase {
  type: 'phase';
  key: string;
  runbook: string;
  nodes: PlanNode[];
  final: PlanNode[];
  /** The include step's own `onHostFailure:` (the included runbook's top-level one is not used). */
  hostFailure?: HostFailurePolicy;
}

export type PlanNode = PlanStep | PlanSkip | PlanGroup | PlanPhase;

/**
 * Something known when the plan is made that the operator should read before running it: the
 * quorum arithmetic, an upgrade path, or a verdict ("will be refused at step N"). Shown at the end
 * of the plan view and as `plan.note` events.
 */
export interface PlanNote {
  /** Short heading, e.g. `quorum`, `upgrade path`, `backup`. */
  label: string;
  text: string;
  /** `refused`: the run will stop there as things stand; `warn`: read before running; `info`. */
  verdict: 'refused' | 'warn' | 'info';
  /** The step the verdict is about (its id); the view names its number. */
  stepId?: string;
  /** What to change so the verdict goes away, in the command's own flags. */
  fix?: string;
}

export interface Plan {
  version: typeof PLAN_VERSION;
  runbook: { name: string; title?: string; source?: string; file?: string; digest: string };
  /** Every runbook file the plan was compiled from (top and includes) with its content digest; resume refuses if one changed. */
  sources: Array<{ file: string; digest: string }>;
  /** sha256 of the plan's content (nodes, hosts, params), not of when it was made. */
  digest: string;
  runId: string;
  createdAt: string;
  /** Param values with secrets replaced by `***`. */
  params: Record<string, unknown>;
  secretParams: string[];
  hosts: Record<string, PlanHost>;
  /** Lock names this run must hold: the hosts it touches and the runbook's own `lock:` names. */
  locks: string[];
  nodes: PlanNode[];
  final: PlanNode[];
  /** Rule-level warnings found while compiling (e.g. a target resolved to no host). */
  warnings: string[];
  /** Plan-time facts and verdicts from the command that made the plan (domain commands). */
  notes?: PlanNote[];
  /** The top runbook's host-failure policy (absent in plans of older versions: stop-all). */
  hostFailure?: HostFailurePolicy;
  /** `--keep-going` / `--max-failed`: replaces every scope's policy for this run. */
  hostFailureOverride?: HostFailurePolicy;
}
