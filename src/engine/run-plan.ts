// runPlan walks a compiled plan and executes it: each step's start is durable in the journal before
// its command is sent, and its end (with captures) before the next step starts. Groups run their
// branches side by side; a failed host stops every host or only itself, as the host-failure policy
// says; phases undo their completed steps when they fail and always run their `finally:` steps;
// Ctrl-C cancels the running commands and leaves a resumable run.
import type { Plan, PlanGroup, PlanNode, PlanPhase, PlanSkip, PlanStep } from '../plan/types.js';
import type { FanOut, HostOutcome, Reporter, RunEvent, RunStatus } from './events.js';
import type { Transport, TransportFactory } from '../transport/types.js';
import type { RunValues } from './values.js';
import { ClusterMismatchError, ConnectionLostError, ExitCode, HostError, OpsError, StepError } from '../errors.js';
import { runKind } from './kinds.js';
import { displayParts, evaluateConditionAtRunTime, isTemplateError, shellQuote } from '../template/index.js';
import type { StepOutcome } from './outcome.js';
import { abortableDelay } from './delay.js';
import { failureOf, exec, runOutcome, type KindContext } from './kinds.js';
import type { ClusterPins } from './cluster-pins.js';
import { HostFailures, type Lane, type PolicyScope } from './host-failures.js';
import { runTimeSkipReason } from '../plan/when-text.js';
import { captureSpecProblems } from './capture.js';
import { HostRecords } from './host-records.js';
import { afterLostConnection, safeToRepeat, settlePrior, type PriorStep } from './settle-prior.js';
import { describeAction } from './describe-action.js';
import { reopeningTransport } from './reopening-transport.js';

// What a step does, in one line (step.start, `check: would run`, runs show --timeline).
export { describeAction } from './describe-action.js';

export interface StepJournal {
  /** `rec`: the host record this start's command writes its outcome to. */
  start(step: PlanStep, attempt: number, rec?: string): void;
  end(step: PlanStep, attempt: number, outcome: StepOutcome, durationMs: number): void;
  undo(step: PlanStep, status: 'ok' | 'failed', exitCode: number | null): void;
  log(step: PlanStep, stream: 'stdout' | 'stderr' | 'info', text: string): void;
}

export type { PriorStep } from './settle-prior.js';

export interface EngineOptions {
  plan: Plan;
  mode: 'run' | 'check';
  journal: StepJournal;
  reporter: Reporter;
  transports: TransportFactory;
  values: RunValues;
  yes: boolean;
  prompt?: (question: string) => Promise<boolean>;
  concurrency: number;
  signal: AbortSignal;
  /** From the journal of an earlier attempt of this run (resume). */
  prior?: Map<string, PriorStep>;
  retryUnknown?: boolean;
  /** Cluster identity pins: checked before every mutating step on a cluster target. */
  clusters?: ClusterPins;
  /** Host records for mutating commands (absent: nothing recorded, as under --check). */
  records?: HostRecords;
  /** Called once a step's start is durable, before its command is sent (rehearsal fault injection). */
  onStepStarted?: (step: PlanStep) => void;
}

export interface EngineResult {
  status: Exclude<RunStatus, 'planned'>;
  exitCode: number;
  failedStep?: string;
  message?: string;
  /** How each host ended (the per-host summary). */
  hosts: HostOutcome[];
}

interface PhaseFrame {
  completed: PlanStep[];
  /** Something in the phase's body started in this attempt, so its `finally` steps run afresh. */
  bodyRan?: boolean;
}

/** Where the walk is: running `finally:` steps, the policy in force, the branches around, the fan-out. */
interface Walk {
  force: boolean;
  scope: PolicyScope;
  lanes: Lane[];
  fanOut?: FanOut;
}

type StepEndFields = Omit<Extract<RunEvent, { type: 'step.end' }>, 'type' | 'stepId' | 'key' | 'host' | 'fanOut'>;

export class Engine {
  private failure?: { step: PlanStep; error: OpsError; message?: string };
  private interrupted = false;
  private mutatedFlag = false;
  private readonly ledger: HostFailures;
  private startedCount = 0;

  constructor(private readonly o: EngineOptions) {
    for (const [key, rec] of o.prior ?? []) if ((rec.state === 'done' || rec.state === 'unknown') && this.isMutating(key)) this.mutatedFlag = true;
    this.ledger = new HostFailures(o.plan);
  }

