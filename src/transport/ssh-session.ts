// One host's SSH connection as the transport uses it: opened once and shared by every step,
// channels capped by the limiter, reopened (one attempt per command) after it dropped, and a
// command whose connection died under it reported as lost, never as finished. Steps run on the
// host's persistent runners (ssh-runner.ts) unless they need an exec channel of their own.
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectionLostError, HostError } from '../errors.js';
import { buildKillCommand, buildRemoteCommand, buildStepParts, type Become, type RemoteCommandOptions } from './ssh-command.js';
import { openChannel, runChannel, type ChannelOutcome, type ChannelRun, type OpenChannel } from './ssh-channel.js';
import { openConnection, type SshConnection } from './ssh-connect.js';
import { connectionLost } from './ssh-errors.js';
import { ChannelLimiter } from './ssh-limiter.js';
import { DEFAULT_MAX_CHANNELS, describeHost, type SshTransportOptions } from './ssh-options.js';
import { RunnerPool } from './runner-pool.js';
import { runOnRunner } from './runner-step.js';
import { RunnerGone } from './step-runner.js';
import { sshRunnerSource } from './ssh-runner.js';

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
  private readonly runners: RunnerPool;
  /** Why steps on this host use an exec channel each, when the runner could not start. */
  runnerUnusable?: string;

  constructor(readonly options: SshTransportOptions) {
    const max = options.maxChannels ?? DEFAULT_MAX_CHANNELS;
    this.limiter = new ChannelLimiter(max);
    this.runners = new RunnerPool(
      sshRunnerSource({
        openHeld: (command, signal) => this.openHeld(command, signal),
        lostError: (cause) => (this.current?.alive ? undefined : connectionLost(this.options, 'starting the step runner', this.current?.lastError ?? cause, false)),
        onUnusable: (why) => (this.runnerUnusable = why),
      }),
      options.runners === false ? 0 : max,
    );
    this.limiter.onStarved = () => void this.runners.shed();
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

  /**
   * Runs a step's command (`sh -c` semantics, with env, cwd and sudo) on one of the host's runners,
   * or on an exec channel of its own when it needs one (stdin, sudo asking for a password) or
   * runners do not work on this host. A runner that dies under the step fails it, never passes it.
   */
  async step(command: string, shape: Pick<RemoteCommandOptions, 'env' | 'cwd'>, what: string, run: SessionRun, become?: Become): Promise<ChannelOutcome> {
    const onChannel = () => this.exec(buildRemoteCommand(command, { ...shape, become }), what, run, become);
    if (run.stdin !== undefined || become?.withPassword) return onChannel();
    const parts = buildStepParts(command, { ...shape, become });
    const runner = await this.runners.acquire(run.signal);
    if (!runner) return onChannel();
    const connection = this.current!;
    try {
      return await runOnRunner(runner, parts, { ...run, kill: (pgid, signal) => this.kill(connection, pgid, signal, become) });
    } catch (err) {
      if (!(err instanceof RunnerGone)) throw err;
      if (!connection.alive) throw connectionLost(this.options, what, connection.lastError);
      // The step itself lives on in its own session: like a dropped connection, its outcome is
      // asked of its record on the host, not guessed.
      throw new ConnectionLostError(`the step runner on ${describeHost(this.options)} went away while running ${what}`, {
        hint: 'the command may or may not have finished on the host; check it before resuming',
        cause: err,
        started: true,
      });
    } finally {
      this.runners.release(runner);
    }
  }

  /** Starts one runner now, so the first step finds it ready. */
  warmRunner(): void {
    void this.runners.acquire().then((r) => r && this.runners.release(r), () => undefined);
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

  // A runner's channel: it keeps its slot until it closes, whoever closes it.
  private async openHeld(command: string, signal?: AbortSignal): Promise<OpenChannel> {
    const release = await this.limiter.hold(signal);
    try {
      const opened = await this.open(await this.connect(), command, 'the step runner');
      void opened.closed.then(release);
      return opened;
    } catch (err) {
      release();
      throw err;
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
    this.runners.closeAll();
    this.current?.close();
    this.current = undefined;
    void this.pending?.then((c) => c.close(), () => undefined);
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
