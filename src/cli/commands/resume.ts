// `opsctl resume <run-id>`: continue a run with the plan it was started with (DESIGN.md §4). The
// run's locks are taken before its journal is read, so two resumes cannot both act on the same
// past; the saved plan must match its digest and the journal; completed steps are skipped with
// their real captures restored, undecided ones are settled by asking their hosts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions, HostFailureFlags } from '../global-options.js';
import { InputError } from '../../errors.js';
import { findRun, PLAN_FILE, readPlan } from '../../state/runs.js';
import { readJournal } from '../../state/journal.js';
import { replayJournal, type RunState } from '../../state/replay.js';
import { resolveStateDir } from '../../state/paths.js';
import { acquireLocks } from '../../state/lock.js';
import { loadCaptures } from '../../state/captures-file.js';
import { digestText } from '../../runbook/load.js';
import { parseParamFlags } from '../../runbook/params.js';
import { planSteps } from '../../plan/walk.js';
import { verifySavedPlan } from '../../plan/verify.js';
import type { Plan } from '../../plan/types.js';
import type { PriorStep } from '../../engine/run-plan.js';
import { openSession } from '../session.js';
import { runJournaled } from '../run-journaled.js';
import { hostFailureFromFlags, requireAnswerableGates } from '../execute.js';
import { askSecret } from '../prompt.js';
import { reportAfterRun } from '../run-summary.js';
import { reportSummary } from '../run-summary.js';
import { parseMarks, writeMarks } from '../resume-marks.js';
import { isDetachedChild, launchDetached } from '../detach.js';
import { DOMAIN_COMMANDS } from '../domain-commands.js';
import '../domain-table.js';

interface ResumeFlags extends HostFailureFlags {
  retryUnknown?: boolean;
  force?: boolean;
  param: string[];
  mark?: string[];
  reason?: string;
  detach?: boolean;
}

const MASK = '***';

export default async function resume(g: GlobalOptions, id: string, flags: ResumeFlags): Promise<number> {
  const stateDir = resolveStateDir(g.stateDir);
  const { runId, runDir } = findRun(stateDir, id);
  const plan = readPlan(runDir);
  verifySavedPlan(plan, join(runDir, PLAN_FILE), { runId });
  checkSources(plan, Boolean(flags.force));
  // `--keep-going` / `--max-failed` apply to this attempt; the saved plan keeps what the run began with.
  const override = hostFailureFromFlags(flags);
  if (override) plan.hostFailureOverride = override;
  const marks = parseMarks(plan, flags.mark ?? [], flags.reason);
  const secrets = await collectSecrets(plan, parseParamFlags(flags.param));
  requireAnswerableGates(plan, g);
  if (flags.detach && !isDetachedChild()) {
    requireAnswerableGates(plan, g, false);
    return launchDetached(g, stateDir, runId, 'run.resume');
  }

  const locks = acquireLocks(stateDir, plan.locks, { runId: plan.runId, pid: process.pid });
  let state: RunState;
  try {
    state = replayJournal(readJournal(runDir).entries);
    verifySavedPlan(plan, join(runDir, PLAN_FILE), { runId, planDigest: state.planDigest });
    if (state.status === 'succeeded') {
      locks.release();
      process.stderr.write(`run ${state.runId} already succeeded; nothing to resume\n`);
      return 0;
    }
    if (marks.length > 0) {
      writeMarks(runDir, marks);
      state = replayJournal(readJournal(runDir).entries);
    }
  } catch (e) {
    locks.release();
    throw e;
  }

  const real = loadCaptures(runDir);
  const prior = new Map<string, PriorStep>();
  const captures: Array<{ host: string; captures: Record<string, string> }> = [];
  // In plan order, per host, so later steps see what earlier ones captured.
  for (const step of planSteps(plan)) {
    const rec = state.steps.get(step.key);
    if (!rec) continue;
    const p: PriorStep = { state: rec.state, rec: rec.rec, commandOk: rec.commandOk, marked: rec.marked };
    if (rec.state === 'done' || rec.state === 'skipped') {
      // Never restore a mask: without the real values the step counts as undecided.
      const values = real.get(step.key) ?? rec.captures;
      if (Object.values(values).some((v) => v.includes(MASK))) Object.assign(p, { state: 'failed', commandOk: true, capturesLost: true });
      else captures.push({ host: step.host, captures: values });
    }
    prior.set(step.key, p);
  }

  const session = await openSession(g);
  try {
    const code = await runJournaled({
      plan,
      secrets,
      g,
      session,
      resume: { prior, captures, retryUnknown: Boolean(flags.retryUnknown), force: Boolean(flags.force), clusters: state.clusters, locks },
    });
    // A domain command's results (archive, snapshot hash, ...) are printed after a resume too.
    const cmd = DOMAIN_COMMANDS.find((c) => c.runbook === plan.runbook.name);
    await reportAfterRun(session.reporter, session.stateDir, plan.runId, cmd?.summary ?? [], cmd?.report);
    return code;
  } finally {
    session.dispose();
    session.reporter.close();
  }
}

function checkSources(plan: Plan, force: boolean): void {
  const changed = plan.sources.filter((s) => !existsSync(s.file) || digestText(readFileSync(s.file, 'utf8')) !== s.digest);
  if (changed.length === 0 || force) return;
  throw new InputError(
    changed.map((s) => ({ file: s.file, message: existsSync(s.file) ? `runbook changed since run ${plan.runId} started (was ${s.digest.slice(0, 19)}…)` : `runbook is gone since run ${plan.runId} started` })),
    { hint: 'resume continues the plan the run started with; start a new run for the new runbook, or pass --force to continue the saved plan anyway' },
  );
}

export async function collectSecrets(plan: Plan, given: Record<string, string>): Promise<Record<string, unknown>> {
  const secrets: Record<string, unknown> = {};
  for (const name of plan.secretParams) {
    const env = process.env[`OPSCTL_SECRET_${name.toUpperCase()}`];
    if (given[name] !== undefined) secrets[name] = given[name];
    else if (env !== undefined) secrets[name] = env;
    else if (process.stdin.isTTY) secrets[name] = await askSecret(`secret param ${name}: `);
  }
  const missing = plan.secretParams.filter((n) => secrets[n] === undefined);
  if (missing.length) {
    throw new InputError(`secret params are not journaled; resume needs them again: ${missing.join(', ')}`, {
      hint: missing.map((n) => `-p ${n}=... or OPSCTL_SECRET_${n.toUpperCase()}`).join(', '),
    });
  }
  return secrets;
}
