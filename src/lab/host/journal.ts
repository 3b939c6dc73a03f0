// A per-unit journal in the host's run dir, so `systemctl status` can end with the last lines
// the way journald shows them, including haproxy's own error when its config is rejected.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostContext } from './host-context.js';

const file = (ctx: HostContext, unit: string) => join(ctx.runDir, `journal-${unit}.log`);

// `Nov 22 13:05:01`, as journalctl's short format prints it.
export function journalTime(d = new Date()): string {
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${mon} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function journal(ctx: HostContext, unit: string, source: string, lines: string[]): void {
  const stamp = journalTime();
  appendFileSync(file(ctx, unit), lines.map((l) => `${stamp} ${ctx.host} ${source}: ${l}\n`).join(''));
}

export function journalTail(ctx: HostContext, unit: string, n = 10): string[] {
  try {
    return readFileSync(file(ctx, unit), 'utf8').trimEnd().split('\n').slice(-n);
  } catch {
    return [];
  }
}
