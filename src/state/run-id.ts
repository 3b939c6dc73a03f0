// Run ids are what operators type at 3 a.m. (`opsctl resume <id>`): sortable by time, readable,
// and unique enough that two runs started in the same second do not clash.
import { randomBytes } from 'node:crypto';

// Older versions of opsctl drew 4 hex digits; their runs stay valid.
const RUN_ID_RE = /^\d{8}-\d{6}-[a-z0-9][a-z0-9-]*-(?:[0-9a-f]{4}|[0-9a-f]{8})$/;

// `YYYYMMDD-HHMMSS-<runbook>-<8 hex>` in UTC, so ids sort the same on every machine; 32 random
// bits keep runs started in the same second apart (and the run directory is created exclusively).
export function newRunId(runbookName: string, now: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  const time = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const name = runbookName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${date}-${time}-${name}-${randomBytes(4).toString('hex')}`;
}

// Guards paths built from user input: a run id never contains `/` or `..`.
export function isValidRunId(id: string): boolean {
  return RUN_ID_RE.test(id);
}