  async run(): Promise<EngineResult> {
    const { plan } = this.o;
    const walk: Walk = { force: false, scope: this.ledger.rootScope(), lanes: [] };
    await this.runPhase({ type: 'phase', key: '', runbook: plan.runbook.name, nodes: plan.nodes, final: plan.final }, walk);
    const interrupted = this.interrupted || this.o.signal.aborted;
    const hosts = this.ledger.outcomes(interrupted);
    if (interrupted) return { status: 'interrupted', exitCode: ExitCode.interrupted, failedStep: this.failure?.step.key, hosts };
    // The first failure names the run's; a stop by maxFailed says why the others stopped.
    const first = this.ledger.failures[0];
    if (!first) return { status: this.o.mode === 'check' ? 'checked' : 'succeeded', exitCode: ExitCode.ok, hosts };
    const message = this.failure?.message ?? first.message ?? first.error.message;
    return { status: 'failed', exitCode: this.exitOf(first.error), failedStep: first.step.key, message, hosts };
  }

  // "Nothing was changed" (exit 3) stops being true once another host went on and changed things;
  // a cluster that is not the pinned one stays exit 3 (the operator must check the kubeconfigs).
  private exitOf(error: OpsError): number {
    if (error instanceof ClusterMismatchError) return error.exitCode;
    return error.exitCode === ExitCode.preconditionFailed && this.mutatedFlag ? ExitCode.stepFailed : error.exitCode;
  }

  private isMutating(key: string): boolean {
    return !this.stepByKey().get(key)?.readOnly;
  }
  private stepIndex?: Map<string, PlanStep>;
  private stepByKey(): Map<string, PlanStep> {
    if (!this.stepIndex) {
      this.stepIndex = new Map();
      const visit = (nodes: PlanNode[]) => {
        for (const n of nodes) {
          if (n.type === 'step') this.stepIndex!.set(n.key, n);
          else if (n.type === 'group') n.branches.forEach(visit);
          else if (n.type === 'phase') (visit(n.nodes), visit(n.final));
        }
      };
      visit(this.o.plan.nodes);
      visit(this.o.plan.final);
    }
    return this.stepIndex;
  }

  private async runNodes(nodes: PlanNode[], frame: PhaseFrame, walk: Walk): Promise<void> {
    for (const node of nodes) {
      if (this.interrupted || this.o.signal.aborted) return;
      if (!walk.force && this.failure) return;
      if (node.type === 'step') await this.runStep(node, frame, walk);
      else if (node.type === 'skip') this.emitEnd(node, walk, { status: 'skipped', exitCode: null, durationMs: 0, attempt: 0, reason: node.reason });
      else if (node.type === 'group') await this.runGroup(node, frame, walk);
      else await this.runPhase(node, walk);
    }
  }

  private async runPhase(phase: PlanPhase, outer: Walk): Promise<void> {
    const frame: PhaseFrame = { completed: [] };
    const scope = phase.hostFailure ? { policy: phase.hostFailure, base: outer.scope.base } : outer.scope;
    const walk: Walk = { force: false, scope, lanes: outer.lanes };
    const failedBefore = this.failure;
    const lostBefore = this.ledger.failures.length;
    const startedBefore = this.startedCount;
    await this.runNodes(phase.nodes, frame, walk);
    frame.bodyRan = this.startedCount > startedBefore;
    if (this.interrupted || this.o.signal.aborted) return;
    if (this.o.mode === 'run') {
      if (this.failure && this.failure !== failedBefore) await this.undoPhase(frame);
      // Hosts that failed while the others went on: their own completed steps are compensated.
      else if (this.ledger.failures.length > lostBefore) await this.undoPhase(frame, (s) => this.ledger.hasFailed(s.host));
    }
    await this.runNodes(phase.final, frame, { ...walk, force: true });
  }

