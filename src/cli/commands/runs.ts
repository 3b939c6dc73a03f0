// `opsctl runs`: every run in the state dir, newest first.
import type { GlobalOptions } from '../global-options.js';
import { listRuns } from '../../state/runs.js';
import { resolveStateDir } from '../../state/paths.js';
import { escapeTerminal } from '../../report/escape.js';
import { toSafeJson } from '../../report/json.js';

export default async function runs(g: GlobalOptions): Promise<number> {
  const list = listRuns(resolveStateDir(g.stateDir));
  if (g.output === 'json') {
    // The event stream's key for a run id is runId; `opsctl runs -o json | jq -r .runId`.
    for (const { id, ...rest } of list) process.stdout.write(toSafeJson({ runId: id, ...rest }) + '\n');
    return 0;
  }
  if (list.length === 0) {
    process.stdout.write('no runs yet\n');
    return 0;
  }
  // A failed step's key may carry a foreach item from a host: escaped like all remote text.
  const rows = list.map((r) => [r.id, r.runbook, r.status, r.started.replace('T', ' ').replace(/\..*/, ''), r.failedStep ?? ''].map(escapeTerminal));
  const head = ['RUN', 'RUNBOOK', 'STATUS', 'STARTED', 'FAILED STEP'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) process.stdout.write(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
  return 0;
}
