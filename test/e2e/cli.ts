// Spawns the built CLI (dist/) as an operator would, with its own state dir, and reads back what
// it wrote. End-to-end tests use nothing else.
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/opsctl.js');
export const FIXTURES = join(ROOT, 'fixtures');

const created: string[] = [];

export function tempDir(prefix = 'opsctl-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

// Called once a test file is done (test/setup/remove-temp-dirs.ts): a suite run leaves /tmp as it
// found it. Best effort: a directory something still writes into is left, never an error.
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Left behind; harmless.
    }
  }
}

export interface CliEnv {
  stateDir: string;
  env?: Record<string, string>;
  cwd?: string;
}

export function startCli(args: string[], opts: CliEnv): ResultPromise<{ reject: false; all: false }> {
  return execa('node', [BIN, ...args], {
    reject: false,
    cwd: opts.cwd ?? ROOT,
    env: { OPSCTL_STATE_DIR: opts.stateDir, CI: '1', NO_COLOR: '1', ...opts.env },
    extendEnv: true,
    stdin: 'ignore',
  }) as never;
}

export async function cli(args: string[], opts: CliEnv) {
  const r = await startCli(args, opts);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

export function runIds(stateDir: string): string[] {
  const dir = join(stateDir, 'runs');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export function journal(stateDir: string, runId: string): Array<Record<string, unknown>> {
  return jsonLines(readFileSync(join(stateDir, 'runs', runId, 'journal.jsonl'), 'utf8'));
}

export function fixture(name: string): string {
  return join(FIXTURES, 'runbooks', name);
}

export async function waitFor(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}
