// Executing one attempt of each step kind through a transport. Every path returns an outcome;
// only bugs throw. Assert failures before any change are preconditions (exit 3), after a change
// they are ordinary step failures (exit 1).
import { basename, join } from 'node:path';
import { mkdirSync, statSync } from 'node:fs';
import type { PlanHost, PlanStep } from '../plan/types.js';
import type { ExecResult, Transport } from '../transport/types.js';
import { HostError, InputError, PreconditionError, StepError } from '../errors.js';
import { shellQuote } from '../template/index.js';
import { applyEdits } from '../edit/apply.js';
import { unifiedDiff } from '../edit/diff.js';
import { resolveEditOp } from '../plan/actions.js';
import { evaluateResultCondition, parseCondition } from './condition.js';
import { takeCaptures } from './capture.js';
import type { RunValues } from './values.js';
import { tail, type StepOutcome } from './outcome.js';
import { abortableDelay } from './delay.js';
import { wrapCommand } from './host-record.js';

export interface KindContext {
  step: PlanStep;
  host: PlanHost;
  transport: Transport;
  values: RunValues;
  signal: AbortSignal;
  yes: boolean;
  prompt?: (question: string) => Promise<boolean>;
  /** Has any mutating step run (in this run or an earlier attempt of it)? */
  mutated: () => boolean;
  /** `check` mode: edits are read and diffed but never written. */
  dryEdit: boolean;
  log: (stream: 'stdout' | 'stderr' | 'info', text: string) => void;
  /** Where this start of a mutating command records its outcome on the host (host-record.ts). */
  record?: { dir: string; rec: string };
  /** The run's id: names what a step leaves behind (an edit's backup) the same on every attempt. */
  runId?: string;
}

/** `sent`: what goes to the host when it differs from what the operator reads (a wrapped command). */
export async function exec(ctx: KindContext, command: string, timeoutMs = ctx.step.timeoutMs, sent = command): Promise<ExecResult> {
  const { step } = ctx;
  ctx.log('info', `$ ${command}\n`);
  return ctx.transport.run(sent, {
    sudo: step.sudo,
    becomeUser: ctx.host.becomeUser,
    env: Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, ctx.values.finish(v, step.host)])),
    cwd: step.cwd ? ctx.values.finish(step.cwd, step.host) : undefined,
    timeoutMs,
    signal: ctx.signal,
    onStdout: (t) => ctx.log('stdout', t),
    onStderr: (t) => ctx.log('stderr', t),
  });
}

export function failureOf(r: ExecResult, what: string, ok: number[] = [0]): StepOutcome | undefined {
  if (r.canceled) return { status: 'failed', exitCode: r.exitCode, captures: {}, reason: 'interrupted', interrupted: true, message: `${what}: interrupted` };
  if (r.timedOut) return { status: 'failed', exitCode: r.exitCode, captures: {}, reason: 'timeout', message: `${what}: timed out after ${r.durationMs}ms; the process was killed`, error: new StepError(`${what} timed out`) };
  if (r.exitCode === null || !ok.includes(r.exitCode)) {
    const out = tail(r.stderr || r.stdout);
    const how = r.exitCode === null ? `killed by ${r.signal ?? 'a signal'}` : `exit ${r.exitCode}`;
    return { status: 'failed', exitCode: r.exitCode, captures: {}, reason: r.exitCode === null ? how : undefined, message: `${what} failed (${how})${out ? `\n${out}` : ''}`, error: new StepError(`${what} failed (${how})`) };
  }
  return undefined;
}

