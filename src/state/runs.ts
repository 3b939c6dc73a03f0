// The run store's directory layout and what `opsctl runs` shows (DESIGN.md §4): one directory per
// run with its plan and journal; a run's status comes from its journal plus whether its process lives.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError, LockError } from '../errors.js';
import { PLAN_VERSION, type Plan } from '../plan/types.js';
import { writeFileAtomic } from './atomic.js';
import { readJournal } from './journal.js';
import { runDir, runsDir } from './paths.js';
import { isDeadHere } from './process-alive.js';
import { replayJournal, type RunStateStatus } from './replay.js';

export const PLAN_FILE = 'plan.json';

// Creates the run's directory before anything is journaled; private, since logs may hold output.
// Created exclusively: a directory that exists belongs to another run and is never reused.
export function createRunDir(stateDir: string, runId: string): string {
  mkdirSync(runsDir(stateDir), { recursive: true, mode: 0o700 });
  const dir = runDir(stateDir, runId);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new RunIdTakenError(`run ${runId} was already started (${dir} exists); nothing was run`, { hint: `a new run draws a new id; a saved plan is applied once (see opsctl runs show ${runId})` });
  }
  mkdirSync(join(dir, 'steps'), { mode: 0o700 });
  return dir;
}

// The rare case of two runs drawing the same id; the caller may draw again.
export class RunIdTakenError extends LockError {}

// The plan is saved as shown, so resume executes exactly what the operator approved.
export function writePlan(dir: string, plan: Plan): void {
  writeFileAtomic(join(dir, PLAN_FILE), JSON.stringify(plan, null, 2) + '\n');
}

// Only the top of the plan is checked: it was written by us, but from a possibly older opsctl.
const planTop = z.looseObject({
  version: z.literal(PLAN_VERSION),
  runbook: z.looseObject({ name: z.string(), digest: z.string() }),
  digest: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  params: z.record(z.string(), z.unknown()),
  hosts: z.record(z.string(), z.unknown()),
  locks: z.array(z.string()),
  nodes: z.array(z.unknown()),
  final: z.array(z.unknown()),
});

// Loads a saved plan for resume and `runs show`.
export function readPlan(dir: string): Plan {
  const file = join(dir, PLAN_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: cannot read the saved plan (${(e as Error).message})`, { cause: e });
  }
  const r = planTop.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message }));
    throw new InputError(issues, { hint: `this plan was not written by this version of opsctl (expected version ${PLAN_VERSION})` });
  }
  return raw as Plan;
}

/** `planned`: a dry-run left only its plan; `corrupt`: the directory cannot be read as a run. */
export type RunSummaryStatus = RunStateStatus | 'planned' | 'corrupt';

export interface RunSummary {
  id: string;
  runbook: string;
  status: RunSummaryStatus;
  started: string;
  ended?: string;
  failedStep?: string;
  pid?: number;
  hostname?: string;
  /** Why a run is `corrupt`, or journal warnings (a dropped torn line). */
  warnings?: string[];
}

// `opsctl runs`: every run, newest first. One damaged run never hides the others.
export function listRuns(stateDir: string): RunSummary[] {
  const root = runsDir(stateDir);
  if (!existsSync(root)) return [];
  const ids = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return ids.map((id) => summarise(id, join(root, id))).sort((a, b) => b.started.localeCompare(a.started) || b.id.localeCompare(a.id));
}

function summarise(id: string, dir: string): RunSummary {
  try {
    if (!existsSync(join(dir, 'journal.jsonl')) && existsSync(join(dir, PLAN_FILE))) {
      const plan = readPlan(dir);
      return { id, runbook: plan.runbook.name, status: 'planned', started: plan.createdAt };
    }
    const { entries, warnings } = readJournal(dir);
    const s = replayJournal(entries);
    // A journal without run.end whose writer is gone on this host is a crash, not a live run.
    const status = s.status === 'running' && isDeadHere(s.writer) ? 'crashed' : s.status;
    const summary: RunSummary = { id, runbook: s.runbook, status, started: s.started, pid: s.pid, hostname: s.hostname };
    if (s.ended) summary.ended = s.ended;
    if (s.failedStep) summary.failedStep = s.failedStep;
    if (warnings.length > 0) summary.warnings = warnings;
    return summary;
  } catch (e) {
    return { id, runbook: '?', status: 'corrupt', started: '', warnings: [(e as Error).message] };
  }
}

// Lets operators type a unique prefix of a run id, as with git commits.
export function findRun(stateDir: string, idOrPrefix: string): { runId: string; runDir: string } {
  const root = runsDir(stateDir);
  const ids = existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
  const exact = ids.find((id) => id === idOrPrefix);
  const matches = exact ? [exact] : idOrPrefix.length > 0 ? ids.filter((id) => id.startsWith(idOrPrefix)) : [];
  if (matches.length === 1) return { runId: matches[0], runDir: join(root, matches[0]) };
  if (matches.length === 0) {
    throw new InputError(`no run matches ${JSON.stringify(idOrPrefix)} in ${root}`, { hint: 'list runs with `opsctl runs`' });
  }
  const list = matches.sort().reverse().map((m) => `  ${m}`).join('\n');
  throw new InputError(`${JSON.stringify(idOrPrefix)} matches ${matches.length} runs:\n${list}`, {
    hint: 'give more of the run id',
  });
}
