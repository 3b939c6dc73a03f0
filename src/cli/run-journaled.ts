// Executing a plan for real (a new run or a resume): locks, run directory, journal, engine, and the
// final run.end — journaled before the process reports and exits.
import type { Plan } from '../plan/types.js';
import type { GlobalOptions } from './global-options.js';
import type { Session } from './session.js';
import type { PriorStep } from '../engine/run-plan.js';
import { planSteps } from '../plan/walk.js';
import type { TransportFactory } from '../transport/types.js';
import { Engine } from '../engine/run-plan.js';
import { RunValues } from '../engine/values.js';
import { RunStoreJournal, nullJournal } from '../engine/step-journal.js';
import { HostRecords } from '../engine/host-records.js';
import { transportsFor } from './transports.js';
import { acquireLocks, type HeldLocks } from '../state/lock.js';
import { createRunDir, writePlan } from '../state/runs.js';
import { runDir as runDirOf } from '../state/paths.js';
import { JournalWriter } from '../state/journal.js';
import { thisProcess } from '../state/process-alive.js';
import { makeRedactor, redactObject } from '../state/redact.js';
import { terminalPrompt } from './prompt.js';
import { redactingReporter } from '../engine/redacting-reporter.js';
import { ClusterPins } from '../engine/cluster-pins.js';
import type { ClusterIdentity } from '../engine/cluster-identity.js';
import { OpsError } from '../errors.js';
import type { Reporter } from '../engine/events.js';
import type { Fact } from '../plan/saved-plan.js';
import { recordFacts } from './saved-plan-io.js';
import { describeRunPolicy } from '../plan/host-failure.js';
import { killHook } from './fault-hook.js';

export interface JournaledRun {
  plan: Plan;
  secrets: Record<string, unknown>;
  g: GlobalOptions;
  session: Session;
  resume?: {
    prior: Map<string, PriorStep>;
    captures: Array<{ host: string; captures: Record<string, string> }>;
    retryUnknown: boolean;
    force: boolean;
    clusters?: ClusterIdentity[];
    /** Taken by resume before it read the journal; released here. */
    locks: HeldLocks;
  };
}

export async function runJournaled({ plan, secrets, g, session, resume }: JournaledRun): Promise<number> {
  const { stateDir } = session;
  const values = new RunValues(secrets);
  const redact = makeRedactor(values.secretValues());
  const reporter = redactingReporter(session.reporter, redact);
  let locks: HeldLocks | undefined = resume?.locks;
  let writer: JournalWriter;
  let dir: string;
  let transports: Awaited<ReturnType<typeof transportsFor>> | undefined;
  try {
    transports = await transportsFor(g, reporter, (s) => redact.add(s));
    locks ??= acquireLocks(stateDir, plan.locks, { runId: plan.runId, pid: process.pid });
    // Connections open while the run directory, plan and journal are written.
    transports.warm(Object.values(plan.hosts));
    dir = resume ? runDirOf(stateDir, plan.runId) : createRunDir(stateDir, plan.runId);
    if (!resume) writePlan(dir, plan);
    writer = JournalWriter.open(dir);
  } catch (e) {
    // Nothing ran; a lock left behind would block the next attempt.
    locks?.release();
    await transports?.closeAll();
    throw e;
  }
  const journal = new RunStoreJournal(writer, dir, redact);
  const records = new HostRecords(plan.runId, (text) => reporter.emit({ type: 'message', level: 'warn', text }));
  const started = Date.now();
  try {
    const me = thisProcess();
    if (resume) {
      writer.append({ type: 'run.resume', ...me, force: resume.force, retryUnknown: resume.retryUnknown });
      for (const c of resume.captures) values.record(c.host, c.captures);
    } else {
      writer.append({
        type: 'run.start',
        runId: plan.runId,
        runbook: plan.runbook.name,
        runbookFile: plan.runbook.file,
        runbookDigest: plan.runbook.digest,
        planDigest: plan.digest,
        params: redactObject(plan.params, redact),
        mode: 'run',
        ...me,
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
      records,
      onStepStarted: killHook(),
    });
    const result = await engine.run();
    journal.close();
    const status = result.status === 'checked' ? 'succeeded' : result.status;
    // Interrupted by a hang-up or a closed pipe: the exit code says which (129, 141).
    const exitCode = status === 'interrupted' ? session.interruptCode() : result.exitCode;
    writer.append({ type: 'run.end', status, exitCode, ...(result.failedStep ? { failedStep: result.failedStep } : {}), ...(result.message ? { message: redact(result.message).slice(0, 4000) } : {}) });
    // Every step has its end in the journal now, but those left unknown: their records stay for resume.
    // Only once the whole run succeeded: until then an earlier attempt's record may still be asked for.
    if (resume && status === 'succeeded') await records.adopt(await earlierRecordContexts(plan, resume.prior, transports));
    await records.cleanup();
    reporter.emit({ type: 'run.end', runId: plan.runId, status, durationMs: Date.now() - started, exitCode, failedStep: result.failedStep, message: result.message && redact(result.message), hosts: result.hosts });
    return exitCode;
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
  const redact = makeRedactor(values.secretValues());
  const redacted = redactingReporter(session.reporter, redact);
  // Facts are taken before redaction would matter: only their digests are kept.
  const reporter = facts ? recordFacts(redacted, plan, facts) : redacted;
  const transports = await transportsFor(g, reporter, (s) => redact.add(s));
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
    const exitCode = result.status === 'interrupted' ? session.interruptCode() : result.exitCode;
    reporter.emit({ type: 'run.end', runId: plan.runId, status: result.status, durationMs: Date.now() - started, exitCode, failedStep: result.failedStep, message: result.message, hosts: result.hosts });
    return exitCode;
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

// The hosts (and users) where earlier attempts of this run started recorded steps: their record
// directories are this run's too, and go when it ends.
async function earlierRecordContexts(plan: Plan, prior: Map<string, PriorStep>, transports: TransportFactory) {
  const out = [];
  for (const step of planSteps(plan)) {
    if (!prior.get(step.key)?.rec) continue;
    const host = plan.hosts[step.host];
    try {
      out.push({ step, host, transport: await transports.open(host) });
    } catch {
      // unreachable now: its records stay (they are in /var/tmp, and say which run they belong to)
    }
  }
  return out;
}
