// What every reporter is built from: the streams it writes to are passed in, never taken from
// `process`, so tests capture them and the CLI decides where human text and JSON go.
export interface ReporterOptions {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  verbose: boolean;
  /** The TTY reporter paints; plain only when FORCE_COLOR asks; JSON never. */
  color?: boolean;
  /** Plans: every command and rule (`--show-commands`), not the one-line-per-step view. */
  showCommands?: boolean;
  /** Plain output: how often a step still running says so (default 30 s; OPSCTL_HEARTBEAT_SECONDS). */
  heartbeatMs?: number;
}
