// `opsctl apply FILE`: run a plan saved by `opsctl plan ... --out FILE` exactly as it was shown,
// or refuse (exit 3, nothing run) when what it was made from changed since: a runbook file, the
// inventory, a param given again, or — for a plan made with --check — what the read-only steps
// find on the hosts. Like Terraform, a saved plan is applied once.
import { existsSync, readFileSync } from 'node:fs';
import type { GlobalOptions } from '../global-options.js';
import { PreconditionError } from '../../errors.js';
import { digestText } from '../../runbook/load.js';
import { parseParamFlags } from '../../runbook/params.js';
import { factChanges, inventoryChanges, inventoryFingerprint, type Fact, type SavedPlan } from '../../plan/saved-plan.js';
import { readSavedPlan, recordFacts } from '../saved-plan-io.js';
import { loadInventoryOption } from '../inventory-option.js';
import { openSession } from '../session.js';
import { runChecked, runJournaled } from '../run-journaled.js';
import { requireAnswerableGates } from '../execute.js';
import { collectSecrets } from './resume.js';
import { resolveStateDir, runDir } from '../../state/paths.js';
import { reportAfterRun } from '../run-summary.js';
import { DOMAIN_COMMANDS } from '../domain-commands.js';
import type { Reporter } from '../../engine/events.js';
import '../domain-table.js';

interface ApplyFlags {
  param: string[];
}

export default async function apply(g: GlobalOptions, file: string, flags: ApplyFlags): Promise<number> {
  const saved = readSavedPlan(file);
  const { plan } = saved;
  const given = parseParamFlags(flags.param);
  const changes = [...sourceChanges(saved), ...paramChanges(saved, given), ...inventoryChanges(saved.fingerprints, currentFingerprint(saved, g))];
  if (existsSync(runDir(resolveStateDir(g.stateDir), plan.runId))) changes.push(`this plan was already applied as run ${plan.runId} (see opsctl runs show ${plan.runId})`);
  if (changes.length > 0) throw stale(file, changes);
  const secrets = await collectSecrets(plan, Object.fromEntries(Object.entries(given).filter(([k]) => plan.secretParams.includes(k))) as Record<string, string>);
  requireAnswerableGates(plan, g);
  const session = await openSession(g);
  try {
    if (saved.madeWith === 'check') {
      const facts = new Map<string, Fact>();
      session.reporter.emit({ type: 'message', level: 'info', text: `the plan was made with --check: reading the hosts again before anything changes` });
      const quiet = quietReporter(session.reporter);
      const code = await runChecked(plan, secrets, g, { ...session, reporter: recordFacts(quiet, plan, facts) }, undefined);
      const changed = code === 0 ? factChanges(saved.fingerprints.facts ?? [], facts) : [`the check failed (exit ${code}): the hosts are not as they were`];
      if (changed.length > 0) throw stale(file, changed);
    }
    session.reporter.emit({ type: 'message', level: 'info', text: `applying the plan saved in ${file} (${plan.runbook.name}, made ${plan.createdAt})` });
    const code = await runJournaled({ plan, secrets, g, session, resume: undefined });
    const cmd = DOMAIN_COMMANDS.find((c) => c.runbook === plan.runbook.name);
    await reportAfterRun(session.reporter, session.stateDir, plan.runId, cmd?.summary ?? [], cmd?.report);
    return code;
  } finally {
    session.dispose();
    session.reporter.close();
  }
}

function sourceChanges(saved: SavedPlan): string[] {
  return saved.plan.sources.flatMap((s) => {
    if (!existsSync(s.file)) return [`runbook ${s.file} is gone`];
    const now = digestText(readFileSync(s.file, 'utf8'));
    return now === s.digest ? [] : [`runbook ${s.file} changed (${s.digest.slice(7, 19)}… → ${now.slice(7, 19)}…)`];
  });
}

function paramChanges(saved: SavedPlan, given: Record<string, unknown>): string[] {
  return Object.entries(given)
    .filter(([k]) => !saved.plan.secretParams.includes(k))
    .filter(([k, v]) => JSON.stringify(saved.plan.params[k]) !== JSON.stringify(v) && String(saved.plan.params[k]) !== String(v))
    .map(([k, v]) => `param ${k}: the plan has ${JSON.stringify(saved.plan.params[k])}, given ${JSON.stringify(v)}`);
}

function currentFingerprint(saved: SavedPlan, g: GlobalOptions) {
  const sources = saved.inventorySources;
  return inventoryFingerprint(loadInventoryOption({ ...g, inventory: sources.length > 0 ? sources.join(',') : g.inventory }));
}

function stale(file: string, changes: string[]): PreconditionError {
  return new PreconditionError(`the plan in ${file} is stale; nothing was run:\n${changes.map((c) => `  - ${c}`).join('\n')}`, {
    hint: 'make a new plan (opsctl plan ... --out FILE), review it, and apply that one',
  });
}

// The re-check prints only problems: its steps already showed when the plan was made.
function quietReporter(r: Reporter): Reporter {
  return { emit: (e) => (e.type === 'message' && e.level !== 'info' ? r.emit(e) : undefined), close: () => undefined };
}
