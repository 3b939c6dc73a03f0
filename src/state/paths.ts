// Where runs, journals and locks live (DESIGN.md §3 `--state-dir`). Pure: takes env as an argument
// so tests and the CLI resolve the same way without touching process state.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

// One precedence rule for every command: flag, OPSCTL_STATE_DIR, XDG_STATE_HOME, ~/.local/state.
export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.OPSCTL_STATE_DIR) return resolve(env.OPSCTL_STATE_DIR);
  if (env.XDG_STATE_HOME) return resolve(env.XDG_STATE_HOME, 'opsctl');
  return join(homedir(), '.local', 'state', 'opsctl');
}

// The parent of every run directory; `opsctl runs` lists it.
export function runsDir(stateDir: string): string {
  return join(stateDir, 'runs');
}

// One run's journal, plan and step logs.
export function runDir(stateDir: string, runId: string): string {
  return join(runsDir(stateDir), runId);
}

// Lock files are shared by all runs, so they sit beside `runs/`, not inside a run.
export function locksDir(stateDir: string): string {
  return join(stateDir, 'locks');
}
