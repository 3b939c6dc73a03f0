// What a domain command prints after its run: the captures that are its results (an archive and
// its sha256, a snapshot's hash and key count, a warning to act on), per host, read back from the
// run's journal so a resumed run reports the values captured before it stopped.
import type { Reporter } from '../engine/events.js';
import { readJournal } from '../state/journal.js';
import { replayJournal } from '../state/replay.js';
import { runDir } from '../state/paths.js';
import type { DomainCommand, SummaryItem } from './domain-commands.js';
import { readPlan } from '../state/runs.js';

export function reportSummary(reporter: Reporter, stateDir: string, runId: string, items: SummaryItem[]): void {
  if (items.length === 0) return;
  let steps;
  try {
    steps = replayJournal(readJournal(runDir(stateDir, runId)).entries).steps;
  } catch {
    return; // no journal (nothing ran): nothing to report
  }
  // Latest non-empty value per host and capture, in journal order.
  const byHost = new Map<string, Record<string, string>>();
  for (const rec of steps.values()) {
    if (rec.state !== 'done' && rec.state !== 'skipped') continue;
    const mine = byHost.get(rec.host) ?? {};
    for (const [k, v] of Object.entries(rec.captures)) if (v !== '') mine[k] = v;
    byHost.set(rec.host, mine);
  }
  const width = Math.max(...items.map((i) => (i.label ?? i.capture).length));
  for (const [host, captures] of [...byHost].sort(([a], [b]) => a.localeCompare(b))) {
    for (const item of items) {
      const value = captures[item.capture];
      if (value === undefined) continue;
      reporter.emit({ type: 'message', level: item.level ?? 'info', text: `${host}  ${(item.label ?? item.capture).padEnd(width)}  ${value}` });
    }
  }
}

// The summary captures, then what the command's own report makes of the plan and the journal.
export async function reportAfterRun(reporter: Reporter, stateDir: string, runId: string, items: SummaryItem[], report?: DomainCommand['report']): Promise<void> {
  reportSummary(reporter, stateDir, runId, items);
  if (!report) return;
  const dir = runDir(stateDir, runId);
  let run;
  try {
    run = { plan: readPlan(dir), state: replayJournal(readJournal(dir).entries) };
  } catch {
    return;
  }
  for (const m of (await report())(run)) reporter.emit({ type: 'message', level: m.level, text: m.text });
}
