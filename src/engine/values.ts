// Run-time values: captures (per host, then run-wide) and secrets, used to finish a step's parts
// just before it is sent. Restored from the journal on resume.
import type { Parts } from '../template/types.js';
import { finishParts } from '../template/index.js';

export class RunValues {
  private readonly global: Record<string, string> = {};
  private readonly perHost = new Map<string, Record<string, string>>();

  constructor(readonly secrets: Record<string, unknown>) {}

  record(host: string, captures: Record<string, string>): void {
    Object.assign(this.global, captures);
    const mine = this.perHost.get(host) ?? {};
    Object.assign(mine, captures);
    this.perHost.set(host, mine);
  }

  /** Captures as a step on `host` sees them: its own host's first, then the latest from any host. */
  capturesFor(host: string): Record<string, string> {
    return { ...this.global, ...(this.perHost.get(host) ?? {}) };
  }

  finish(parts: Parts, host: string): string {
    return finishParts(parts, { captures: this.capturesFor(host), secrets: this.secrets });
  }

  /** The secret values, for the redactor. */
  secretValues(): string[] {
    return Object.values(this.secrets).flatMap((v) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]));
  }
}
