// `--detach`: the run goes on in the background, in its own session (a dropped SSH session to the
// bastion cannot hang it up), writing its output to a log; `opsctl runs show -f ID` follows it.
// The launcher checks what it can first (input, gates), starts the same command line again with
// the run id it shows the operator, and returns once the run is journaled — or with the run's own
// error when it stopped before that (bad input, a held lock).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { runDir } from '../state/paths.js';

export const DETACHED_ENV = 'OPSCTL_DETACHED';

/** True in the background process itself: it must not detach again. */
export const isDetachedChild = (): boolean => process.env[DETACHED_ENV] === '1';

const START_TIMEOUT_MS = 60_000;

export async function launchDetached(g: GlobalOptions, stateDir: string, runId: string, what: 'run.start' | 'run.resume'): Promise<number> {
  if (g.askBecomePass) throw new InputError('--detach cannot ask for the sudo password', { hint: 'configure sudo without a password for the remote user, or run in tmux/screen without --detach' });
  const dir = join(stateDir, 'detached');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const log = join(dir, `${runId}.log`);
  const journal = join(runDir(stateDir, runId), 'journal.jsonl');
  const before = count(journal, what);
  const fd = openSync(log, 'a', 0o600);
  const argv = process.argv.slice(1).filter((a) => a !== '--detach');
  const child = spawn(process.execPath, argv, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, [DETACHED_ENV]: '1', OPSCTL_RUN_ID: runId, NO_COLOR: '1' },
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.once('exit', (code, signal) => (exited = code ?? (signal ? 128 : 1)));
  child.unref();
  const end = Date.now() + START_TIMEOUT_MS;
  while (exited === undefined && count(journal, what) <= before && Date.now() < end) await sleep(50);
  if (exited !== undefined && count(journal, what) <= before) {
    // It stopped before journaling anything: its message is the operator's answer.
    process.stderr.write(readFileSync(log, 'utf8'));
    return exited ?? 1;
  }
  process.stderr.write(
    [
      `run ${runId} continues in the background (pid ${child.pid})`,
      `  follow it:  opsctl runs show -f ${runId}${g.stateDir ? ` --state-dir ${g.stateDir}` : ''}`,
      `  its output: ${log}`,
      '',
    ].join('\n'),
  );
  return 0;
}

function count(journal: string, type: string): number {
  if (!existsSync(journal)) return 0;
  return readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes(`"type":"${type}"`)).length;
}
