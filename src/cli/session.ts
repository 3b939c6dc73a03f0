// What every executing command sets up the same way: the reporter, the state dir, and how a run
// stops when told to. SIGINT, SIGTERM, SIGHUP (the operator's session to the bastion dropped) and
// a closed stdout (`| head`) all do the same: the running step is cancelled on its host, the run
// is journaled as interrupted, the lock released; the exit code says which (130, 129, 141).
import { setMaxListeners } from 'node:events';
import { createReporter } from '../report/select.js';
import { resolveStateDir } from '../state/paths.js';
import type { Reporter } from '../engine/events.js';
import type { GlobalOptions } from './global-options.js';
import { isClosedOutput, setOutputClosedHandler } from './output-closed.js';

export interface Session {
  reporter: Reporter;
  stateDir: string;
  signal: AbortSignal;
  /** The exit code of an interrupted run: 130 (SIGINT, SIGTERM), 129 (SIGHUP), 141 (closed output). */
  interruptCode(): number;
  /** Stop listening for signals; call when the run has been journaled. */
  dispose(): void;
}

type Cause = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE';
const CODES: Record<Cause, number> = { SIGINT: 130, SIGTERM: 130, SIGHUP: 129, EPIPE: 141 };
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function openSession(g: GlobalOptions, view: { showCommands?: boolean } = {}): Promise<Session> {
  let outputGone = false;
  const reporter = muteWhenClosed(
    await createReporter({
      output: g.output,
      stdout: process.stdout,
      stderr: process.stderr,
      isTTY: Boolean(process.stdout.isTTY),
      env: process.env,
      verbose: Boolean(g.verbose),
      noColor: g.color === false,
      showCommands: Boolean(view.showCommands),
    }),
    () => outputGone,
  );
  const controller = new AbortController();
  // Every open SSH channel and running command listens on this one signal; dozens is normal.
  setMaxListeners(0, controller.signal);
  let cause: Cause | undefined;
  // First stop: cancel the running commands and journal the run as interrupted. A second one
  // while that is happening exits at once; the journal is still consistent (steps become unknown).
  const stop = (why: Cause) => {
    if (cause) {
      if (why !== 'EPIPE') process.exit(CODES[cause]);
      return;
    }
    cause = why;
    const text = why === 'EPIPE' ? 'output closed' : why;
    reporter.emit({ type: 'message', level: 'warn', text: `${text}: stopping after cancelling the running step(s); the run can be resumed` });
    controller.abort();
  };
  const onSignal = (sig: NodeJS.Signals) => stop(sig as Cause);
  for (const s of SIGNALS) process.on(s, onSignal);
  // Nobody reads stdout or stderr any more: stop writing there, and stop the run like a signal.
  const onClosed = (e: NodeJS.ErrnoException) => {
    if (!isClosedOutput(e)) throw e;
    outputGone = true;
    stop(cause ?? (e.code === 'EPIPE' ? 'EPIPE' : 'SIGHUP'));
  };
  setOutputClosedHandler(onClosed);
  process.stderr.on('error', onClosed);
  return {
    reporter,
    stateDir: resolveStateDir(g.stateDir),
    signal: controller.signal,
    interruptCode: () => CODES[cause ?? 'SIGINT'],
    dispose() {
      for (const s of SIGNALS) process.off(s, onSignal);
      setOutputClosedHandler(undefined);
      process.stderr.off('error', onClosed);
    },
  };
}

// Once the output is gone, the reporters have nobody to tell; the journal still records everything.
function muteWhenClosed(inner: Reporter, closed: () => boolean): Reporter {
  return {
    emit: (e) => {
      if (!closed()) inner.emit(e);
    },
    close: () => {
      if (!closed()) inner.close();
    },
  };
}
