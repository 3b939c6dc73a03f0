// The journal's on-disk format (DESIGN.md §4). Every line is validated when read, so a resume never
// acts on a field it misunderstood; `v` lets a later opsctl recognise (and migrate) old journals.
import { z } from 'zod';

export const JOURNAL_VERSION = 1;

const base = { v: z.literal(JOURNAL_VERSION), ts: z.iso.datetime({ offset: true }) };
const stepRef = { key: z.string().min(1), stepId: z.string().min(1), host: z.string() };

export const runStartEntry = z.object({
  ...base,
  type: z.literal('run.start'),
  runId: z.string().min(1),
  runbook: z.string().min(1),
  runbookFile: z.string().optional(),
  runbookDigest: z.string(),
  planDigest: z.string(),
  /** Already redacted by the caller: the journal never holds a secret in clear. */
  params: z.record(z.string(), z.unknown()),
  mode: z.enum(['run', 'check']),
  pid: z.number().int(),
  hostname: z.string(),
  /** The writer's start time in clock ticks since boot: a reused pid is not this run's process. */
  pidStart: z.string().optional(),
});

export const runResumeEntry = z.object({
  ...base,
  type: z.literal('run.resume'),
  pid: z.number().int(),
  hostname: z.string(),
  pidStart: z.string().optional(),
  force: z.boolean().optional(),
  retryUnknown: z.boolean().optional(),
});

export const stepStartEntry = z.object({
  ...base,
  type: z.literal('step.start'),
  ...stepRef,
  attempt: z.number().int().min(1),
  /** The step's outcome record on its host (run-scoped, private): resume reads it back. */
  rec: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
});

export const stepEndEntry = z.object({
  ...base,
  type: z.literal('step.end'),
  ...stepRef,
  status: z.enum(['ok', 'changed', 'failed', 'skipped']),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().min(0),
  // 0: ended without an attempt (skipped by a guard or `when`, or failed before connecting).
  attempt: z.number().int().min(0),
  captures: z.record(z.string(), z.string()),
  error: z.string().optional(),
  reason: z.string().optional(),
  /** Nobody can tell whether the command took effect (its connection dropped and its host could not say). */
  unknown: z.literal(true).optional(),
  /** The command itself succeeded (its effect happened); what failed came after it (a capture). */
  commandOk: z.literal(true).optional(),
  /** The outcome was read back from the step's record on its host after opsctl lost sight of it. */
  recovered: z.literal(true).optional(),
});

// The operator checked a step by hand: `opsctl resume --mark KEY=done|skip --reason TEXT`.
export const stepMarkEntry = z.object({
  ...base,
  type: z.literal('step.mark'),
  ...stepRef,
  state: z.enum(['done', 'skip']),
  reason: z.string().min(1),
  user: z.string().optional(),
});

export const stepUndoEntry = z.object({
  ...base,
  type: z.literal('step.undo'),
  ...stepRef,
  status: z.enum(['ok', 'failed']),
  exitCode: z.number().int().nullable(),
});

// A cluster target's identity, pinned when first read; resume checks every cluster against it.
export const clusterPinEntry = z.object({
  ...base,
  type: z.literal('cluster.pin'),
  target: z.string().min(1),
  kubeconfig: z.string().min(1),
  context: z.string().optional(),
  server: z.string().min(1),
  uid: z.string().min(1),
});

export const runEndEntry = z.object({
  ...base,
  type: z.literal('run.end'),
  status: z.enum(['succeeded', 'failed', 'interrupted']),
  exitCode: z.number().int(),
  failedStep: z.string().optional(),
  message: z.string().optional(),
});

export const journalEntrySchema = z.discriminatedUnion('type', [
  runStartEntry,
  runResumeEntry,
  stepStartEntry,
  stepEndEntry,
  stepMarkEntry,
  stepUndoEntry,
  clusterPinEntry,
  runEndEntry,
]);

export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type JournalEntryType = JournalEntry['type'];
export type RunStartEntry = z.infer<typeof runStartEntry>;
export type RunResumeEntry = z.infer<typeof runResumeEntry>;
export type StepStartEntry = z.infer<typeof stepStartEntry>;
export type StepEndEntry = z.infer<typeof stepEndEntry>;
export type StepUndoEntry = z.infer<typeof stepUndoEntry>;
export type StepMarkEntry = z.infer<typeof stepMarkEntry>;
export type RunEndEntry = z.infer<typeof runEndEntry>;

/** What the engine hands to `JournalWriter.append`: the writer stamps `v` and `ts`. */
export type JournalInput = JournalEntry extends infer E ? (E extends unknown ? Omit<E, 'v' | 'ts'> : never) : never;
