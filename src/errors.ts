// The error tree the CLI maps to exit codes (DESIGN.md §3). Every error meant for the operator
// carries a hint; anything else reaching the top level is a bug (exit 70).

export const ExitCode = {
  ok: 0,
  stepFailed: 1,
  badInput: 2,
  preconditionFailed: 3,
  locked: 4,
  unreachable: 5,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One problem found in an input file, with where it is. */
export interface Diagnostic {
  file?: string;
  line?: number;
  col?: number;
  /** Field path inside the document, e.g. `steps[2].run`. */
  path?: string;
  message: string;
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}` : '';
  const parts = [where, d.path, d.message].filter((p) => p && p.length > 0);
  return parts.join('  ') + (d.hint ? ` (${d.hint})` : '');
}

// Base class: an error the operator can act on, with the exit code it maps to.
export class OpsError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  constructor(message: string, exitCode: ExitCodeValue, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

// Bad runbook, inventory, params or usage: exit 2, one line per diagnostic.
export class InputError extends OpsError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | string, options: { hint?: string; cause?: unknown } = {}) {
    // The hint lives on the error (printed once as `hint:`), not inside the one-line message.
    const list = typeof diagnostics === 'string' ? [{ message: diagnostics }] : diagnostics;
    super(list.map(formatDiagnostic).join('\n'), ExitCode.badInput, options);
    this.diagnostics = list;
  }
}

// An assert step did not hold; nothing mutating has run yet in this run.
export class PreconditionError extends OpsError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.preconditionFailed, options);
  }
}

// A cluster target's kubeconfig points at another cluster than the run pinned: always exit 3,
// even after earlier steps changed things, because the operator must look at the kubeconfigs
// before anything else runs (the step was not sent).
export class ClusterMismatchError extends PreconditionError {}

// Another run holds the lock on one of this run's targets.
export class LockError extends OpsError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.locked, options);
  }
}

// A host could not be reached, or its key could not be trusted.
export class HostError extends OpsError {
  /** The host may come back by itself (refused, reset, timed out, connection lost), unlike an untrusted key or failed auth. */
  readonly transient: boolean;
  constructor(message: string, options: { hint?: string; cause?: unknown; transient?: boolean } = {}) {
    super(message, ExitCode.unreachable, options);
    this.transient = options.transient ?? false;
  }
}

// The connection went away under a command: whether the command took effect is unknown until its
// host is asked (`started`: the command had been sent).
export class ConnectionLostError extends HostError {
  readonly started: boolean;
  constructor(message: string, options: { hint?: string; cause?: unknown; started: boolean }) {
    super(message, { ...options, transient: true }); // the host may come back (a wait polls through it)
    this.started = options.started;
  }
}

// A step failed (exit code, timeout, transfer checksum, wait expired...).
export class StepError extends OpsError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.stepFailed, options);
  }
}

// The operator pressed Ctrl-C (or sent SIGTERM); the run is journaled as interrupted.
export class InterruptedError extends OpsError {
  constructor(message = 'interrupted', options: { hint?: string } = {}) {
    super(message, ExitCode.interrupted, options);
  }
}

export function isOpsError(e: unknown): e is OpsError {
  return e instanceof OpsError;
}
