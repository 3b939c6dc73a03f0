// `opsctl rehearse RUNBOOK|DOMAIN-COMMAND [flags] --lab`: runs the command on a fresh lab, then
// again killing opsctl at the start and in the middle of every step in turn (with --faults: also
// breaking the step's host), resuming each time with no flags, and compares every trial's end
// state with the uninterrupted run's. Exit 0 only when every trial converged.
import type { GlobalOptions } from '../global-options.js';
import { ExitCode, InputError } from '../../errors.js';
import { builtinRunbooksDir } from '../../runbook/catalog.js';
import { parseRehearseArgs } from '../../rehearse/args.js';
import { builtinScenarios, loadScenario, uncovered, type Scenario } from '../../rehearse/scenario.js';
import { pointName, samplePoints } from '../../rehearse/kill-points.js';
import { referenceRun, runTrial, teardownAll, type Reference, type Trial } from '../../rehearse/trial.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderTotals, tableHeader, tableRow, totals } from '../../rehearse/report.js';
import type { Fault } from '../../rehearse/faults.js';
import { DOMAIN_COMMANDS } from '../domain-commands.js';
import '../domain-table.js';

export default async function rehearse(g: GlobalOptions): Promise<number> {
  const argv = process.argv.slice(process.argv.indexOf('rehearse') + 1);
  const a = parseRehearseArgs(argv);
  const json = a.output === 'json' || g.output === 'json';
  const say = (text: string) => process.stderr.write(`${text}\n`);
  let scenarios: Scenario[] = a.all ? builtinScenarios(builtinRunbooksDir()) : a.scenario ? [loadScenario(a.scenario)] : [adHoc(a.command, a.labFlags)];
  const missing = a.all ? uncovered(builtinRunbooksDir(), scenarios) : [];
  const unknown = a.except.filter((n) => !scenarios.some((s) => s.runbook === n));
  if (unknown.length) throw new InputError(`rehearse: --except ${unknown.join(',')}: no built-in scenario of that name`, { hint: `scenarios: ${scenarios.map((s) => s.runbook).join(', ')}` });
  scenarios = scenarios.filter((s) => !a.except.includes(s.runbook));
  if (missing.length) say(`warning: built-in runbooks without a rehearsal scenario (runbooks/rehearse/<name>.yaml): ${missing.join(', ')}`);
  // Ctrl-C: no new trials; the labs that are up are taken down before exiting. `on`, not `once`:
  // execa's exit hook re-raises a signal that has no other listener left, which ended the process
  // before any lab was down.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('rehearse: interrupted; taking the labs down');
    void teardownAll().finally(() => process.exit(ExitCode.interrupted));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (!json) process.stdout.write(tableHeader() + '\n');
  const all: Trial[] = [];
  const emit = (t: Trial) => {
    // After Ctrl-C the trials still finishing were cut short by it (their opsctl killed, their lab
    // taken down): they are not results, and a "trial broken" row would say they were.
    if (stopping) return;
    all.push(t);
    process.stdout.write((json ? JSON.stringify({ type: 'trial', ...t }) : tableRow(t)) + '\n');
  };
  // A reference run queues its scenario's trials; `--jobs` labs are worked on at once.
  const queue: Array<() => Promise<void>> = scenarios.map((s) => async () => {
    let ref: Reference;
    try {
      ref = await referenceRun(s);
    } catch (e) {
      emit({ runbook: s.runbook, step: '(uninterrupted run)', point: 'none', verdict: 'broken', resumed: 'failed', differences: [], leftovers: [], note: (e as Error).message.slice(0, 400), ms: 0 });
      return;
    }
    let points = samplePoints(ref.points, s.sample, a.sample);
    if (a.points.length) points = points.filter((p) => a.points.includes(pointName(p)) || a.points.includes(p.key));
    say(`${s.runbook}: uninterrupted run in ${(ref.ms / 1000).toFixed(1)}s; ${ref.points.length} kill points, trying ${points.length}${a.faults ? ' (and host faults in the middle of each)' : ''}`);
    for (const p of points) {
      queue.push(async () => emit(await runTrial(s, ref, p)));
      if (a.faults && p.at === 'middle') for (const f of ['sshd', 'etcd'] as Fault[]) queue.push(async () => emit(await runTrial(s, ref, p, f)));
    }
  });
  let active = 0;
  const worker = async () => {
    while (!stopping && (queue.length > 0 || active > 0)) {
      const task = queue.shift();
      if (!task) {
        await sleep(100);
        continue;
      }
      active++;
      try {
        await task();
      } finally {
        active--;
      }
    }
  };
  await Promise.all(Array.from({ length: a.jobs }, worker));
  const t = totals(all);
  if (json) process.stdout.write(JSON.stringify({ type: 'totals', ...t, uncovered: missing }) + '\n');
  else process.stdout.write(`\n${renderTotals(t)}\n`);
  return t.trials > 0 && t.converged + t.notReached === t.trials && missing.length === 0 ? ExitCode.ok : ExitCode.stepFailed;
}

// A command line as an operator would type it: a domain command, or a runbook and its -p params.
function adHoc(command: string[], lab: Record<string, string | number>): Scenario {
  const dc = DOMAIN_COMMANDS.find((c) => c.path.every((w, i) => command[i] === w));
  const runbook = dc ? dc.runbook : command[0];
  return { runbook, lab, setup: [], command: dc ? command : ['run', ...command], env: {}, volatile: [], sample: [] };
}
