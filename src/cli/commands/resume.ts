// `opsctl resume <run-id>`: rebuild the run's state from its journal and continue it with the plan
// it was started with (DESIGN.md §4): completed steps are skipped with their captures restored,
// failed steps run again, unknown steps only when idempotent or with --retry-unknown.
import { existsSync, readFileSync } from 'node:fs';
import type { GlobalOptions, HostFailureFlags } from '../global-options.js';
import { InputError } from '../../errors.js';
import { findRun, readPlan } from '../../state/runs.js';
import { readJournal } from '../../state/journal.js';
import { replayJournal } from '../../state/replay.js';
import { resolveStateDir } from '../../state/paths.js';
import { digestText } from '../../runbook/load.js';
import { parseParamFlags } from '../../runbook/params.js';
import { planSteps } from '../../plan/walk.js';
import type { Plan } from '../../plan/types.js';
import type { PriorStep } from '../../engine/run-plan.js';
import { openSession } from '../session.js';
import { runJournaled } from '../run-journaled.js';
import { hostFailureFromFlags, requireAnswerableGates } from '../execute.js';
import { askSecret } from '../prompt.js';
import { reportAfterRun } from '../run-summary.js';
import { DOMAIN_COMMANDS } from '../domain-commands.js';
import '../domain-table.js';

interface ResumeFlags extends HostFailureFlags {
  retryUnknown?: boolean;
  force?: boolean;
  param: string[];
}

export default async function resume(g: GlobalOptions, id: string, flags: ResumeFlags): Promise<number> {
  const stateDir = resolveStateDir(g.stateDir);
  const { runDir } = findRun(stateDir, id);
  const plan = readPlan(runDir);
  const { entries } = readJournal(runDir);
  const state = replayJournal(entries);
  if (state.status === 'succeeded') {
    process.stderr.write(`run ${state.runId} already succeeded; nothing to resume\n`);
    return 0;
  }
  checkSources(plan, Boolean(flags.force));
  // `--keep-going` / `--max-failed` apply to this attempt; the saved plan keeps what the run began with.
  const override = hostFailureFromFlags(flags);
  if (override) plan.hostFailureOverride = override;
  const secrets = await collectSecrets(plan, parseParamFlags(flags.param));
  requireAnswerableGates(plan, g);

  const prior = new Map<string, PriorStep>();
  for (const [key, rec] of state.steps) prior.set(key, { state: rec.state });
  // Restore captures in plan order, per host, so later steps see what earlier ones captured.
  const captures = planSteps(plan)
    .map((s) => ({ step: s, rec: state.steps.get(s.key) }))
    .filter(({ rec }) => rec && (rec.state === 'done' || rec.state === 'skipped'))
    .map(({ step, rec }) => ({ host: step.host, captures: rec!.captures }));

  const session = await openSession(g);
  try {
    const code = await runJournaled({
      plan,
      secrets,
      g,
      session,
      resume: { prior, captures, retryUnknown: Boolean(flags.retryUnknown), force: Boolean(flags.force), clusters: state.clusters },
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
