// One rehearsal trial on a fresh lab: setup, then the command killed at one point (or a host
// fault injected under one step), then `opsctl resume` with no flags; the end state is compared
// with the uninterrupted reference run's. Labs are always taken down.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StepError } from '../errors.js';
import { changes, compareChanges, snapshot, type ChangedTexts, type Changes, type Snapshot } from './end-state.js';
import { faultApplies, inject, type Fault } from './faults.js';
import { hookValue, killPoints, type KillPoint } from './kill-points.js';
import { RECORD_BASE } from '../engine/host-record.js';
import { labDown, labHosts, labUp, local, opsctl, ssh, startOpsctl, rehearsalStopping, stopTrialCommands } from './lab-driver.js';
import { fillWords, type Scenario } from './scenario.js';
import type { NormaliseContext } from './normalise.js';

export interface Trial {
  runbook: string;
  step: string;
  point: string;
  /** converged: resumed with no flags (or not needed) and the end state equals the reference. */
  verdict: 'converged' | 'needed help' | 'differs' | 'not reached' | 'broken';
  resumed: 'not needed' | 'no flags' | '--retry-unknown' | 'failed';
  differences: string[];
  /** The run's host records or lock files were left behind after it ended. */
  leftovers: string[];
  note?: string;
  ms: number;
}

interface Prepared {
  root: string;
  labDir: string;
  stateDir: string;
  workDir: string;
  args: string[];
  /** The scenario's env, filled: given to every opsctl of the trial (run and resumes). */
  env: Record<string, string>;
  ctx: NormaliseContext;
  before: Snapshot;
}

/** Trial directories whose lab is (or may be) up: an interrupted rehearsal takes them down. */
const active = new Set<string>();
/** Labs being brought up: taken down only once `lab up` has finished, or it would go on alone. */
const starting = new Set<Promise<unknown>>();
/** Takedowns under way: the process must not exit before they end. */
const closing = new Set<Promise<void>>();

/** Ctrl-C: trial commands killed, then every lab down and every trial directory removed. */
export async function teardownAll(): Promise<void> {
  await stopTrialCommands();
  await Promise.allSettled([...starting]);
  await Promise.allSettled([...active].map(takeDown));
  await Promise.allSettled([...closing]);
}

