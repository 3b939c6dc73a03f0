// One host's SSH connection as the transport uses it: opened once and shared by every step,
// channels capped by the limiter, reopened (one attempt per command) after it dropped, and a
// command whose connection died under it reported as lost, never as finished.
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { HostError } from '../errors.js';
import { buildKillCommand, type Become } from './ssh-command.js';
import { openChannel, runChannel, type ChannelOutcome, type ChannelRun, type OpenChannel } from './ssh-channel.js';
import { openConnection, type SshConnection } from './ssh-connect.js';
import { connectionLost } from './ssh-errors.js';
import { ChannelLimiter } from './ssh-limiter.js';
import { DEFAULT_MAX_CHANNELS, describeHost, type SshTransportOptions } from './ssh-options.js';

const KILL_TIMEOUT_MS = 10_000;
const OPEN_ATTEMPTS_ALONE = 6;

// What callers describe about a command; the session adds the kill and the become password.
export type SessionRun = Omit<ChannelRun, 'kill' | 'becomePassword'>;

// Shared by `run` and the transfers so both go through the same connection, limiter and checks.
export class SshSession {
  private current?: SshConnection;
  private pending?: Promise<SshConnection>;
  private closed = false;
  private openChannels = 0;
  private readonly limiter: ChannelLimiter;

  constructor(readonly options: SshTransportOptions) {
    this.limiter = new ChannelLimiter(options.maxChannels ?? DEFAULT_MAX_CHANNELS);
  }

  /** The sudo wrapping a command needs, or none (not asked, or already root). */
  become(sudo: boolean | undefined, becomeUser: string | undefined): Become | undefined {
    if (!sudo) return undefined;
    const user = becomeUser ?? this.options.becomeUser;
    if (this.options.user === 'root' && (user === undefined || user === 'root')) return undefined;
    return { user, withPassword: this.options.becomePassword !== undefined };
  }

  // Concurrent callers share one attempt; a dropped connection is replaced on the next call.
  connect(): Promise<SshConnection> {
    if (this.closed) return Promise.reject(new HostError(`the connection to ${describeHost(this.options)} is already closed`));
    if (this.pending) return this.pending;
    if (this.current?.alive) return Promise.resolve(this.current);
    this.current?.close();
    this.current = undefined;
    this.pending = openConnection(this.options)
      .then((connection) => (this.current = connection))
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Runs a remote command string (from buildRemoteCommand) once a channel slot is free. */
  async exec(remoteCommand: string, what: string, run: SessionRun, become?: Become): Promise<ChannelOutcome> {
    return this.limiter.use(async () => {
      // Connected inside the slot: a command queued across a drop gets the new connection.
      const connection = await this.connect();
      const channel = await this.open(connection, remoteCommand, what);
      const outcome = await runChannel(channel, {
        ...run,
        becomePassword: become?.withPassword ? this.options.becomePassword : undefined,
        kill: (pgid, signal) => this.kill(connection, pgid, signal, become),
      });
      if (outcome.unfinished && !connection.alive) throw connectionLost(this.options, what, connection.lastError);
      return outcome;
    }, run.signal);
  }

  // sshd frees a finished session only at the end of its loop turn, so an open right behind a
  // close can be refused ("no more sessions"); a host may also allow fewer sessions than we use.
  // Retry while channels of ours are open (each one closing frees a slot); alone, give up soon.
  private async open(connection: SshConnection, remoteCommand: string, what: string): Promise<OpenChannel> {
    for (let failures = 1; ; failures++) {
      try {
        const opened = await openChannel(connection.client, remoteCommand);
        this.openChannels++;
        void opened.closed.then(() => this.openChannels--);
        return opened;
      } catch (err) {
        if (!connection.alive) throw connectionLost(this.options, what, connection.lastError ?? err, false);
        if (this.openChannels === 0 && failures >= OPEN_ATTEMPTS_ALONE) {
          throw new HostError(`cannot open an SSH channel on ${describeHost(this.options)}: ${(err as Error).message}`, {
            hint: 'the host refuses new sessions; check MaxSessions in its sshd_config',
            cause: err,
          });
        }
        await delay(Math.min(10 * 2 ** failures, 500));
      }
    }
  }

  // Outside the limiter on purpose: the slots may all be held by the commands being killed.
  private async kill(connection: SshConnection, pgid: string, signal: 'TERM' | 'KILL', become?: Become): Promise<void> {
    try {
      const channel = await this.open(connection, buildKillCommand(pgid, signal, become), 'kill');
      await runChannel(channel, {
        stdout: discard(),
        onStderr: () => undefined,
        timeoutMs: KILL_TIMEOUT_MS,
        becomePassword: become?.withPassword ? this.options.becomePassword : undefined,
        kill: async () => undefined,
      });
    } catch {
      // The connection is gone or the group already exited; either way nothing is left to kill.
    }
  }

  close(): void {
    this.closed = true;
    this.current?.close();
    this.current = undefined;
    void this.pending?.then((c) => c.close(), () => undefined);
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