export async function runKind(ctx: KindContext): Promise<StepOutcome> {
  const { step, values } = ctx;
  const a = step.action;
  const done = (captures: Record<string, string> = {}, extra: Partial<StepOutcome> = {}): StepOutcome => ({
    status: step.readOnly ? 'ok' : 'changed',
    exitCode: 0,
    captures,
    ...extra,
  });
  switch (a.kind) {
    case 'run': {
      const command = values.finish(a.command, step.host);
      const sent = ctx.record ? wrapCommand(command, ctx.record.dir, ctx.record.rec) : command;
      return runOutcome(ctx, await exec(ctx, command, step.timeoutMs, sent));
    }
    case 'assert': {
      const command = values.finish(a.command, step.host);
      const r = await exec(ctx, command);
      if (r.canceled) return failureOf(r, `assert ${step.id}`)!;
      const holds = !r.timedOut && r.exitCode === 0 && (!a.expect || evaluateResultCondition(parseCondition(a.expect), r));
      if (holds) return withCaptures(ctx, r, { status: 'ok', exitCode: r.exitCode, captures: {} });
      // Enough lines for a refusal's reasons and the table they refer to (the whole output is in the step log).
      const detail = tail(r.stderr || r.stdout, 20);
      const message = `${a.message ?? `precondition ${step.id} does not hold: ${command}`}${r.timedOut ? ' (timed out)' : ` (exit ${r.exitCode})`}${detail ? `\n${detail}` : ''}`;
      const error = ctx.mutated() ? new StepError(message) : new PreconditionError(message, { hint: 'nothing was changed; fix the condition and run again' });
      return { status: 'failed', exitCode: r.exitCode, captures: {}, reason: 'assertion failed', message, error };
    }
    case 'wait':
      return runWait(ctx, a);
    case 'confirm':
      return runConfirm(ctx, values.finish(a.message, step.host), a.defaultYes);
    case 'copy': {
      const dest = values.finish(a.dest, step.host);
      const data = a.content ? Buffer.from(values.finish(a.content, step.host)) : undefined;
      const res = await ctx.transport.put(data ? { data } : { path: a.src }, dest, { mode: a.mode, sudo: step.sudo, signal: ctx.signal });
      ctx.log('info', `copied ${a.src} → ${dest} (${res.bytes} bytes, sha256 ${res.sha256})\n`);
      return done({}, { message: `sha256 ${res.sha256}` });
    }
    case 'fetch': {
      const src = values.finish(a.src, step.host);
      let dest = a.dest;
      if (dest.endsWith('/') || isDir(dest)) dest = join(dest, basename(src));
      mkdirSync(join(dest, '..'), { recursive: true });
      const res = await ctx.transport.get(src, dest, { sudo: step.sudo, signal: ctx.signal });
      ctx.log('info', `fetched ${src} → ${dest} (${res.bytes} bytes, sha256 ${res.sha256})\n`);
      return done({ sha256: res.sha256, path: dest }, { message: `${dest} sha256 ${res.sha256}` });
    }
    case 'edit':
      return runEdit(ctx, a);
  }
}

/** A `run` step's outcome from its command's result: fresh, or read back from its host's record. */
export function runOutcome(ctx: Pick<KindContext, 'step'>, r: ExecResult): StepOutcome {
  const { step } = ctx;
  const bad = failureOf(r, `step ${step.id}`, step.okExitCodes);
  if (bad) return bad;
  return withCaptures(ctx, r, { status: step.readOnly ? 'ok' : 'changed', exitCode: r.exitCode, captures: {} });
}

// The command succeeded before a capture failed: its effect happened, and the outcome says so,
// so neither a retry nor a resume repeats it unless the step is safe to repeat.
function withCaptures(ctx: Pick<KindContext, 'step'>, r: ExecResult, outcome: StepOutcome): StepOutcome {
  try {
    return { ...outcome, captures: takeCaptures(ctx.step.capture, r) };
  } catch (e) {
    const message = `${(e as Error).message} (the command itself succeeded: exit ${r.exitCode})`;
    return { status: 'failed', exitCode: r.exitCode, captures: {}, reason: 'capture failed', message, error: new StepError(message), commandOk: true };
  }
}

async function runWait(ctx: KindContext, a: Extract<PlanStep['action'], { kind: 'wait' }>): Promise<StepOutcome> {
  const cond = parseCondition(a.until);
  const command = ctx.values.finish(a.command, ctx.step.host);
  const deadline = Date.now() + a.timeoutMs;
  let last: ExecResult | undefined;
  let polls = 0;
  for (;;) {
    polls++;
    last = await pollOnce(ctx, command, Math.max(1000, Math.min(deadline - Date.now(), ctx.step.timeoutMs ?? a.intervalMs * 6)));
    if (last.canceled) return failureOf(last, `wait ${ctx.step.id}`)!;
    if (!last.timedOut && evaluateResultCondition(cond, last)) return withCaptures(ctx, last, { status: 'ok', exitCode: last.exitCode, captures: {}, message: `held after ${polls} poll(s)` });
    if (Date.now() + a.intervalMs > deadline) break;
    if (!(await abortableDelay(a.intervalMs, ctx.signal))) return { status: 'failed', exitCode: null, captures: {}, reason: 'interrupted', interrupted: true };
  }
  const out = tail(last.stdout || last.stderr, 6);
  const message = `${a.message ?? `gave up waiting for ${ctx.step.id}`}: "${a.until}" did not hold within ${Math.round(a.timeoutMs / 1000)}s (${polls} polls, last exit ${last.exitCode})${out ? `\n${out}` : ''}`;
  return { status: 'failed', exitCode: last.exitCode, captures: {}, reason: 'wait timed out', message, error: new StepError(message) };
}

