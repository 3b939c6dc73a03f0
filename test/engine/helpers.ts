// Shared by the engine tests: compile a small inline runbook (written to a real temp dir, loaded by
// the real loader, no inventory) and run it through the real Engine and the local transport, so
// every step is a real `sh -c` child. Events and journal calls are collected in arrays.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { compilePlan } from '../../src/plan/compile.js';
import { emptyInventory, type Inventory } from '../../src/inventory/types.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { HostFailurePolicy } from '../../src/plan/types.js';
import { Engine, type EngineOptions, type EngineResult, type StepJournal } from '../../src/engine/run-plan.js';
import { RunValues } from '../../src/engine/values.js';
import { DefaultTransportFactory } from '../../src/transport/factory.js';
import type { Reporter, RunEvent } from '../../src/engine/events.js';
import type { Plan } from '../../src/plan/types.js';

const dirs: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'opsctl-engine-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// Strips the indentation common to every non-blank line, so runbooks can be written inline.
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/**
 * A runbook named `t` taking `dir` (the test's scratch dir) plus `params`, with `body` as its
 * `steps:` (and optionally `finally:`) section, written inline and indented as YAML.
 */
export function runbookYaml(body: string, params = ''): string {
  return [
    'apiVersion: opsctl/v1',
    'kind: Runbook',
    'metadata:',
    '  name: t',
    'params:',
    '  dir: { type: string, required: true }',
    ...dedent(params).split('\n').filter((l) => l.trim()).map((l) => `  ${l}`),
    dedent(body),
  ].join('\n');
}

export interface Compiled {
  plan: Plan;
  secrets: Record<string, unknown>;
  dir: string;
}

// Writes the runbook into a fresh temp dir and compiles it with the empty inventory.
export function compileInline(
  body: string,
  opts: { params?: Record<string, unknown>; paramSpecs?: string; dir?: string; inventory?: Inventory; hostFailure?: HostFailurePolicy } = {},
): Compiled {
  const dir = opts.dir ?? tempDir();
  const file = join(dir, 'runbook.yaml');
  writeFileSync(file, runbookYaml(body, opts.paramSpecs));
  const loaded = loadRunbookFile(file);
  const { plan, secrets } = compilePlan({
    loaded,
    params: { dir, ...opts.params },
    inventory: opts.inventory ?? emptyInventory(),
    hostFailure: opts.hostFailure,
    runId: 'test-run',
    now: new Date(),
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) },
  });
  return { plan, secrets, dir };
}

export type JournalCall =
  | { call: 'start'; key: string; attempt: number }
  | { call: 'end'; key: string; attempt: number; status: string; captures: Record<string, string> }
  | { call: 'undo'; key: string; status: 'ok' | 'failed'; exitCode: number | null };

export interface RunOutcome {
  result: EngineResult;
  events: RunEvent[];
  journal: JournalCall[];
  durationMs: number;
  /** step.end events by step id (the last one when a step ends more than once). */
  ends: Map<string, Extract<RunEvent, { type: 'step.end' }>>;
  of<T extends RunEvent['type']>(type: T): Array<Extract<RunEvent, { type: T }>>;
}

export async function runEngine(c: Compiled, opts: Partial<Omit<EngineOptions, 'plan'>> = {}): Promise<RunOutcome> {
  const events: RunEvent[] = [];
  const journal: JournalCall[] = [];
  const reporter: Reporter = { emit: (e) => void events.push(e), close() {} };
  const stepJournal: StepJournal = {
    start: (s, attempt) => void journal.push({ call: 'start', key: s.key, attempt }),
    end: (s, attempt, o) => void journal.push({ call: 'end', key: s.key, attempt, status: o.status, captures: o.captures }),
    undo: (s, status, exitCode) => void journal.push({ call: 'undo', key: s.key, status, exitCode }),
    log: () => {},
  };
  const transports = new DefaultTransportFactory();
  const started = Date.now();
  try {
    const engine = new Engine({
      plan: c.plan,
      mode: 'run',
      journal: stepJournal,
      reporter,
      transports,
      values: new RunValues(c.secrets),
      signal: new AbortController().signal,
      concurrency: 4,
      yes: true,
      ...opts,
    });
    const result = await engine.run();
    const durationMs = Date.now() - started;
    const ends = new Map<string, Extract<RunEvent, { type: 'step.end' }>>();
    for (const e of events) if (e.type === 'step.end') ends.set(e.stepId, e);
    const of = <T extends RunEvent['type']>(type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
    return { result, events, journal, durationMs, ends, of };
  } finally {
    await transports.closeAll();
  }
}

// A marker no other process on the machine has in its command line: `sleep <marker>` sleeps ~30 s.
export function sleepMarker(): string {
  return `30.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

// Pids of live processes whose command line contains `text` (pgrep run without a shell, so the
// search itself never matches).
export function pgrep(text: string): number[] {
  const r = spawnSync('pgrep', ['-f', text], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

// Polls until no live process matches `text` (reaping can lag the kill by a few ms).
export async function gone(text: string, withinMs = 1500): Promise<boolean> {
  const end = Date.now() + withinMs;
  for (;;) {
    if (pgrep(text).length === 0) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function killAll(text: string): void {
  for (const pid of pgrep(text)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export const read = (path: string): string => readFileSync(path, 'utf8');
export const lines = (path: string): string[] => (existsSync(path) ? read(path).split('\n').filter(Boolean) : []);

// An inventory of hosts that run on this machine (`ansible_connection=local`): several "hosts",
// each a real `sh -c` child, so host-failure behaviour is tested on real processes.
export function localHosts(names: string[], group = 'masters'): Inventory {
  const dir = tempDir();
  const file = join(dir, 'hosts.ini');
  writeFileSync(file, `[${group}]\n${names.map((n) => `${n} ansible_connection=local`).join('\n')}\n`);
  return loadInventory(file);
}
