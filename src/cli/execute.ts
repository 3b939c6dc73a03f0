// The stages of `run`, `plan` and the domain commands, in the order they happen:
// load → inventory → compile → (dry-run stops here) → lock → journal → execute → report.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions, HostFailureFlags } from './global-options.js';
import type { Plan, PlanNote } from '../plan/types.js';
import type { Fact } from '../plan/saved-plan.js';
import { writeSavedPlan } from './saved-plan-io.js';
import { inventorySources } from './inventory-option.js';
import { requireKnownHosts } from './known-host-names.js';
import { InputError } from '../errors.js';
import { resolveRunbookRef, resolveIncludeRef } from '../runbook/catalog.js';
import { loadRunbookFile } from '../runbook/load-file.js';
import { parseParamFlags } from '../runbook/params.js';
import { loadInventoryOption } from './inventory-option.js';
import { compilePlan } from '../plan/compile.js';
import { planEvents } from '../plan/plan-events.js';
import { planSteps } from '../plan/walk.js';
import { isValidRunId, newRunId } from '../state/run-id.js';
import { writeFileAtomic } from '../state/atomic.js';
import { makeRedactor } from '../state/redact.js';
import { RunIdTakenError } from '../state/runs.js';
import { RunValues } from '../engine/values.js';
import { redactingReporter } from '../engine/redacting-reporter.js';
import { redactPlanText } from '../plan/redact-plan.js';
import { openSession, type Session } from './session.js';
import { isDetachedChild, launchDetached } from './detach.js';
import { resolveStateDir } from '../state/paths.js';
import { runJournaled, runChecked } from './run-journaled.js';
import { terminalPrompt } from './prompt.js';
import { reportAfterRun } from './run-summary.js';
import type { DomainCommand, SummaryItem } from './domain-commands.js';
import { describeRunPolicy, overrideFromFlags } from '../plan/host-failure.js';
import type { HostFailurePolicy } from '../plan/types.js';

export interface ExecuteRequest {
  ref: string;
  params: Record<string, unknown>;
  mode: 'dry-run' | 'check' | 'run';
  /** Captures to print after a real run (domain commands). */
  summary?: SummaryItem[];
  /** Plan-time facts and verdicts (domain commands), shown at the end of the plan view. */
  notes?: PlanNote[];
  /** The plan view with every command. */
  showCommands?: boolean;
  /** Save the plan (with its fingerprints) for `opsctl apply`; dry-run and --check only. */
  out?: string;
  /** `--keep-going` / `--max-failed`. */
  hostFailure?: HostFailurePolicy;
  report?: DomainCommand['report'];
  /** Go on in the background (detach.ts). */
  detach?: boolean;
}

export { loadInventoryOption } from './inventory-option.js';

export function compileRequest(req: ExecuteRequest, g: GlobalOptions, now = new Date()) {
  const file = resolveRunbookRef(req.ref, process.cwd());
  const loaded = loadRunbookFile(file);
  const inventory = loadInventoryOption(g);
  // A detached run (`--detach`) is started with the id its launcher already showed the operator.
  const runId = process.env.OPSCTL_RUN_ID && isValidRunId(process.env.OPSCTL_RUN_ID) ? process.env.OPSCTL_RUN_ID : newRunId(loaded.runbook.metadata.name, now);
  return compilePlan({
    loaded,
    params: req.params,
    inventory,
    runId,
    now,
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    hostFailure: req.hostFailure,
    // A copy source is only checked for existence: it may be a binary of any size (a snapshot).
    reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined), exists: (p) => existsSync(p) && statSync(p).isFile() },
  });
}

