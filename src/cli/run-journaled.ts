// Executing a plan for real (a new run or a resume): locks, run directory, journal, engine, and the
// final run.end — journaled before the process reports and exits.
import { hostname } from 'node:os';
import type { Plan } from '../plan/types.js';
import type { GlobalOptions } from './global-options.js';
import type { Session } from './session.js';
import type { PriorStep } from '../engine/run-plan.js';
import { Engine } from '../engine/run-plan.js';
import { RunValues } from '../engine/values.js';
import { RunStoreJournal, nullJournal } from '../engine/step-journal.js';
import { transportsFor } from './transports.js';
import { acquireLocks } from '../state/lock.js';
import { createRunDir, writePlan } from '../state/runs.js';
import { runDir as runDirOf } from '../state/paths.js';
import { JournalWriter } from '../state/journal.js';
import { makeRedactor } from '../state/redact.js';
import { terminalPrompt } from './prompt.js';
import { redactingReporter } from '../engine/redacting-reporter.js';
import { ClusterPins } from '../engine/cluster-pins.js';
import type { ClusterIdentity } from '../engine/cluster-identity.js';
import { OpsError } from '../errors.js';
import type { Reporter } from '../engine/events.js';
import type { Fact } from '../plan/saved-plan.js';
import { recordFacts } from './saved-plan-io.js';
import { describeRunPolicy } from '../plan/host-failure.js';

export interface JournaledRun {
  plan: Plan;
  secrets: Record<string, unknown>;
  g: GlobalOptions;
  session: Session;
  resume?: { prior: Map<string, PriorStep>; captures: Array<{ host: string; captures: Record<string, string> }>; retryUnknown: boolean; force: boolean; clusters?: ClusterIdentity[] };
}

export async function runJournaled({ plan, secrets, g, session, resume }: JournaledRun): Promise<number> {
  const { stateDir } = session;
  const values = new RunValues(secrets);
  const redact = makeRedactor(values.secretValues());
  const reporter = redactingReporter(session.reporter, redact);
  const transports = await transportsFor(g, reporter);
  const locks = acquireLocks(stateDir, plan.locks, { runId: plan.runId, pid: process.pid });
  // Connections open while the run directory, plan and journal are written.
  transports.warm(Object.values(plan.hosts));
  let writer: JournalWriter;
  let dir: string;
  try {
    dir = resume ? runDirOf(stateDir, plan.runId) : createRunDir(stateDir, plan.runId);
    if (!resume) writePlan(dir, plan);
    writer = JournalWriter.open(dir);
  } catch (e) {
    // Nothing ran; a lock left behind would block the next attempt.
    locks.release();
    await transports.closeAll();
    throw e;
  }
  const journal = new RunStoreJournal(writer, dir, redact);
  const started = Date.now();
  try {
    if (resume) {
      writer.append({ type: 'run.resume', pid: process.pid, hostname: hostname(), force: resume.force, retryUnknown: resume.retryUnknown });
      for (const c of resume.captures) values.record(c.host, c.captures);
    } else {
      writer.append({
        type: 'run.start',
        runId: plan.runId,
        runbook: plan.runbook.name,
        runbookFile: plan.runbook.file,
        runbookDigest: plan.runbook.digest,
        planDigest: plan.digest,
        params: plan.params,
        mode: 'run',
        pid: process.pid,
        hostname: hostname(),
      });
    }
    reporter.emit({ type: 'run.start', runId: plan.runId, runbook: plan.runbook.name, params: plan.params, mode: resume ? 'resume' : 'run', stateDir: dir, hostFailure: describeRunPolicy(plan) });
    const pins = new ClusterPins(plan, transports, resume?.clusters ?? [], (id) => writer.append({ type: 'cluster.pin', ...id }));
    const refused = await checkClusters(pins, reporter, session.signal);
    if (refused) {
      writer.append({ type: 'run.end', status: 'failed', exitCode: refused.exitCode, message: redact(refused.message).slice(0, 4000) });
      reporter.emit({ type: 'run.end', runId: plan.runId, status: 'failed', durationMs: Date.now() - started, exitCode: refused.exitCode, message: redact(refused.message) });
      return refused.exitCode;
    }
    const engine = new Engine({
      plan,
      mode: 'run',
      journal,
      reporter,
      transports,
      values,
      yes: Boolean(g.yes),
      prompt: terminalPrompt(),
      concurrency: g.concurrency,
      signal: session.signal,
      prior: resume?.prior,
      retryUnknown: resume?.retryUnknown,
      clusters: pins,
    });
    const result = await engine.run();
    journal.close();
    const status = result.status === 'checked' ? 'succeeded' : result.status;
    writer.append({ type: 'run.end', status, exitCode: result.exitCode, ...(result.failedStep ? { failedStep: result.failedStep } : {}), ...(result.message ? { message: redact(result.message).slice(0, 4000) } : {}) });
    reporter.emit({ type: 'run.end', runId: plan.runId, status, durationMs: Date.now() - started, exitCode: result.exitCode, failedStep: result.failedStep, message: result.message && redact(result.message), hosts: result.hosts });
    return result.exitCode;
  } finally {
    journal.close();
    writer.close();
    await transports.closeAll();
    locks.release();
  }
}

/** `--check`: connect, run read-only steps and asserts, diff edits, change nothing, journal nothing. */
export async function runChecked(plan: Plan, secrets: Record<string, unknown>, g: GlobalOptions, session: Session, facts?: Map<string, Fact>): Promise<number> {
  const values = new RunValues(secrets);
  const redacted = redactingReporter(session.reporter, makeRedactor(values.secretValues()));
  // Facts are taken before redaction would matter: only their digests are kept.
  const reporter = facts ? recordFacts(redacted, plan, facts) : redacted;
  const transports = await transportsFor(g, reporter);
  transports.warm(Object.values(plan.hosts));
  const started = Date.now();
  try {
    reporter.emit({ type: 'run.start', runId: plan.runId, runbook: plan.runbook.name, params: plan.params, mode: 'check', hostFailure: describeRunPolicy(plan) });
    const refused = await checkClusters(new ClusterPins(plan, transports, [], () => {}), reporter, session.signal);
    if (refused) {
      reporter.emit({ type: 'run.end', runId: plan.runId, status: 'failed', durationMs: Date.now() - started, exitCode: refused.exitCode, message: refused.message });
      return refused.exitCode;
    }
    const engine = new Engine({ plan, mode: 'check', journal: nullJournal, reporter, transports, values, yes: true, concurrency: g.concurrency, signal: session.signal });
    const result = await engine.run();
    reporter.emit({ type: 'run.end', runId: plan.runId, status: result.status, durationMs: Date.now() - started, exitCode: result.exitCode, failedStep: result.failedStep, message: result.message, hosts: result.hosts });
    return result.exitCode;
  } finally {
    await transports.closeAll();
  }
}

// Cluster targets are identified before the first step; a refusal ends the run before anything ran.
async function checkClusters(pins: ClusterPins, reporter: Reporter, signal: AbortSignal): Promise<OpsError | undefined> {
  try {
    for (const text of await pins.atStart(signal)) reporter.emit({ type: 'message', level: 'warn', text });
    return undefined;
  } catch (e) {
    if (!(e instanceof OpsError)) throw e;
    reporter.emit({ type: 'message', level: 'error', text: e.message, hint: e.hint });
    return e;
  }
}