// Once per trial directory, whoever comes first (the trial's own end or an interrupted
// rehearsal): the lab down, the step records its runs left on the lab's hosts (the hosts are this
// machine) and the directory removed.
function takeDown(root: string): Promise<void> {
  if (!active.delete(root)) return Promise.resolve();
  const done = labDown(join(root, 'lab'), join(root, 'lab-state'))
    .catch(() => undefined)
    .then(() => {
      for (const state of ['state', 'setup-state']) for (const runId of runIdsIn(join(root, state))) rmSync(recordsDir(runId), { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    })
    .catch((e: Error) => void process.stderr.write(`rehearse: could not remove ${root}: ${e.message}\n`));
  closing.add(done);
  void done.finally(() => closing.delete(done));
  return done;
}

async function prepare(s: Scenario): Promise<Prepared> {
  if (rehearsalStopping()) throw new Error('the rehearsal is stopping: no new lab');
  const root = mkdtempSync(join(tmpdir(), 'opsctl-rehearse-'));
  active.add(root);
  const started = prepareIn(root, s);
  starting.add(started);
  try {
    return await started;
  } catch (e) {
    await takeDown(root);
    throw e;
  } finally {
    starting.delete(started);
  }
}

async function prepareIn(root: string, s: Scenario): Promise<Prepared> {
  const labDir = join(root, 'lab');
  const stateDir = join(root, 'state');
  const workDir = join(root, 'work');
  mkdirSync(workDir, { recursive: true });
  await labUp(labDir, join(root, 'lab-state'), s.lab);
  const inventory = join(labDir, 'inventory.ini');
  const vars: Record<string, string> = { lab: labDir, work: workDir, inventory, path: process.env.PATH ?? '' };
  for (const h of labHosts(labDir)) vars[`address.${h.name}`] = h.address;
  // The env is filled as each setup step runs: it may use a capture made before it.
  const env = (where: string) => Object.fromEntries(Object.entries(s.env).filter(([, v]) => fillable(v, vars)).map(([k, v]) => [k, fillWords([v], vars, where)[0]]));
  for (const [i, step] of s.setup.entries()) {
    const where = `${s.file ?? s.runbook}: setup[${i}]`;
    let r;
    if ('opsctl' in step) r = await opsctl([...fillWords(step.opsctl, vars, where), '-i', inventory, '--yes'], join(root, 'setup-state'), env(where));
    else if ('ssh' in step) r = await ssh(labDir, step.ssh.host, fillWords([step.ssh.run], vars, where)[0]);
    else r = await local(fillWords([step.local], vars, where)[0], { ...env(where), OPSCTL_LAB_DIR: labDir });
    if (r.exitCode !== 0) throw new StepError(`${where} failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`);
    if ('capture' in step && step.capture) vars[step.capture] = r.stdout.trim();
  }
  const args = [...fillWords(s.command, vars, `${s.file ?? s.runbook}: command`), '-i', inventory, '--yes'];
  const runEnv = Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, fillWords([v], vars, `${s.file ?? s.runbook}: env.${k}`)[0]]));
  const ctx: NormaliseContext = { paths: [[labDir, '<lab>'], [workDir, '<work>'], [root, '<root>']] };
  return { root, labDir, stateDir, workDir, args, env: runEnv, ctx, before: await snapshot(labDir, workDir) };
}

async function teardown(p: Prepared | undefined): Promise<void> {
  if (p) await takeDown(p.root);
}

// A setup step sees the env entries whose names are already known (later captures fill the rest).
const fillable = (v: string, vars: Record<string, string>): boolean => [...v.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].every((m) => vars[m[1]] !== undefined);