export async function executeRunbook(g: GlobalOptions, req: ExecuteRequest): Promise<number> {
  if (req.out && req.mode === 'run') throw new InputError('--out saves a plan: use it with opsctl plan, --dry-run or --check', { hint: 'then run it with: opsctl apply FILE' });
  const compiled = compileRequest(req, g);
  const { secrets } = compiled;
  const redact = makeRedactor(new RunValues(secrets).secretValues());
  // What people read (an edit's diff) goes through the redactor before it is shown or saved.
  const prepare = (p: Plan): Plan => {
    const out = redactPlanText(p, redact);
    if (req.notes?.length) out.notes = req.notes;
    return out;
  };
  let plan = prepare(compiled.plan);
  await requireKnownHosts(plan, g);
  if (req.mode === 'run') requireAnswerableGates(plan, g);
  if (req.mode === 'run' && req.detach && !isDetachedChild()) {
    // Nobody will be there to answer a gate: --yes after reviewing the plan, or no detach.
    requireAnswerableGates(plan, g, false);
    return launchDetached(g, resolveStateDir(g.stateDir), plan.runId, 'run.start');
  }
  const session = await openSession(g, { showCommands: req.showCommands });
  try {
    if (req.mode === 'dry-run') {
      const shown = { ...session, reporter: redactingReporter(session.reporter, redact) };
      return showPlan(plan, shown, req.out ? () => saveFor(req.out!, plan, g) : undefined);
    }
    if (req.mode === 'check') {
      const facts = req.out ? new Map<string, Fact>() : undefined;
      const code = await runChecked(plan, secrets, g, session, facts);
      if (req.out && code === 0) session.reporter.emit({ type: 'message', level: 'info', text: `plan saved to ${saveFor(req.out, plan, g, facts)}; run it with: opsctl apply ${req.out}` });
      return code;
    }
    let code: number;
    for (let draw = 1; ; draw++) {
      try {
        code = await runJournaled({ plan, secrets, g, session, resume: undefined });
        break;
      } catch (e) {
        // Two runs drew the same id in the same second: draw again (the directory is never shared).
        if (!(e instanceof RunIdTakenError) || draw >= 3) throw e;
        plan = prepare(compileRequest(req, g).plan);
      }
    }
    await reportAfterRun(session.reporter, session.stateDir, plan.runId, req.summary ?? [], req.report);
    return code;
  } finally {
    session.dispose();
    session.reporter.close();
  }
}

/** A run that will meet a confirm gate it cannot ask about fails before it starts (exit 2). */
export function requireAnswerableGates(plan: Plan, g: GlobalOptions, terminal = Boolean(terminalPrompt())): void {
  if (g.yes || terminal) return;
  const gate = planSteps(plan).find((s) => s.action.kind === 'confirm');
  if (gate) {
    throw new InputError(`step ${gate.key} is a confirm gate and there is no terminal to ask on`, {
      hint: `review the plan (opsctl plan ...), then pass --yes; nothing was run`,
    });
  }
}

function saveFor(out: string, plan: Plan, g: GlobalOptions, facts?: Map<string, Fact>): string {
  return writeSavedPlan(out, plan, loadInventoryOption(g), inventorySources(g), facts);
}

export function showPlan(plan: Plan, session: Session, save?: () => string): number {
  const { reporter } = session;
  reporter.emit({ type: 'run.start', runId: plan.runId, runbook: plan.runbook.name, params: plan.params, mode: 'run', hostFailure: describeRunPolicy(plan) });
  for (const w of plan.warnings) reporter.emit({ type: 'message', level: 'warn', text: w });
  // Which file each cluster target's steps will use; its identity is pinned when the run starts.
  for (const h of Object.values(plan.hosts)) {
    if (h.cluster) reporter.emit({ type: 'message', level: 'info', text: `cluster ${h.name}: KUBECONFIG=${h.cluster.kubeconfig}${h.cluster.context ? ` (context ${h.cluster.context})` : ''}` });
  }
  for (const ev of planEvents(plan)) reporter.emit(ev);
  for (const note of plan.notes ?? []) reporter.emit({ type: 'plan.note', ...note });
  if (save) {
    const file = save();
    reporter.emit({ type: 'run.end', runId: plan.runId, status: 'planned', durationMs: 0, exitCode: 0, message: `plan saved to ${file}; run exactly this plan with: opsctl apply ${file}` });
    return 0;
  }
  // The plan is the only thing a dry-run writes, so it can be reviewed or diffed later.
  const file = join(session.stateDir, 'plans', `${plan.runId}.json`);
  try {
    mkdirSync(join(session.stateDir, 'plans'), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, JSON.stringify(plan, null, 2) + '\n');
  } catch {
    // A read-only state dir must not stop an operator from seeing the plan.
  }
  reporter.emit({ type: 'run.end', runId: plan.runId, status: 'planned', durationMs: 0, exitCode: 0, message: `plan saved to ${file}` });
  return 0;
}

export function paramsFromFlags(flags: string[]): Record<string, unknown> {
  return parseParamFlags(flags);
}

// `--keep-going` / `--max-failed` as the plan's override; a bad --max-failed is bad input (exit 2).
export function hostFailureFromFlags(flags: HostFailureFlags): HostFailurePolicy | undefined {
  try {
    return overrideFromFlags(flags);
  } catch {
    throw new InputError(`--max-failed expects a count like 1 or a percentage like 25%, got "${flags.maxFailed}"`, {
      hint: '--max-failed 1 goes on past one failed host, --max-failed 25% past a quarter of them, --max-failed 0 stops all at the first',
    });
  }
}

export const thisHost = hostname();
