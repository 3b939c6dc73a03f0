// The domain commands (`opsctl backup master`, `opsctl etcd snapshot`, ...): each is a built-in
// runbook behind friendly flags. Declared as data, so adding one is a table entry, and every one
// gets --dry-run, --check, -p, -i, --yes, --output and resume for free.

export interface DomainFlag {
  /** commander flag syntax, e.g. `--host <names>` or `--no-compress`. */
  flag: string;
  /** Runbook param it sets. */
  param: string;
  description: string;
  /** For `--no-x` flags: the param gets `false` when given. */
  negate?: boolean;
  /** The value names an inventory group: the param gets its hosts, comma-separated (checked here, so a typo is bad input). */
  group?: boolean;
  /** The value is a path on this machine: made absolute against the current directory (a resumed run may start elsewhere). */
  path?: boolean;
  /** Required flags are checked by the runbook's params (one message style for all). */
}

/** A capture printed after the run, per host (`--output json`: a `message` event). */
export interface SummaryItem {
  capture: string;
  label?: string;
  /** `warn` for something the operator must act on. */
  level?: 'info' | 'warn';
}

/** A positional argument (`opsctl node drain NODE`): the param it sets. */
export interface DomainArg {
  name: string;
  param: string;
  description: string;
}

export interface DomainCommand {
  /** Command words, e.g. ['backup', 'master']. */
  path: string[];
  runbook: string;
  description: string;
  flags: DomainFlag[];
  args?: DomainArg[];
  /** Params every run of this command gets (`action: drain`); flags and -p cannot change them. */
  fixed?: Record<string, unknown>;
  /** Captures that are the command's results, printed after a run or resume. */
  summary?: SummaryItem[];
  /**
   * Params worked out from the inventory before the plan is compiled (the -i path, a host's
   * address, a quorum preview), so a dry-run shows real values. Flags and -p win. Loaded lazily.
   */
  derive?: () => Promise<DeriveParams>;
  /**
   * What is known at plan time and belongs at the end of the plan view (the quorum arithmetic, an
   * upgrade path, a verdict such as "will be refused at step N"). Loaded lazily, like derive.
   */
  notes?: () => Promise<(params: Record<string, unknown>, inventory: { inventory: import('../inventory/types.js').Inventory }) => import('../plan/types.js').PlanNote[]>;
  /**
   * Messages after a run or resume worked out from the plan and the journal (nodes left
   * cordoned, a version table), beside `summary`. Loaded lazily.
   */
  report?: () => Promise<ReportRun>;
}

/**
 * `given`: the params from flags and -p; `inventory`: the -i file (absolute path) as parsed;
 * `context`: how the command runs (a derive may read hosts, except in a dry-run) and its globals.
 */
export type DeriveParams = (
  given: Record<string, unknown>,
  inventory: { path?: string; inventory: import('../inventory/types.js').Inventory },
  context: { mode: 'dry-run' | 'check' | 'run'; globals: import('./global-options.js').GlobalOptions },
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export type ReportRun = (run: { plan: import('../plan/types.js').Plan; state: import('../state/replay.js').RunState }) => Array<{ level: 'info' | 'warn'; text: string }>;

export const DOMAIN_COMMANDS: DomainCommand[] = [];

/** Registered by the runbook issues: one entry per built-in runbook with a domain command. */
export function defineDomainCommand(cmd: DomainCommand): void {
  DOMAIN_COMMANDS.push(cmd);
}
