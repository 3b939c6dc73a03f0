// `opsctl resume ID --mark STEP=done|skip --reason TEXT`: the operator checked a step by hand and
// says what became of it. Each mark is journaled (with the reason and who gave it) before the run
// continues, and `runs show` shows it.
import { userInfo } from 'node:os';
import { InputError } from '../errors.js';
import type { Plan, PlanStep } from '../plan/types.js';
import { planSteps } from '../plan/walk.js';
import { JournalWriter } from '../state/journal.js';
import { makeRedactor } from '../state/redact.js';

export interface Mark {
  step: PlanStep;
  state: 'done' | 'skip';
  reason: string;
}

// STEP is a step key (`backup/copy@master-0`), or a step id or key prefix naming exactly one instance.
export function parseMarks(plan: Plan, specs: string[], reason: string | undefined): Mark[] {
  if (specs.length === 0) {
    if (reason !== undefined) throw new InputError('--reason goes with --mark', { hint: 'opsctl resume ID --mark STEP=done --reason "checked by hand: ..."' });
    return [];
  }
  if (!reason?.trim()) throw new InputError('--mark needs --reason: say why, it is kept in the journal', { hint: `e.g. --reason "member already removed, checked with etcdctl member list"` });
  const steps = planSteps(plan);
  return specs.map((spec) => {
    const m = /^(.+)=(done|skip)$/.exec(spec);
    if (!m) throw new InputError(`--mark ${JSON.stringify(spec)}: expected STEP=done or STEP=skip`, { hint: 'STEP is a step key from `opsctl runs show ID`' });
    const found = steps.filter((s) => s.key === m[1]);
    const byId = found.length ? found : steps.filter((s) => s.id === m[1] || s.key.startsWith(m[1]));
    if (byId.length !== 1) {
      const listed = byId.length ? `it matches ${byId.length} steps: ${byId.slice(0, 5).map((s) => s.key).join(', ')}` : 'no step of this run has that key or id';
      throw new InputError(`--mark ${m[1]}: ${listed}`, { hint: 'give the full step key as `opsctl runs show ID` prints it' });
    }
    return { step: byId[0], state: m[2] as 'done' | 'skip', reason: reason.trim() };
  });
}

// Journals the marks, durably, under the lock the resume already holds.
export function writeMarks(runDir: string, marks: Mark[]): void {
  const redact = makeRedactor([]);
  const writer = JournalWriter.open(runDir);
  try {
    for (const m of marks) {
      writer.append({ type: 'step.mark', key: m.step.key, stepId: m.step.id, host: m.step.host, state: m.state, reason: redact(m.reason).slice(0, 2000), user: userInfo().username });
    }
  } finally {
    writer.close();
  }
}
