// A rendered template is a list of parts: literal text, plus references that can only be filled
// in at run time (captures) or must never be written down (secrets). Plans store parts, so
// dry-run shows `<captures.x>` / `***` and the engine fills them just before a command is sent.
import type { QuoteContext } from './shell-lex.js';

export interface Filter {
  name: string;
  args: Array<string | number | boolean>;
}

export interface DeferredRef {
  /** Dotted reference, e.g. `captures.snapshotHash` or `params.awsSecret`. */
  ref: string;
  /** Filters still to apply once the value is known (e.g. `default`, `join`). */
  filters: Filter[];
  /** Shell-quote the final value (commands), unless the template said `| raw`. */
  quote: boolean;
  /** Where the reference stands in the command when not unquoted ("…", '…', a heredoc…): how to escape it. */
  context?: Exclude<QuoteContext, { kind: 'unquoted' }>;
  /** A secret: shown as `***`, never written to plans, journals or logs. */
  secret?: boolean;
}

export type Part = string | DeferredRef;
export type Parts = Part[];

/** What a template may refer to while a plan is compiled. */
export interface TemplateContext {
  params: Record<string, unknown>;
  /** Names of params declared `secret: true`; references to them are deferred. */
  secretParams: ReadonlySet<string>;
  vars: Record<string, unknown>;
  hosts: Record<string, Record<string, unknown>>;
  groups: Record<string, string[]>;
  run: { id: string };
  now: Date;
  /** Loop variables from `foreach ... as:` and the current host (`host`). */
  locals: Record<string, unknown>;
}
