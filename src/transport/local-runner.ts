// The local transport's runners: a persistent `sh` child of this process (its own session, so
// the terminal's Ctrl-C reaches opsctl, which cancels steps itself), started with this process's
// environment and working directory — what execa gave each step.
import { spawn } from 'node:child_process';
import type { RunnerSource } from './runner-pool.js';
import type { RunnerPipe } from './step-runner.js';

// The greeting comes at once locally; a machine too loaded to answer in this time falls back to execa.
const START_TIMEOUT_MS = 10_000;

export function localRunnerSource(onUnusable?: (why: string) => void): RunnerSource {
  return { open: async () => spawnRunner(), startTimeoutMs: START_TIMEOUT_MS, onUnusable };
}

function spawnRunner(): RunnerPipe {
  const child = spawn('sh', [], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: process.env });
  // A runner does not keep opsctl alive; its stdin closing (opsctl exiting) ends it.
  child.unref();
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    stdin: child.stdin!,
    stdout: child.stdout!,
    stderr: child.stderr!,
    closed,
    // Steps' output is read from the runner's fifos here, without a `cat` per stream and step.
    local: true,
    // Only a runner stuck behind a step is destroyed: KILL, as it may not get to a TERM trap
    // while it waits (its fifos are removed by StepRunner.destroy). Steps have their own groups.
    destroy: () => void child.kill('SIGKILL'),
  };
}
