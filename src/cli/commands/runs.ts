// `opsctl runs`: every run in the state dir, newest first.
import type { GlobalOptions } from '../global-options.js';
import { listRuns } from '../../state/runs.js';
import { resolveStateDir } from '../../state/paths.js';

export default async function runs(g: GlobalOptions): Promise<number> {
  const list = listRuns(resolveStateDir(g.stateDir));
  if (g.output === 'json') {
    // The event stream's key for a run id is runId; `opsctl runs -o json | jq -r .runId`.
    for (const { id, ...rest } of list) process.stdout.write(JSON.stringify({ runId: id, ...rest }) + '\n');
    return 0;
  }
  if (list.length === 0) {
    process.stdout.write('no runs yet\n');
    return 0;
  }
  const rows = list.map((r) => [r.id, r.runbook, r.status, r.started.replace('T', ' ').replace(/\..*/, ''), r.failedStep ?? '']);
  const head = ['RUN', 'RUNBOOK', 'STATUS', 'STARTED', 'FAILED STEP'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) process.stdout.write(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
  return 0;
}
