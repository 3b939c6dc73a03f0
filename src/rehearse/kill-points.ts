// Where rehearse kills opsctl: at the start of every step that ran in the uninterrupted run (its
// start journaled, its command not yet sent) and in its middle (half its reference duration after
// the start). Pure: the reference journal in, the points out.

export interface KillPoint {
  key: string;
  at: 'start' | 'middle';
  /** For `middle`: milliseconds after the step's start. */
  ms?: number;
  host: string;
}

export function killPoints(entries: Array<Record<string, unknown>>): KillPoint[] {
  const order: string[] = [];
  const host = new Map<string, string>();
  const duration = new Map<string, number>();
  for (const e of entries) {
    const key = e.key as string;
    if (e.type === 'step.start' && !host.has(key)) {
      order.push(key);
      host.set(key, e.host as string);
    }
    if (e.type === 'step.end' && (e.attempt as number) > 0) duration.set(key, (duration.get(key) ?? 0) + (e.durationMs as number));
  }
  return order.flatMap((key) => [
    { key, at: 'start' as const, host: host.get(key)! },
    { key, at: 'middle' as const, ms: Math.max(1, Math.round((duration.get(key) ?? 2) / 2)), host: host.get(key)! },
  ]);
}

/** The hook's value for a point (see cli/fault-hook.ts). */
export function hookValue(p: KillPoint): string {
  return `${p.key}@${p.at === 'start' ? 'start' : p.ms}`;
}

export const pointName = (p: { key: string; at: string }): string => `${p.key}@${p.at}`;

/** The named points, or `n` spread evenly over all of them. */
export function samplePoints(all: KillPoint[], named: string[], n: number | undefined): KillPoint[] {
  if (n === undefined) return all;
  const chosen = named.map((name) => all.find((p) => pointName(p) === name)).filter((p): p is KillPoint => p !== undefined);
  for (let i = 0; chosen.length < Math.min(n, all.length) && i < n; i++) {
    const p = all[Math.floor(((i + 0.5) * all.length) / n)];
    if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen.slice(0, Math.max(n, 0));
}
