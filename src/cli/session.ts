// What every executing command sets up the same way: the reporter, the state dir, Ctrl-C handling.
import { setMaxListeners } from 'node:events';
import { createReporter } from '../report/select.js';
import { resolveStateDir } from '../state/paths.js';
import type { Reporter } from '../engine/events.js';
import type { GlobalOptions } from './global-options.js';

export interface Session {
  reporter: Reporter;
  stateDir: string;
  signal: AbortSignal;
  /** Stop listening for signals; call when the run has been journaled. */
  dispose(): void;
}

export async function openSession(g: GlobalOptions, view: { showCommands?: boolean } = {}): Promise<Session> {
  const reporter = await createReporter({
    output: g.output,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    verbose: Boolean(g.verbose),
    noColor: g.color === false,
    showCommands: Boolean(view.showCommands),
  });
  const controller = new AbortController();
  // Every open SSH channel and running command listens on this one signal; dozens is normal.
  setMaxListeners(0, controller.signal);
  let presses = 0;
  // First Ctrl-C: cancel the running commands and journal the run as interrupted. A second one
  // while that is happening exits at once; the journal is still consistent (steps become unknown).
  const onSignal = (sig: NodeJS.Signals) => {
    presses++;
    if (presses > 1) process.exit(130);
    reporter.emit({ type: 'message', level: 'warn', text: `${sig}: stopping after cancelling the running step(s); the run can be resumed` });
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    reporter,
    stateDir: resolveStateDir(g.stateDir),
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
