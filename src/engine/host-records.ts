// The engine's side of host records (host-record.ts): prepares a run's record directory on each
// host once per user a step runs as, wraps mutating commands, reads a record back when opsctl
// lost sight of a step, and removes the records when the run ends. Everything goes through the
// step's own transport, with the step's sudo, so records are read as the user who wrote them.
import { randomBytes } from 'node:crypto';
import type { PlanHost, PlanStep } from '../plan/types.js';
import type { Transport } from '../transport/types.js';
import { HostError } from '../errors.js';
import { cleanupScript, parsePrepare, parseReadBack, prepareScript, readBackScript, wrapCommand, type ReadBack } from './host-record.js';

const SCRIPT_TIMEOUT_MS = 30_000;

/** Who a step runs as on its host: records of different users live apart. */
function contextKey(step: PlanStep, host: PlanHost): string {
  return `${step.host}\u0000${step.sudo ? (host.becomeUser ?? 'root') : ''}`;
}

interface Context {
  transport: Transport;
  step: PlanStep;
  host: PlanHost;
}

export class HostRecords {
  private readonly prepared = new Map<string, Promise<string | undefined>>();
  /** Contexts whose records must outlive the run (a step left unknown there). */
  private readonly keep = new Set<string>();
  private readonly used = new Map<string, Context>();

  constructor(
    private readonly runId: string,
    private readonly warn: (text: string) => void,
  ) {}

  /** Only a mutating command needs a record: a read-only one is simply run again. */
  static wanted(step: PlanStep): boolean {
    return step.action.kind === 'run' && !step.readOnly;
  }

  /** The run's record directory for this step's host and user, or undefined when records cannot be kept there. */
  async directory(c: Context): Promise<string | undefined> {
    const key = contextKey(c.step, c.host);
    let p = this.prepared.get(key);
    if (!p) {
      p = this.prepare(c);
      this.prepared.set(key, p);
    }
    const dir = await p;
    if (dir) this.used.set(key, c);
    return dir;
  }

  // A host that cannot be reached for the moment is asked again next time (not cached as
  // "unrecorded"): resume may come back while it is rebooting.
  private async prepare(c: Context): Promise<string | undefined> {
    try {
      const r = await this.exec(c, prepareScript(this.runId));
      const prepared = parsePrepare(r.stdout);
      if (prepared.ok) return prepared.dir;
      this.warn(`step outcomes are not recorded on ${c.step.host}: ${prepared.why}; a step there that is interrupted stays unknown`);
    } catch (e) {
      if (e instanceof HostError && e.transient) {
        this.prepared.delete(contextKey(c.step, c.host));
        throw e;
      }
      this.warn(`step outcomes are not recorded on ${c.step.host}: ${(e as Error).message}`);
    }
    return undefined;
  }

  /** A fresh record name for one start of a step: unique across attempts and resumes. */
  static newRecord(step: PlanStep): string {
    return `${step.seq}-${randomBytes(4).toString('hex')}`;
  }

  static wrap(command: string, dir: string, rec: string): string {
    return wrapCommand(command, dir, rec);
  }

  /** What the host says about a record; `lost` when it cannot be asked. */
  async readBack(c: Context, rec: string): Promise<ReadBack> {
    try {
      const dir = await this.directory(c);
      if (!dir) return { state: 'lost', why: `the run's records on ${c.step.host} cannot be read` };
      return parseReadBack(c.step.host, await this.exec(c, readBackScript(dir, rec)));
    } catch (e) {
      return { state: 'lost', why: `cannot ask ${c.step.host}: ${(e as Error).message}`, unreachable: e instanceof HostError && e.transient };
    }
  }

  /** The step's record must survive the run's end: resume will ask for it. */
  keepFor(step: PlanStep, host: PlanHost): void {
    this.keep.add(contextKey(step, host));
  }

  /**
   * Counts in the record directories that earlier attempts of this run used (a resume that runs no
   * recorded step on a host must still remove what the killed attempt left there). Best effort: a
   * host that cannot be reached keeps its directory, and says so at cleanup.
   */
  async adopt(contexts: Context[]): Promise<void> {
    await Promise.all(contexts.map((c) => this.directory(c).catch(() => this.warn(`could not reach ${c.step.host} to remove this run's step records there`))));
  }

  /** Removes the records of every host and user this process used, but those kept. */
  async cleanup(): Promise<void> {
    await Promise.all(
      [...this.used.entries()]
        .filter(([key]) => !this.keep.has(key))
        .map(async ([key, c]) => {
          const dir = await this.prepared.get(key);
          if (!dir) return;
          try {
            await this.exec(c, cleanupScript(dir));
          } catch {
            this.warn(`could not remove the step records ${dir} on ${c.step.host}`);
          }
        }),
    );
  }

  private async exec(c: Context, script: string) {
    const r = await c.transport.run(script, { sudo: c.step.sudo, becomeUser: c.host.becomeUser, timeoutMs: SCRIPT_TIMEOUT_MS });
    if (r.exitCode !== 0 && !r.stdout.includes('opsctl-record')) throw new Error(`exit ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`);
    return r;
  }
}
