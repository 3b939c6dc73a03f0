// `opsctl runs show ID -f`: follows a run another process is executing (a detached one, or one in
// another terminal), line by line from its journal, until it ends (exit code of the run) or its
// process dies (crashed, exit 1). Read-only: it never takes the run's lock.
import type { GlobalOptions } from '../global-options.js';
import { readJournal } from '../../state/journal.js';
import { replayJournal } from '../../state/replay.js';
import { isDeadHere } from '../../state/process-alive.js';
import { formatDuration } from '../../report/format.js';
import { escapeTerminal as esc } from '../../report/escape.js';
import { toSafeJson } from '../../report/json.js';
import type { JournalEntry } from '../../state/journal-schema.js';
import { makeRedactor } from '../../state/redact.js';

const POLL_MS = 250;

export async function followRun(runDir: string, runId: string, output: GlobalOptions['output']): Promise<number> {
  let shown = 0;
  // Journals written by older versions kept some values as given.
  const redact = makeRedactor([]);
  for (;;) {
    const { entries } = readJournal(runDir);
    for (const e of entries.slice(shown)) process.stdout.write(redact(output === 'json' ? toSafeJson(e) : line(e)) + '\n');
    shown = entries.length;
    const end = [...entries].reverse().find((e) => e.type === 'run.end');
    const state = replayJournal(entries);
    if (end && end.type === 'run.end' && state.status !== 'running') return end.exitCode;
    if (state.status === 'running' && isDeadHere(state.writer)) {
      process.stderr.write(`run ${runId} crashed: its process ${state.pid} is gone; resume with: opsctl resume ${runId}\n`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function line(e: JournalEntry): string {
  const at = e.ts.slice(11, 19);
  switch (e.type) {
    case 'run.start':
      return `${at} run ${esc(e.runId)}: ${esc(e.runbook)} (pid ${e.pid} on ${esc(e.hostname)})`;
    case 'run.resume':
      return `${at} resumed (pid ${e.pid} on ${esc(e.hostname)})`;
    case 'step.start':
      return `${at} [start]   ${esc(e.host)}  ${esc(e.key)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'step.end': {
      const state = e.unknown ? 'unknown' : e.status;
      const why = e.recovered ? '  read back from its host' : e.commandOk ? '  command ok, capture failed' : '';
      return `${at} ${`[${state}]`.padEnd(9)} ${esc(e.host)}  ${esc(e.key)}${e.exitCode !== null && e.status === 'failed' ? `  exit ${e.exitCode}` : ''}  (${formatDuration(e.durationMs)})${why}`;
    }
    case 'step.mark':
      return `${at} [marked]  ${esc(e.key)} ${e.state} by ${esc(e.user ?? 'hand')}: ${esc(e.reason)}`;
    case 'step.undo':
      return `${at} [undo ${e.status}] ${esc(e.host)}  ${esc(e.key)}`;
    case 'run.end':
      return `${at} run ${e.status} (exit ${e.exitCode})${e.failedStep ? ` at ${esc(e.failedStep)}` : ''}`;
    default:
      return `${at} ${(e as { type: string }).type}`;
  }
}