const runIdsIn = (stateDir: string): string[] => {
  const dir = join(stateDir, 'runs');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const runIdOf = (stateDir: string): string | undefined => runIdsIn(stateDir)[0];
/** Where a run's step records are on a lab host: the lab's hosts are this machine, as this user. */
const recordsDir = (runId: string): string => `${RECORD_BASE}${process.getuid?.() ?? 0}/${runId}`;

function leftovers(stateDir: string, runId: string | undefined): string[] {
  const out: string[] = [];
  const records = runId ? recordsDir(runId) : undefined;
  if (records && existsSync(records)) out.push(`host records ${records}`);
  const locks = join(stateDir, 'locks');
  if (existsSync(locks)) out.push(...readdirSync(locks).map((f) => `lock ${f}`));
  return out;
}

export interface Reference {
  changes: Changes;
  texts: ChangedTexts;
  points: KillPoint[];
  ms: number;
}

// The uninterrupted run: it must succeed, and its journal says where the kill points are.
export async function referenceRun(s: Scenario): Promise<Reference> {
  let p: Prepared | undefined;
  const started = Date.now();
  try {
    p = await prepare(s);
    const r = await opsctl(p.args, p.stateDir, p.env);
    if (r.exitCode !== 0) throw new StepError(`${s.runbook}: the uninterrupted run failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-4).join(' / ')}`);
    const runId = runIdOf(p.stateDir)!;
    const entries = readFileSync(join(p.stateDir, 'runs', runId, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const after = await snapshot(p.labDir, p.workDir);
    const texts: ChangedTexts = new Map();
    return { changes: await changes(p.labDir, p.workDir, p.before, after, s.volatile, p.ctx, texts), texts, points: killPoints(entries), ms: Date.now() - started };
  } finally {
    await teardown(p);
  }
}

export async function runTrial(s: Scenario, ref: Reference, point: KillPoint, fault?: Fault): Promise<Trial> {
  const started = Date.now();
  const base = { runbook: s.runbook, step: point.key, point: fault ? `${fault} fault, middle` : point.at };
  let p: Prepared | undefined;
  try {
    p = await prepare(s);
    let first;
    if (!fault) {
      first = await opsctl(p.args, p.stateDir, { ...p.env, OPSCTL_REHEARSE_KILL: hookValue(point) });
    } else {
      if (!faultApplies(p.labDir, point.host, fault)) return { ...base, verdict: 'not reached', resumed: 'not needed', differences: [], leftovers: [], note: `no ${fault} on ${point.host}`, ms: Date.now() - started };
      const running = startOpsctl(p.args, p.stateDir, p.env);
      let done = false;
      void running.then(() => (done = true));
      const journal = () => join(p!.stateDir, 'runs', runIdOf(p!.stateDir) ?? '-', 'journal.jsonl');
      let repair: (() => Promise<void>) | undefined;
      const watcher = (async () => {
        for (let i = 0; i < 60_000 && !done; i++) {
          if (existsSync(journal()) && readFileSync(journal(), 'utf8').includes(`"type":"step.start","key":${JSON.stringify(point.key)}`)) {
            await sleep(point.ms ?? 1);
            repair = await inject(p!.labDir, point.host, fault);
            return;
          }
          await sleep(10);
        }
      })();
      const r = await running;
      await watcher;
      await repair?.();
      first = { exitCode: r.exitCode ?? null, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
    }
    const runId = runIdOf(p.stateDir);
    let resumed: Trial['resumed'] = 'not needed';
    let note: string | undefined;
    const killed = first.signal === 'SIGKILL';
    if (!fault && !killed) note = `not killed: the run ended first (exit ${first.exitCode})`;
    if (first.exitCode !== 0 && runId) {
      const again = await opsctl(['resume', runId, '--yes'], p.stateDir, p.env);
      if (again.exitCode === 0) resumed = 'no flags';
      else {
        note = whyResumeFailed(again);
        const forced = await opsctl(['resume', runId, '--yes', '--retry-unknown'], p.stateDir, p.env);
        resumed = forced.exitCode === 0 ? '--retry-unknown' : 'failed';
      }
    }
    const after = await snapshot(p.labDir, p.workDir);
    const texts: ChangedTexts = new Map();
    const differences = compareChanges(ref.changes, await changes(p.labDir, p.workDir, p.before, after, s.volatile, p.ctx, texts), ref.texts, texts);
    const left = leftovers(p.stateDir, runId);
    const verdict: Trial['verdict'] =
      resumed === 'failed' ? 'needed help' : resumed === '--retry-unknown' ? 'needed help' : differences.length > 0 || left.length > 0 ? 'differs' : !fault && !killed ? 'not reached' : 'converged';
    return { ...base, verdict, resumed, differences, leftovers: left, note, ms: Date.now() - started };
  } catch (e) {
    return { ...base, verdict: 'broken', resumed: 'failed', differences: [], leftovers: [], note: (e as Error).message.slice(0, 300), ms: Date.now() - started };
  } finally {
    await teardown(p);
  }
}

// The lines that say why a resume failed: its error and hint (stderr), or the failed step and its
// message as the plain reporter prints them (stdout), e.g. a host that could not be reached.
function whyResumeFailed(r: { exitCode: number | null; stdout: string; stderr: string }): string {
  const lines = `${r.stdout}\n${r.stderr}`.split('\n');
  const why = lines.flatMap((l, i) => (/^(error|hint)\b/.test(l) ? [l] : /^\[failed\]/.test(l) ? [l.replace(/\s+/g, ' '), (lines[i + 1] ?? '').trim()] : []));
  return `resume exit ${r.exitCode}${why.length ? `: ${why.filter(Boolean).join(' / ')}` : ''}`.slice(0, 400);
}