  private async runGroup(group: PlanGroup, frame: PhaseFrame, walk: Walk): Promise<void> {
    const limit = group.limit > 0 ? group.limit : Math.max(1, this.o.concurrency);
    const { branches, labels } = group;
    const force = walk.force;
    const scope = group.hostFailure ? { policy: group.hostFailure, base: branches.length } : walk.scope;
    // One step on several hosts at once: the human reporters show it as one line.
    const fanOut = group.over === 'hosts' && group.mode === 'pool' ? { key: group.key, size: branches.length } : undefined;
    const branch = (i: number) =>
      this.runNodes(branches[i], frame, { force, scope, fanOut, lanes: [...walk.lanes, { label: group.over === 'hosts' ? labels[i] : `${group.key}[${labels[i]}]` }] });
    if (group.mode === 'rolling') {
      for (let i = 0; i < branches.length; i += limit) {
        if (this.interrupted || (!force && this.failure)) return;
        await Promise.all(branches.slice(i, i + limit).map((_, j) => branch(i + j)));
      }
      return;
    }
    let next = 0;
    const worker = async () => {
      while (next < branches.length && !this.interrupted && (force || !this.failure)) await branch(next++);
    };
    await Promise.all(Array.from({ length: Math.min(limit, branches.length) }, worker));
  }

  private emitEnd(step: PlanStep | PlanSkip, walk: Walk, fields: StepEndFields): void {
    this.o.reporter.emit({ type: 'step.end', stepId: step.id, key: step.key, host: step.host, ...fields, ...(walk.fanOut ? { fanOut: walk.fanOut } : {}) });
  }

