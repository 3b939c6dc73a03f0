// Skipped steps say why in words: a step's `whenText` replaces its `when:` expression as the skip
// reason, at compile time (a skip node) and at run time (kept beside the deferred condition).
import type { Step } from '../runbook/schema.js';

interface Deferred {
  when: string[];
  whenText: Record<string, string>;
}

// Why a step left out at compile time is skipped: its `whenText`, else the condition itself.
export function falseWhen(step: Step): string {
  return step.whenText ?? `when: ${String(step.when)} is false`;
}

// The run-time conditions a step inherits plus its own (when it needs captures), with their words.
export function deferWhen(scope: Deferred, step: Step, cond: true | string): Deferred {
  if (cond === true) return { when: scope.when, whenText: scope.whenText };
  return { when: [...scope.when, cond], whenText: step.whenText ? { ...scope.whenText, [cond]: step.whenText } : scope.whenText };
}

// The words for the condition that turned out false at run time.
export function runTimeSkipReason(whenText: Record<string, string> | undefined, failing: string): string {
  return whenText?.[failing] ?? `when: ${failing} is false`;
}
