// Step runners over SSH: each is one exec channel whose command is only `exec sh` (any login
// shell — bash, csh, fish — runs that; its rc files run once, not once per step), fed the runner
// program and then one step after another. Each channel holds one of the connection's channel
// slots while it lives; an idle one gives its slot back when a transfer or fallback needs it.
import type { RunnerSource } from './runner-pool.js';
import type { RunnerPipe } from './step-runner.js';
import type { OpenChannel } from './ssh-channel.js';

// The login shell's rc files run before the runner's greeting; a host slower than this falls back.
const START_TIMEOUT_MS = 20_000;

// What the source needs from the session (kept narrow so the session owns connection and slots).
export interface RunnerChannels {
  /** Opens `exec sh` on a held channel slot; the slot is given back when the channel closes. */
  openHeld(command: string, signal?: AbortSignal): Promise<OpenChannel>;
  /** The error for a runner channel that closed early because the connection is gone, if it is. */
  lostError(cause: unknown): Error | undefined;
  onUnusable(why: string): void;
}

export function sshRunnerSource(channels: RunnerChannels): RunnerSource {
  return {
    open: async (signal) => pipeOf(await channels.openHeld('exec sh', signal)),
    startTimeoutMs: START_TIMEOUT_MS,
    lost: (cause) => channels.lostError(cause),
    onUnusable: (why) => channels.onUnusable(why),
  };
}

function pipeOf(opened: OpenChannel): RunnerPipe {
  const { channel } = opened;
  return { stdin: channel, stdout: channel, stderr: channel.stderr, closed: opened.closed, destroy: () => channel.close() };
}
