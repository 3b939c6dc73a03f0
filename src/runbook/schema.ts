// The opsctl/v1 runbook format (DESIGN.md §2) as zod schemas. A step's kind is the one kind key it
// carries; `withKind` turns that into a `kind` discriminator so the union is a real discriminated
// union and errors point at the right fields. Pure: no I/O here.
import { z } from 'zod';
import { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';

export const STEP_KINDS = ['run', 'copy', 'fetch', 'edit', 'wait', 'assert', 'confirm', 'foreach', 'include'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const ID_RE = /^[a-z0-9][a-z0-9_.-]*$/i;
const NAME_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 5m, 1h or 500ms, found ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  if (ms > MAX_DURATION_MS) {
    // Node's timers fire at once beyond 2^31-1 ms, which would kill a step the moment it starts.
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is longer than the longest wait opsctl can time (${formatDuration(MAX_DURATION_MS)}, about 24 days)` });
    return z.NEVER;
  }
  return ms;
});

const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

// How a value is taken from a step's result: the whole stream, a regex group, or a JSON path.
export const captureSpec = z.union([
  z.enum(['stdout', 'stderr', 'exitCode']),
  z.strictObject({
    from: z.enum(['stdout', 'stderr']).default('stdout'),
    regex: z.string().optional(),
    group: z.union([z.number().int().min(0), z.string()]).optional(),
    json: z.string().optional(),
    trim: z.boolean().default(true),
    default: z.string().optional(),
  }),
]);
export type CaptureSpec = z.infer<typeof captureSpec>;

// What one failed host does to the others (docs/runbooks.md §15): the run's, a step group's or a
// foreach's. maxFailed: failures tolerated before the rest stop, a count or a percentage.
const onHostFailure = z.enum(['stop-all', 'continue-others'], { error: 'expected stop-all or continue-others' });
const maxFailed = z.union([
  z.number().int().min(0),
  z.string().regex(/^(\d+|(100|[1-9]?\d)%)$/, 'expected a count like 1 or a percentage like "25%" (at most 100%)'),
]);

// Fields every step may carry, whatever its kind.
const common = {
  id: z.string().regex(ID_RE, 'expected an id of letters, digits, "-", "_" or "." (resume keys on it)'),
  name: z.string().optional(),
  on: z.string().optional(),
  when: z.union([z.string(), z.boolean()]).optional(),
  // A false `when` in words, shown as the skip reason instead of the expression ("no --fetch-to").
  whenText: z.string().min(1).optional(),
  readOnly: z.boolean().optional(),
  sudo: z.boolean().optional(),
  timeout: duration.optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelay: duration.optional(),
  capture: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a capture name like snapshotHash'), captureSpec).optional(),
  idempotent: z.boolean().optional(),
  undo: z.string().optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
  okExitCodes: z.array(z.number().int().min(0).max(255)).optional(),
  creates: z.string().optional(),
  unless: z.string().optional(),
  onHostFailure: onHostFailure.optional(),
  maxFailed: maxFailed.optional(),
};

export const copySpec = z.strictObject({
  src: z.string().min(1),
  dest: z.string().min(1),
  mode: z.string().regex(/^0?[0-7]{3,4}$/, 'expected an octal mode like "0644"').optional(),
  template: z.boolean().default(false),
});

export const fetchSpec = z.strictObject({ src: z.string().min(1), dest: z.string().min(1) });

// Structured edits; each op is pure (src/edit) so dry-run can show the exact diff.
export const editSpec = z
  .strictObject({
    path: z.string().min(1),
    removeLines: z.string().optional(),
    setEnv: stringMap.optional(),
    unsetEnv: z.array(z.string()).optional(),
    removeFromList: z
      .strictObject({ key: z.string(), item: z.string(), separator: z.string().default(',') })
      .optional(),
    removeHostFromGroups: z.strictObject({ host: z.string(), groups: z.array(z.string()).min(1) }).optional(),
    removeServer: z.string().optional(),
    backup: z.boolean().default(true),
  })
  .refine(
    (e) => e.removeLines || e.setEnv || e.unsetEnv || e.removeFromList || e.removeHostFromGroups || e.removeServer,
    { message: 'an edit needs at least one of removeLines, setEnv, unsetEnv, removeFromList, removeHostFromGroups, removeServer' },
  );
export type EditSpec = z.infer<typeof editSpec>;

export const waitSpec = z.strictObject({
  run: z.string().min(1),
  until: z.string().default('exitCode == 0'),
  interval: duration.default(5000),
  timeout: duration.default(300_000),
  message: z.string().optional(),
});

export const assertSpec = z.union([
  z.string().min(1),
  z.strictObject({ run: z.string().min(1), expect: z.string().optional(), message: z.string().optional() }),
]);

export const confirmSpec = z.union([
  z.string().min(1),
  z.strictObject({ message: z.string().min(1), default: z.boolean().default(false) }),
]);

export const includeSpec = z.strictObject({
  runbook: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

export type RunStep = { kind: 'run'; run: string } & CommonFields;
export type CopyStep = { kind: 'copy'; copy: z.infer<typeof copySpec> } & CommonFields;
export type FetchStep = { kind: 'fetch'; fetch: z.infer<typeof fetchSpec> } & CommonFields;
export type EditStep = { kind: 'edit'; edit: EditSpec } & CommonFields;
export type WaitStep = { kind: 'wait'; wait: z.infer<typeof waitSpec> } & CommonFields;
export type AssertStep = { kind: 'assert'; assert: z.infer<typeof assertSpec> } & CommonFields;
export type ConfirmStep = { kind: 'confirm'; confirm: z.infer<typeof confirmSpec> } & CommonFields;
export type ForeachStep = {
  kind: 'foreach';
  foreach: { items: string | Array<string | number>; as: string; serial?: number | string; parallel?: number | string; steps: Step[] };
} & CommonFields;
export type IncludeStep = { kind: 'include'; include: z.infer<typeof includeSpec> } & CommonFields;
export type Step = RunStep | CopyStep | FetchStep | EditStep | WaitStep | AssertStep | ConfirmStep | ForeachStep | IncludeStep;
export type CommonFields = z.infer<z.ZodObject<typeof common>>;

// Inject the discriminator from whichever kind key the step carries. Missing or several kind keys
// are left for the union to report (with a message naming the kinds).
function withKind(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const present = STEP_KINDS.filter((k) => k in (raw as Record<string, unknown>));
  if (present.length !== 1) return { ...(raw as object), kind: present.length === 0 ? '<none>' : `<several:${present.join(',')}>` };
  return { ...(raw as object), kind: present[0] };
}

export const stepSchema: z.ZodType<Step> = z.lazy(() =>
  z.preprocess(
    withKind,
    z.discriminatedUnion(
      'kind',
      [
        z.strictObject({ ...common, kind: z.literal('run'), run: z.string().min(1) }),
        z.strictObject({ ...common, kind: z.literal('copy'), copy: copySpec }),
        z.strictObject({ ...common, kind: z.literal('fetch'), fetch: fetchSpec }),
        z.strictObject({ ...common, kind: z.literal('edit'), edit: editSpec }),
        z.strictObject({ ...common, kind: z.literal('wait'), wait: waitSpec }),
        z.strictObject({ ...common, kind: z.literal('assert'), assert: assertSpec }),
        z.strictObject({ ...common, kind: z.literal('confirm'), confirm: confirmSpec }),
        z.strictObject({
          ...common,
          kind: z.literal('foreach'),
          foreach: z
            .strictObject({
              items: z.union([z.string().min(1), z.array(z.union([z.string(), z.number()]))]),
              as: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name like member'),
              serial: z.union([z.number().int().min(1), z.string().regex(/\{\{/, 'expected a number or a template like "{{ params.batch }}"')]).optional(),
              parallel: z.union([z.number().int().min(1), z.string().regex(/\{\{/, 'expected a number or a template like "{{ params.batch }}"')]).optional(),
              steps: z.array(stepSchema).min(1),
            })
            .refine((f) => !(f.serial && f.parallel), { message: 'use serial or parallel, not both' }),
        }),
        z.strictObject({ ...common, kind: z.literal('include'), include: includeSpec }),
      ],
      { error: () => `a step needs exactly one of: ${STEP_KINDS.join(', ')}` },
    ),
  ),
) as unknown as z.ZodType<Step>;

export const paramSpec = z.strictObject({
  type: z.enum(['string', 'number', 'boolean', 'list']).default('string'),
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  description: z.string().optional(),
  secret: z.boolean().default(false),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
});
export type ParamSpec = z.infer<typeof paramSpec>;

// `targets: { source: { kubeconfig: ..., context: ... } }`: a Kubernetes cluster as a target.
export const clusterTarget = z.strictObject({ kubeconfig: z.string().min(1), context: z.string().min(1).optional() });
export type ClusterTarget = z.infer<typeof clusterTarget>;

export const runbookSchema = z.strictObject({
  apiVersion: z.literal('opsctl/v1', { error: 'expected apiVersion: opsctl/v1' }),
  kind: z.literal('Runbook', { error: 'expected kind: Runbook' }),
  metadata: z.strictObject({
    name: z.string().regex(NAME_RE, 'expected a kebab-case name like master-backup'),
    title: z.string().optional(),
    source: z.string().optional(),
    description: z.string().optional(),
  }),
  params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a param name like backupRoot'), paramSpec).default({}),
  // A target is hosts (a name, a list) or a cluster: steps on it run here with that kubeconfig only.
  targets: z.record(z.string(), z.union([z.string(), z.array(z.string()), clusterTarget])).default({}),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])).default({}),
  // Extra lock names beyond the hosts touched (e.g. "etcd-cluster"), templated.
  lock: z.array(z.string()).optional(),
  // The run's host-failure policy; absent: stop-all. Not used when the runbook is included.
  onHostFailure: onHostFailure.optional(),
  maxFailed: maxFailed.optional(),
  steps: z.array(stepSchema).min(1, 'a runbook needs at least one step'),
  // Steps that run after `steps` whether they succeeded or failed (unpause, scale back up).
  finally: z.array(stepSchema).default([]),
});
export type Runbook = z.infer<typeof runbookSchema>;

/** Every key a step may carry, for "did you mean" suggestions. */
export const STEP_KEYS: readonly string[] = [...Object.keys(common), ...STEP_KINDS];
