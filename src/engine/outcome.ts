// What one attempt of a step produced, in the shape the journal and the reporters both need.
import type { StepStatus } from './events.js';
import type { OpsError } from '../errors.js';

export interface StepOutcome {
  status: StepStatus;
  exitCode: number | null;
  captures: Record<string, string>;
  /** Why a step was skipped or failed, in a few words. */
  reason?: string;
  /** What the operator should read: the error with the tail of the output. */
  message?: string;
  diff?: string;
  /** For failures: the error to map to an exit code. */
  error?: OpsError;
  /** The run was interrupted while this step ran. */
  interrupted?: boolean;
  /** Nobody can tell whether the command took effect (connection lost, host could not say). */
  unknown?: boolean;
  /** Failed after the command itself succeeded (a capture): the command's effect happened. */
  commandOk?: boolean;
  /** Read back from the step's record on its host. */
  recovered?: boolean;
}

export function tail(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}
