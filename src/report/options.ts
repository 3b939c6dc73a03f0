// What every reporter is built from: the streams it writes to are passed in, never taken from
// `process`, so tests capture them and the CLI decides where human text and JSON go.
export interface ReporterOptions {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  verbose: boolean;
  /** Only the TTY reporter paints; plain and JSON never emit colour. */
  color?: boolean;
  /** Plans: every command and rule (`--show-commands`), not the one-line-per-step view. */
  showCommands?: boolean;
}
