// One contract for running things on the operator's machine and on remote hosts, so a step never
// cares where it runs (pyinfra's connector idea). `local` uses execa; `ssh` uses ssh2.

export interface ExecOptions {
  sudo?: boolean;
  becomeUser?: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Aborting cancels the command: the process (or remote process) is signalled. */
  signal?: AbortSignal;
  stdin?: string | Buffer;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  canceled: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface TransferResult {
  bytes: number;
  sha256: string;
}

export interface Transport {
  readonly host: string;
  /** Run a shell command (`sh -c` semantics) and collect its result; never throws for a non-zero exit. */
  run(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Write bytes to a path on the host atomically (temp + rename), verified by sha256. */
  put(source: { path: string } | { data: Buffer }, dest: string, options?: { mode?: string; sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult>;
  /** Copy a file from the host to a local path, verified by sha256. */
  get(source: string, localDest: string, options?: { sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult>;
  close(): Promise<void>;
}

/** Opens transports by plan host; the SSH one pools a connection per host. */
export interface TransportFactory {
  open(host: import('../plan/types.js').PlanHost): Promise<Transport>;
  closeAll(): Promise<void>;
}
