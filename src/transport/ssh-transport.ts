// The `ssh` transport: the Transport contract over one shared ssh2 connection per host (through
// ProxyJump hops when configured). Configuration arrives resolved as plain options; this class
// only connects, runs, transfers and closes.
import type { ExecOptions, ExecResult, TransferResult, Transport } from './types.js';
import { runCommand } from './ssh-exec.js';
import type { SshTransportOptions } from './ssh-options.js';
import { SshSession } from './ssh-session.js';
import { getFile, putFile } from './ssh-transfer.js';

// The lead imports everything SSH from this one module (loaded lazily, so --help skips ssh2).
export { isSudoPasswordRequired } from './ssh-exec.js';
export type { HostKeyInfo, HostKeyVerdict, SshTransportOptions } from './ssh-options.js';

// One per host, held by the transport factory for the whole run.
export class SshTransport implements Transport {
  readonly host: string;
  private readonly session: SshSession;

  constructor(options: SshTransportOptions) {
    this.host = options.name;
    this.session = new SshSession(options);
  }

  /** Opens the connection now, so an unreachable host or untrusted key fails before any step. */
  async connect(): Promise<void> {
    await this.session.connect();
  }

  /** Starts a step runner ahead of the first step (errors surface at that step instead). */
  warm(): void {
    this.session.warmRunner();
  }

  run(command: string, options?: ExecOptions): Promise<ExecResult> {
    return runCommand(this.session, command, options);
  }

  put(source: { path: string } | { data: Buffer }, dest: string, options?: { mode?: string; sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult> {
    return putFile(this.session, source, dest, options);
  }

  get(source: string, localDest: string, options?: { sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult> {
    return getFile(this.session, source, localDest, options);
  }

  async close(): Promise<void> {
    this.session.close();
  }
}
