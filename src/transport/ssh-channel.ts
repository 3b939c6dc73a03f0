// Runs one wrapped command on its own channel and reports how it ended. Shared by `run` and the
// transfers: stdin is held until the command has really started (after sudo has had its
// password), and a timeout or cancel kills the remote process group from a second channel
// (TERM, then KILL after a grace period) instead of trusting channel signals.
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Client, ClientChannel } from 'ssh2';
import { StderrDemux } from './ssh-stderr.js';

// Same grace as the local transport: time to clean up on TERM before KILL.
export const KILL_GRACE_MS = 2000;

// Everything one command needs besides its command string: I/O, limits, and how to kill it.
export interface ChannelRun {
  /** Receives stdout's raw bytes through a pipe, so a slow sink slows the remote side. */
  stdout: Writable;
  onStderr(text: string): void;
  stdin?: Buffer | Readable;
  becomePassword?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Signals the command's process group from another channel; never throws. */
  kill(pgid: string, signal: 'TERM' | 'KILL'): Promise<void>;
}

// How the channel ended, before the session decides whether a missing exit status means a lost host.
export interface ChannelOutcome {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  canceled: boolean;
  /** The channel closed with no exit status: the connection went away under the command. */
  unfinished: boolean;
}

/** A channel with its exit status and close already being watched, so fast commands lose neither. */
export interface OpenChannel {
  channel: ClientChannel;
  exit?: { code: number | null; signal?: string };
  closed: Promise<void>;
}

// The listeners go on inside ssh2's callback: a command like `true` can have its exit status and
// close parsed from the same packet batch, before any awaiting code would get to run.
export function openChannel(client: Client, command: string): Promise<OpenChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (err, channel) => {
        if (err) return reject(err);
        const opened: OpenChannel = { channel, closed: new Promise((done) => channel.once('close', () => done())) };
        channel.on('exit', (code: number | null, signal?: string) => (opened.exit = { code, signal }));
        resolve(opened);
      });
    } catch (err) {
      reject(err); // ssh2 throws synchronously when the socket is gone.
    }
  });
}

// Drives one opened channel to its end: stdin after start, stderr demuxed, timeout and cancel.
export async function runChannel(opened: OpenChannel, r: ChannelRun): Promise<ChannelOutcome> {
  const { channel } = opened;
  let stopped: 'timeout' | 'cancel' | undefined;
  let pgid: string | undefined;
  let failure: Error | undefined;
  const timers: NodeJS.Timeout[] = [];
  let settled = false;
  const later = (ms: number, action: () => void) => {
    if (!settled) timers.push(setTimeout(action, ms));
  };
  const fail = (err: Error) => {
    failure ??= err;
    channel.close();
  };

  const terminate = async (group: string) => {
    await r.kill(group, 'TERM');
    later(KILL_GRACE_MS, () => void r.kill(group, 'KILL').then(() => channel.close()));
  };
  const stop = (why: 'timeout' | 'cancel') => {
    if (stopped || opened.exit) return;
    stopped = why;
    if (pgid) void terminate(pgid);
    // No process group yet (sudo still asking?): closing the channel is all there is to do.
    else later(KILL_GRACE_MS, () => channel.close());
  };

  let prompts = 0;
  const demux = new StderrDemux({
    onText: r.onStderr,
    onPrompt: () => {
      // Answer sudo once; a second prompt means a wrong password, and EOF makes sudo give up.
      if (++prompts === 1 && r.becomePassword !== undefined) channel.write(`${r.becomePassword}\n`);
      else channel.end();
    },
    onPgid: (group) => {
      pgid = group;
      if (stopped) void terminate(group);
      else feedStdin(channel, r.stdin, fail);
    },
  });

  channel.on('error', fail);
  r.stdout.on('error', fail);
  channel.stderr.setEncoding('utf8').on('data', (text: string) => demux.push(text));
  channel.pipe(r.stdout);

  if (r.timeoutMs) later(r.timeoutMs, () => stop('timeout'));
  const onAbort = () => stop('cancel');
  if (r.signal?.aborted) onAbort();
  r.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    await opened.closed;
    await finished(channel.stderr).catch(() => undefined);
    // The sink may still be flushing (a file being written for `get`).
    if (r.stdout.writableEnded) await finished(r.stdout).catch(() => undefined);
  } finally {
    settled = true;
    timers.forEach(clearTimeout);
    r.signal?.removeEventListener('abort', onAbort);
  }
  demux.end();
  if (failure) throw failure;
  // Children that outlived the shell would keep the step's effects going; end them too.
  if (stopped && pgid) await r.kill(pgid, 'KILL');
  const exit = opened.exit;
  return {
    exitCode: exit?.code ?? null,
    signal: exit?.signal,
    timedOut: stopped === 'timeout',
    canceled: stopped === 'cancel',
    unfinished: exit === undefined && stopped === undefined,
  };
}

function feedStdin(channel: ClientChannel, stdin: Buffer | Readable | undefined, fail: (err: Error) => void): void {
  if (stdin === undefined) channel.end();
  else if (Buffer.isBuffer(stdin)) channel.end(stdin);
  else stdin.once('error', fail).pipe(channel);
}