  private async runStep(step: PlanStep, frame: PhaseFrame, walk: Walk): Promise<void> {
    const { reporter } = this.o;
    // A gate asks again; a finally step counts its journal only when its phase's body did not run again.
    const honoured = step.action.kind !== 'confirm' && !(step.final && frame.bodyRan);
    const prior = honoured ? this.o.prior?.get(step.key) : undefined;
    const skip = (reason: string, extra: Partial<StepOutcome> = {}) => {
      this.ledger.settled(step);
      this.emitEnd(step, walk, { status: 'skipped', exitCode: null, durationMs: 0, attempt: 0, reason, diff: extra.diff, message: extra.message });
    };
    if (prior && (prior.state === 'done' || prior.state === 'skipped')) {
      // Only a step that really ran has an effect to compensate.
      if (step.undo && prior.state === 'done') frame.completed.push(step);
      return skip(prior.marked ? `marked ${prior.marked.state} by hand: ${prior.marked.reason}` : 'completed in an earlier attempt');
    }
    // A failed host, or a failed branch, is skipped for the rest of the run: not journaled, so resume runs it.
    const lost = walk.force || step.final ? undefined : this.ledger.skipReason(step, walk.lanes);
    if (lost) return this.emitEnd(step, walk, { status: 'skipped', exitCode: null, durationMs: 0, attempt: 0, reason: lost });
    if (step.when) {
      const ctx = { params: this.o.plan.params, captures: this.o.values.capturesFor(step.host), secrets: this.o.values.secrets, locals: { host: step.host } };
      try {
        const failing = step.when.find((w) => !evaluateConditionAtRunTime(w, ctx));
        if (failing) return this.skipRecorded(step, runTimeSkipReason(step.whenText, failing), walk);
      } catch (e) {
        return this.fail(step, { status: 'failed', exitCode: null, captures: {}, reason: 'when', message: (e as Error).message, error: new StepError((e as Error).message) }, 0, 0, walk);
      }
    }
    const checkOnly = this.o.mode === 'check' && !step.readOnly;
    if (checkOnly && step.action.kind !== 'edit') return skip('check: would run', { message: describeAction(step) });

    const settling = Boolean(prior && (prior.state === 'unknown' || (prior.state === 'failed' && prior.commandOk)) && !checkOnly);
    let transport: Transport;
    let reopening = false;
    try {
      transport = await this.o.transports.open(this.o.plan.hosts[step.host]);
    } catch (e) {
      const error = unreachableError(step, e);
      const host = this.o.plan.hosts[step.host];
      // A wait polls until the host answers; a step left undecided asks its host's record until it
      // answers (resume came back while the host was rebooting: settle-prior.ts bounds that).
      const pollable = step.action.kind === 'wait' || (settling && prior?.rec !== undefined);
      if (!(pollable && error instanceof HostError && error.transient)) return this.fail(step, unreachableOutcome(error), 0, 0, walk);
      transport = reopeningTransport(step.host, () => this.o.transports.open(host));
      reopening = step.action.kind !== 'wait';
    }
    const ctx: KindContext = {
      step,
      host: this.o.plan.hosts[step.host],
      transport,
      values: this.o.values,
      signal: this.o.signal,
      yes: this.o.yes,
      prompt: this.o.prompt,
      mutated: () => this.mutatedFlag,
      dryEdit: checkOnly,
      runId: this.o.plan.runId,
      log: (stream: 'stdout' | 'stderr' | 'info', text: string) => {
        this.o.journal.log(step, stream, text);
        if (stream !== 'info') reporter.emit({ type: 'step.output', stepId: step.id, key: step.key, host: step.host, stream, text });
      },
    };
    if (settling && prior) {
      if (await this.settle(step, prior, ctx, frame, walk)) return;
    }
    // Settled as "run it": the step itself needs a connection of its own now.
    if (reopening) {
      try {
        ctx.transport = await this.o.transports.open(this.o.plan.hosts[step.host]);
      } catch (e) {
        return this.fail(step, unreachableOutcome(unreachableError(step, e)), 0, 0, walk);
      }
    }
    const badCapture = captureSpecProblems(step.capture)[0];
    if (badCapture) return this.fail(step, { status: 'failed', exitCode: null, captures: {}, reason: 'capture spec', message: badCapture.message, error: new StepError(badCapture.message) }, 0, 0, walk);
    // An edit runs under --check too (read and diffed), so its guards decide whether it applies.
    if (!checkOnly || step.action.kind === 'edit') {
      let guard: string | undefined;
      try {
        guard = await this.guard(step, ctx);
      } catch (e) {
        if (!isTemplateError(e)) throw e;
        return this.fail(step, { status: 'failed', exitCode: null, captures: {}, reason: 'template', message: e.message, error: new StepError(e.message, { hint: e.hint }) }, 0, 0, walk);
      }
      if (guard) return this.skipRecorded(step, guard, walk);
    }
    if (!step.readOnly && !checkOnly && this.o.clusters) {
      try {
        await this.o.clusters.beforeMutating(step.host, this.o.signal);
      } catch (e) {
        if (!(e instanceof OpsError)) throw e;
        return this.fail(step, { status: 'failed', exitCode: null, captures: {}, reason: 'cluster identity', message: e.message, error: e }, 0, 0, walk);
      }
    }
    const attempts = step.retries + 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const started = Date.now();
      const records = checkOnly || !HostRecords.wanted(step) ? undefined : this.o.records;
      // A host unreachable right now fails the step below, as it would unrecorded.
      const dir = records ? await records.directory(ctx).catch(() => undefined) : undefined;
      ctx.record = dir ? { dir, rec: HostRecords.newRecord(step) } : undefined;
      if (!checkOnly) {
        this.o.journal.start(step, attempt, ctx.record?.rec);
        this.startedCount++;
        this.o.onStepStarted?.(step);
      }
      if (!step.readOnly && !checkOnly) this.mutatedFlag = true;
      reporter.emit({ type: 'step.start', stepId: step.id, key: step.key, host: step.host, attempt, kind: step.action.kind, name: step.name, command: describeAction(step), ...(walk.fanOut ? { fanOut: walk.fanOut } : {}) });
      let outcome: StepOutcome;
      try {
        outcome = await runKind(ctx);
      } catch (e) {
        if (e instanceof ConnectionLostError && e.started) {
          const say = (text: string) => reporter.emit({ type: 'message', level: 'warn', text });
          outcome = await afterLostConnection({ records: this.o.records, transport: ctx.transport, step, host: ctx.host, signal: this.o.signal, say }, ctx, e, this.o.plan.runId);
        } else {
          // A value only known at run time may be missing (a capture from a skipped step).
          const err = isTemplateError(e) ? new StepError(e.message, { hint: e.hint }) : e;
          if (!(err instanceof OpsError)) throw err;
          outcome = { status: 'failed', exitCode: null, captures: {}, reason: err.name, message: err.message, error: err };
        }
      }
      const durationMs = Date.now() - started;
      if (outcome.interrupted || this.o.signal.aborted) outcome = { ...outcome, status: 'failed', reason: 'interrupted', interrupted: true };
      if (outcome.unknown) this.o.records?.keepFor(step, ctx.host);
      if (outcome.status !== 'failed') {
        if (!checkOnly) this.o.journal.end(step, attempt, outcome, durationMs);
        this.o.values.record(step.host, outcome.captures);
        this.ledger.settled(step);
        this.emitEnd(step, walk, { status: outcome.status, exitCode: outcome.exitCode, durationMs, attempt, reason: outcome.reason, message: outcome.message, diff: outcome.diff, captures: outcome.captures });
        if (step.undo && outcome.status !== 'skipped') frame.completed.push(step);
        return;
      }
      if (outcome.interrupted) {
        this.interrupted = true;
        if (!checkOnly) this.o.journal.end(step, attempt, outcome, durationMs);
        this.emitEnd(step, walk, { status: 'failed', exitCode: outcome.exitCode, durationMs, attempt, reason: 'interrupted' });
        return;
      }
      // A command that took effect (or may have) is repeated only when that is safe.
      const repeatable = !(outcome.commandOk || outcome.unknown) || safeToRepeat(step);
      const last = attempt === attempts || !repeatable || (outcome.error?.exitCode !== ExitCode.stepFailed && !outcome.unknown);
      if (last) return this.fail(step, outcome, attempt, durationMs, walk, checkOnly);
      if (!checkOnly) this.o.journal.end(step, attempt, outcome, durationMs);
      this.emitEnd(step, walk, { status: 'failed', exitCode: outcome.exitCode, durationMs, attempt, reason: `${outcome.reason ?? 'failed'}; retrying in ${step.retryDelayMs}ms`, message: outcome.message, retrying: true });
      if (!(await abortableDelay(step.retryDelayMs, this.o.signal))) {
        this.interrupted = true;
        return;
      }
    }
  }

  /** Decides an undecided step from an earlier attempt; true when nothing more is to be done for it now. */
  private async settle(step: PlanStep, prior: PriorStep, ctx: KindContext, frame: PhaseFrame, walk: Walk): Promise<boolean> {
    const say = (text: string) => this.o.reporter.emit({ type: 'message', level: 'info', text });
    const d = await settlePrior({ records: this.o.records, transport: ctx.transport, step, host: ctx.host, signal: this.o.signal, say }, prior, this.o.plan.runId, Boolean(this.o.retryUnknown));
    if (d.kind === 'interrupted') return (this.interrupted = true);
    if (d.kind === 'run') {
      if (d.note) say(d.note);
      return false;
    }
    if (d.kind === 'stop') {
      // Not journaled: it stays undecided until its host can tell or the operator says.
      this.emitEnd(step, walk, { status: 'failed', exitCode: null, durationMs: 0, attempt: 0, reason: 'outcome unknown', message: d.error.message });
      this.o.reporter.emit({ type: 'message', level: 'error', text: d.error.message, hint: d.error.hint });
      this.lose(step, { status: 'failed', exitCode: null, captures: {}, message: d.error.message, error: d.error }, walk);
      return true;
    }
    // Finished while opsctl was away: recorded as it was, with its captures.
    // Its duration is the host's (the record's start and exit), not this process's.
    const ms = d.result.durationMs ?? 0;
    const outcome: StepOutcome = { ...runOutcome(ctx, { ...d.result, signal: undefined, timedOut: false, canceled: false, durationMs: ms }), recovered: true };
    const note = `finished on ${step.host} while opsctl was away (read back from its record, exit ${d.result.exitCode})`;
    if (outcome.status === 'failed') {
      if (outcome.commandOk && !safeToRepeat(step) && !this.o.retryUnknown) {
        this.fail(step, { ...outcome, message: `${outcome.message}\n${note}` }, 1, ms, walk);
        return true;
      }
      this.o.journal.end(step, 1, outcome, ms);
      this.emitEnd(step, walk, { status: 'failed', exitCode: outcome.exitCode, durationMs: ms, attempt: 0, reason: `${note}; running it again`, message: outcome.message, retrying: true });
      return false;
    }
    this.o.journal.end(step, 1, outcome, ms);
    this.o.values.record(step.host, outcome.captures);
    this.mutatedFlag = this.mutatedFlag || !step.readOnly;
    this.ledger.settled(step);
    this.emitEnd(step, walk, { status: outcome.status, exitCode: outcome.exitCode, durationMs: ms, attempt: 0, reason: note, captures: outcome.captures });
    if (step.undo) frame.completed.push(step);
    return true;
  }

  private fail(step: PlanStep, outcome: StepOutcome, attempt: number, durationMs: number, walk: Walk, checkOnly = false): void {
    // The operator needs the way out next to the failure: keep the error's hint with its message.
    const hint = outcome.error?.hint;
    if (hint && outcome.message && !outcome.message.includes(hint)) outcome = { ...outcome, message: `${outcome.message}\nhint: ${hint}` };
    if (!checkOnly) this.o.journal.end(step, attempt, outcome, durationMs);
    this.emitEnd(step, walk, { status: 'failed', exitCode: outcome.exitCode, durationMs, attempt, reason: outcome.reason, message: outcome.message });
    this.lose(step, outcome, walk);
  }

  // The policy decides: this host (or branch) is out and the others go on, or the whole run stops.
  private lose(step: PlanStep, outcome: StepOutcome, walk: Walk): void {
    const error = outcome.error ?? new StepError(outcome.message ?? `step ${step.key} failed`);
    const verdict = this.ledger.failed({ step, error, message: outcome.message, exitCode: outcome.exitCode }, walk.scope, walk.lanes);
    if (verdict.stop && !this.failure) this.failure = { step, error, message: verdict.message ?? outcome.message };
  }

  private skipRecorded(step: PlanStep, reason: string, walk: Walk): void {
    const outcome: StepOutcome = { status: 'skipped', exitCode: null, captures: {}, reason };
    if (this.o.mode === 'run') this.o.journal.end(step, 0, outcome, 0);
    this.ledger.settled(step);
    this.emitEnd(step, walk, { status: 'skipped', exitCode: null, durationMs: 0, attempt: 0, reason });
  }

  /** `creates`/`unless` guards: a reason to skip, or undefined to run. */
  private async guard(step: PlanStep, ctx: Parameters<typeof exec>[0]): Promise<string | undefined> {
    if (step.creates) {
      const path = this.o.values.finish(step.creates, step.host);
      const r = await exec(ctx, `test -e ${shellQuote(path)}`, 30_000);
      if (r.exitCode === 0) return `creates: ${path} exists`;
    }
    if (step.unless) {
      const r = await exec(ctx, this.o.values.finish(step.unless, step.host), step.timeoutMs ?? 60_000);
      if (r.exitCode === 0) return `unless: ${displayParts(step.unless)} succeeded`;
    }
    return undefined;
  }

  private async undoPhase(frame: PhaseFrame, only: (step: PlanStep) => boolean = () => true): Promise<void> {
    for (const step of [...frame.completed].reverse()) {
      if (!step.undo || this.o.signal.aborted || !only(step)) continue;
      const transport = await this.o.transports.open(this.o.plan.hosts[step.host]).catch(() => undefined);
      let command: string;
      try {
        command = this.o.values.finish(step.undo, step.host);
      } catch (e) {
        if (!isTemplateError(e)) throw e;
        this.o.journal.undo(step, 'failed', null);
        this.o.reporter.emit({ type: 'message', level: 'error', text: `undo of ${step.key} not run: ${e.message}` });
        continue;
      }
      let status: 'ok' | 'failed' = 'failed';
      let exitCode: number | null = null;
      if (transport) {
        const ctx = { step, host: this.o.plan.hosts[step.host], transport, values: this.o.values, signal: this.o.signal, yes: this.o.yes, mutated: () => true, dryEdit: false, log: (s: 'stdout' | 'stderr' | 'info', t: string) => this.o.journal.log(step, s, t) };
        const r = await exec(ctx, command, step.timeoutMs ?? 300_000);
        exitCode = r.exitCode;
        status = failureOf(r, 'undo') ? 'failed' : 'ok';
      }
      this.o.journal.undo(step, status, exitCode);
      this.o.reporter.emit({ type: 'step.undo', stepId: step.id, key: step.key, host: step.host, status, command: displayParts(step.undo), exitCode });
    }
  }
}

// Opening a step's host failed: the error as the operator sees it, and the step's outcome.
function unreachableError(step: PlanStep, e: unknown): OpsError {
  return e instanceof OpsError ? e : new HostError(`cannot reach ${step.host}: ${(e as Error).message}`);
}

function unreachableOutcome(error: OpsError): StepOutcome {
  return { status: 'failed', exitCode: null, captures: {}, reason: 'unreachable', message: error.message, error };
}