// A host that is down for a moment (a reboot being waited for) is one more poll that did not
// hold; an untrusted key or a failed login is not, and ends the wait.
async function pollOnce(ctx: KindContext, command: string, timeoutMs: number): Promise<ExecResult> {
  const started = Date.now();
  try {
    return await exec(ctx, command, timeoutMs);
  } catch (e) {
    if (!(e instanceof HostError) || !e.transient) throw e;
    ctx.log('info', `${e.message}\n`);
    return { exitCode: null, timedOut: false, canceled: false, stdout: '', stderr: e.message, durationMs: Date.now() - started };
  }
}

async function runConfirm(ctx: KindContext, message: string, defaultYes: boolean): Promise<StepOutcome> {
  if (ctx.yes) return { status: 'ok', exitCode: 0, captures: {}, reason: 'confirmed by --yes', message };
  if (!ctx.prompt) {
    const error = new InputError(`confirmation needed: ${message}`, { hint: 'run from a terminal to answer, or pass --yes after reviewing the plan (opsctl plan ...)' });
    return { status: 'failed', exitCode: null, captures: {}, reason: 'needs --yes', message: error.message, error };
  }
  const answer = await ctx.prompt(`${message} ${defaultYes ? '[Y/n]' : '[y/N]'} `);
  if (answer) return { status: 'ok', exitCode: 0, captures: {}, reason: 'confirmed', message };
  const error = new StepError(`not confirmed: ${message}`, { hint: 'nothing after this gate ran; resume the run when ready' });
  return { status: 'failed', exitCode: null, captures: {}, reason: 'declined', message: error.message, error };
}

async function runEdit(ctx: KindContext, a: Extract<PlanStep['action'], { kind: 'edit' }>): Promise<StepOutcome> {
  const { step, values } = ctx;
  const path = values.finish(a.path, step.host);
  const read = await exec(ctx, `cat -- ${shellQuote(path)}`);
  const bad = failureOf(read, `read ${path}`);
  if (bad) return bad;
  const ops = a.ops.map((op) => resolveEditOp(op, (p) => values.finish(p, step.host))!);
  let result;
  try {
    result = applyEdits(read.stdout, ops);
  } catch (e) {
    const message = `edit ${path}: ${(e as Error).message}`;
    return { status: 'failed', exitCode: null, captures: {}, reason: 'edit failed', message, error: new StepError(message) };
  }
  const diff = unifiedDiff(read.stdout, result.text, { oldLabel: `${step.host}:${path}`, newLabel: `${step.host}:${path}` });
  const notes = result.notes.join('; ');
  if (!result.changed) return { status: 'ok', exitCode: 0, captures: {}, reason: 'already as wanted', message: notes || undefined };
  if (ctx.dryEdit) return { status: 'skipped', exitCode: null, captures: {}, reason: 'check: would change', diff, message: notes || undefined };
  if (a.backup) {
    // Named by the run's start and the step, so a step run again after a crash keeps one backup.
    const backup = `${path}.opsctl-${runStamp(ctx.runId)}-${step.seq}.bak`;
    const cp = await exec(ctx, `cp -p -- ${shellQuote(path)} ${shellQuote(backup)}`);
    const cpBad = failureOf(cp, `back up ${path}`);
    if (cpBad) return cpBad;
    ctx.log('info', `backup kept at ${backup}\n`);
  }
  await ctx.transport.put({ data: Buffer.from(result.text) }, path, { sudo: step.sudo, signal: ctx.signal });
  ctx.log('info', diff);
  return { status: 'changed', exitCode: 0, captures: {}, diff, message: notes || undefined };
}

function runStamp(runId: string | undefined): string {
  const m = runId ? /^(\d{8})-(\d{6})-/.exec(runId) : null;
  return m ? `${m[1]}T${m[2]}` : new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
