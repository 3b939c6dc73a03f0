// One step on a persistent runner, with the same contract as an exec channel (runChannel): output
// streamed as it comes, the process group as the runner reports it, a timeout or
// cancel answered with TERM to the group and KILL after the grace period, and leftovers killed
// once it ended. If the step cannot be brought to an end (its output held open by something
// outside its group), the runner is given up and the step reported stopped.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import type { ChannelOutcome } from './ssh-channel.js';
import { KILL_GRACE_MS } from './ssh-channel.js';
import { signalName, type StepParts } from './runner-script.js';
import type { StepRunner } from './step-runner.js';

// What a step needs besides its command: where output goes, limits, and how to kill its group.
export interface RunnerStepRun {
  stdout: Writable;
  onStderr(text: string): void;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Told the step's process group as soon as the step reports it. */
  onPgid?(pgid: string): void;
  /** Signals the step's process group (out of band: the runner is busy with the step). */
  kill(pgid: string, signal: 'TERM' | 'KILL'): Promise<void>;
}

// After TERM, KILL and this much more, a step that still holds its output open costs its runner.
const GIVE_UP_MS = 2 * KILL_GRACE_MS;

// Runs one step on `runner`; rejects only when the runner is gone (and the step was not stopped).
export async function runOnRunner(runner: StepRunner, step: StepParts, r: RunnerStepRun): Promise<ChannelOutcome> {
  let stopped: 'timeout' | 'cancel' | undefined;
  let pgid: string | undefined;
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, action: () => void) => {
    if (!ended) timers.push(setTimeout(action, ms));
  };
  const terminate = async (group: string) => {
    await r.kill(group, 'TERM');
    later(KILL_GRACE_MS, () => void r.kill(group, 'KILL'));
  };
  const stop = (why: 'timeout' | 'cancel') => {
    if (stopped || ended) return;
    stopped = why;
    if (pgid) void terminate(pgid);
    // Whatever happens, a stopped step does not keep the run waiting forever.
    later(GIVE_UP_MS, () => runner.destroy());
  };

  const decoder = new StringDecoder('utf8');
  const onPgid = (group: string) => {
    pgid = group;
    r.onPgid?.(group);
    if (stopped) void terminate(group);
  };

  if (r.timeoutMs) later(r.timeoutMs, () => stop('timeout'));
  const onAbort = () => stop('cancel');
  if (r.signal?.aborted) onAbort();
  r.signal?.addEventListener('abort', onAbort, { once: true });

  let end;
  try {
    end = await runner.run(step, {
      onStdout: (bytes) => r.stdout.write(bytes),
      onStderr: (bytes) => {
        const text = decoder.write(bytes);
        if (text) r.onStderr(text);
      },
      onPgid,
    });
  } catch (err) {
    // Given up on after a stop: the step is reported as stopped, with no status.
    if (!stopped) throw err;
    end = { exitCode: null };
  } finally {
    ended = true;
    timers.forEach(clearTimeout);
    r.signal?.removeEventListener('abort', onAbort);
  }
  const rest = decoder.end();
  if (rest) r.onStderr(rest);
  r.stdout.end();
  await finished(r.stdout).catch(() => undefined);
  // Children that outlived the shell would keep the step's effects going; end them too.
  if (stopped && pgid) await r.kill(pgid, 'KILL');

  let { exitCode, signal } = end;
  // 143 with no way to tell `exit 143` from SIGTERM: a group we signalled died by the signal.
  if ('ambiguous' in end && end.ambiguous && stopped && exitCode !== null && exitCode > 128) {
    signal = signalName(exitCode - 128);
    exitCode = null;
  }
  return { exitCode, signal, timedOut: stopped === 'timeout', canceled: stopped === 'cancel', unfinished: false };
}
