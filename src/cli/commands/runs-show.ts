// `opsctl runs show <id>`: one run's steps as the journal proves them — host, state, when each
// started, how long it took, how many attempts, where its log is. `--timeline FILE` draws the same
// history as a page; `-f` follows a live run until it ends.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalOptions } from '../global-options.js';
import { findRun, readPlan } from '../../state/runs.js';
import { readJournal } from '../../state/journal.js';
import { replayJournal } from '../../state/replay.js';
import { resolveStateDir } from '../../state/paths.js';
import { isDeadHere } from '../../state/process-alive.js';
import { buildTimeline } from '../../state/timeline.js';
import { planSteps } from '../../plan/walk.js';
import { describeAction } from '../../engine/run-plan.js';
import { formatDuration } from '../../report/format.js';
import { escapeTerminal as esc } from '../../report/escape.js';
import { renderTimelineHtml, type TimelineStepInfo } from '../../report/timeline-html.js';
import { writeFileAtomic } from '../../state/atomic.js';
import { makeRedactor, redactObject } from '../../state/redact.js';
import { followRun } from './runs-follow.js';
import { toSafeJson } from '../../report/json.js';

interface ShowFlags {
  timeline?: string;
  follow?: boolean;
}

export default async function runsShow(g: GlobalOptions, id: string, flags: ShowFlags = {}): Promise<number> {
  const { runId, runDir } = findRun(resolveStateDir(g.stateDir), id);
  if (flags.follow) return followRun(runDir, runId, g.output);
  const plan = readPlan(runDir);
  const { entries, warnings } = readJournal(runDir);
  const state = replayJournal(entries);
  const live = state.status === 'running' && !isDeadHere(state.writer);
  const status = state.status === 'running' && !live ? 'crashed' : state.status;
  const timeline = buildTimeline(entries, Date.now(), live);
  const logs = existsSync(join(runDir, 'steps')) ? readdirSync(join(runDir, 'steps')) : [];
  const planned = planSteps(plan);
  const steps = planned.map((s) => {
    const rec = state.steps.get(s.key);
    const log = logs.find((f) => f.startsWith(String(s.seq).padStart(3, '0') + '-'));
    const tries = timeline.attempts.filter((a) => a.key === s.key);
    const last = tries.at(-1);
    return {
      key: s.key,
      stepId: s.id,
      host: s.host,
      state: rec?.state ?? (last?.status === 'running' ? 'running' : 'pending'),
      status: rec?.status,
      exitCode: rec?.exitCode ?? null,
      attempts: rec?.attempts ?? 0,
      started: last ? new Date(last.start).toISOString() : undefined,
      durationMs: last ? (last.ranMs ?? last.end - last.start) : undefined,
      resumeAttempts: [...new Set(tries.map((a) => a.segment))].filter((seg) => seg > 0).length,
      captures: rec?.captures ?? {},
      error: rec?.error,
      log: log ? join(runDir, 'steps', log) : undefined,
      ...(rec?.marked ? { marked: rec.marked } : {}),
      ...(rec?.recovered ? { recovered: true } : {}),
      ...(rec?.commandOk ? { commandOk: true } : {}),
    };
  });
  if (flags.timeline) {
    const info = new Map<string, TimelineStepInfo>(planned.map((s) => {
      const log = steps.find((x) => x.key === s.key)?.log;
      return [s.key, { kind: s.action.kind, ...(s.name ? { name: s.name } : {}), command: describeAction(s), ...(log ? { outputTail: tail(log) } : {}) }];
    }));
    writeFileAtomic(flags.timeline, renderTimelineHtml({ runId, runbook: state.runbook, status, timeline, steps: info }));
    process.stderr.write(`timeline written to ${flags.timeline}\n`);
  }
  const summary = { runId, runbook: state.runbook, status, started: state.started, ended: state.ended, failedStep: state.failedStep, params: state.params, resumes: state.resumes, dir: runDir, warnings };
  if (g.output === 'json') {
    // Through the redactor like every other output: old journals kept params and errors as given.
    process.stdout.write(toSafeJson(redactObject({ ...summary, steps }, makeRedactor([]))) + '\n');
    return 0;
  }
  // Captures, messages and even step keys (foreach items) may come from a host: escape them all.
  const out: string[] = [`run ${runId}  ${esc(state.runbook)}  ${status}`, `started ${state.started}${state.ended ? `, ended ${state.ended}` : ''}${state.resumes ? `, resumed ${state.resumes}×` : ''}`, `dir ${esc(runDir)}`];
  if (state.failedStep) out.push(esc(`failed at ${state.failedStep}${state.message ? `: ${state.message.split('\n')[0]}` : ''}`));
  out.push('');
  const rows = steps.map((s) => [
    s.state,
    s.key.replace(/@[^@]*$/, ''),
    s.host,
    s.started ? s.started.slice(11, 19) : '',
    s.durationMs !== undefined ? formatDuration(s.durationMs) : '',
    s.attempts ? `${s.attempts}${s.resumeAttempts ? ` (${s.resumeAttempts} on resume)` : ''}` : '',
    s.exitCode !== null ? String(s.exitCode) : '',
    s.log ? `steps/${s.log.split('/').pop()}` : '',
    stepNotes(s),
  ]);
  const head = ['STATE', 'STEP', 'HOST', 'START', 'TOOK', 'TRIES', 'EXIT', 'LOG', 'NOTE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) out.push(row.map((c, i) => esc(c).padEnd(widths[i])).join('  ').trimEnd());
  const caps = steps.filter((s) => Object.keys(s.captures).length > 0);
  if (caps.length > 0) {
    out.push('', 'captures:');
    for (const s of caps) out.push(`  ${esc(s.key)}  ${Object.entries(s.captures).map(([k, v]) => `${k}=${esc(v.length > 40 ? v.slice(0, 40) + '…' : v)}`).join(' ')}`);
  }
  if (status === 'failed' || status === 'interrupted' || status === 'crashed') out.push('', `resume with: opsctl resume ${runId}`);
  if (live) out.push('', `still running: opsctl runs show ${runId} -f`);
  // Through the redactor: journals written by older versions kept values as given.
  process.stdout.write(makeRedactor([])(out.join('\n')) + '\n');
  return 0;
}

function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').slice(-lines).join('\n').slice(-2000);
  } catch {
    return '';
  }
}

// Why a step stands as it does, when the journal knows more than its state: marked by hand, read
// back from its host, or its command succeeded before a capture failed.
function stepNotes(s: { marked?: { state: string; user?: string; reason: string }; recovered?: boolean; commandOk?: boolean }): string {
  const notes = [s.marked ? `marked ${s.marked.state} by ${s.marked.user ?? 'hand'}: ${s.marked.reason}` : '', s.recovered ? 'read back from its host' : '', s.commandOk ? 'command ok, capture failed' : ''];
  return notes.filter(Boolean).join('; ');
}
