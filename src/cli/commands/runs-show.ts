// `opsctl runs show <id>`: one run's steps as the journal proves them, with where the logs are.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../global-options.js';
import { findRun, readPlan } from '../../state/runs.js';
import { readJournal } from '../../state/journal.js';
import { replayJournal } from '../../state/replay.js';
import { resolveStateDir } from '../../state/paths.js';
import { isDeadHere } from '../../state/process-alive.js';
import { planSteps } from '../../plan/walk.js';

export default async function runsShow(g: GlobalOptions, id: string): Promise<number> {
  const { runId, runDir } = findRun(resolveStateDir(g.stateDir), id);
  const plan = readPlan(runDir);
  const { entries, warnings } = readJournal(runDir);
  const state = replayJournal(entries);
  const status = state.status === 'running' && isDeadHere(state.pid, state.hostname) ? 'crashed' : state.status;
  const logs = existsSync(join(runDir, 'steps')) ? readdirSync(join(runDir, 'steps')) : [];
  const steps = planSteps(plan).map((s) => {
    const rec = state.steps.get(s.key);
    const log = logs.find((f) => f.startsWith(String(s.seq).padStart(3, '0') + '-'));
    return {
      key: s.key,
      stepId: s.id,
      host: s.host,
      state: rec?.state ?? 'pending',
      status: rec?.status,
      exitCode: rec?.exitCode ?? null,
      attempts: rec?.attempts ?? 0,
      captures: rec?.captures ?? {},
      error: rec?.error,
      log: log ? join(runDir, 'steps', log) : undefined,
    };
  });
  const summary = { runId, runbook: state.runbook, status, started: state.started, ended: state.ended, failedStep: state.failedStep, params: state.params, resumes: state.resumes, dir: runDir, warnings };
  if (g.output === 'json') {
    process.stdout.write(JSON.stringify({ ...summary, steps }) + '\n');
    return 0;
  }
  const out: string[] = [`run ${runId}  ${state.runbook}  ${status}`, `started ${state.started}${state.ended ? `, ended ${state.ended}` : ''}${state.resumes ? `, resumed ${state.resumes}×` : ''}`, `dir ${runDir}`];
  if (state.failedStep) out.push(`failed at ${state.failedStep}${state.message ? `: ${state.message.split('\n')[0]}` : ''}`);
  out.push('');
  for (const s of steps) {
    const caps = Object.entries(s.captures).map(([k, v]) => `${k}=${v.length > 40 ? v.slice(0, 40) + '…' : v}`).join(' ');
    out.push(`${s.state.padEnd(8)} ${s.key}${s.exitCode !== null ? `  exit ${s.exitCode}` : ''}${caps ? `  ${caps}` : ''}`);
  }
  if (status === 'failed' || status === 'interrupted' || status === 'crashed') out.push('', `resume with: opsctl resume ${runId}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
