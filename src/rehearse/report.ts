// The rehearsal table: one row per trial (step, kill point, how resume went, end state), then the
// totals the closing note of a change quotes. Text for people, JSON lines for tools.
import type { Trial } from './trial.js';

export interface Totals {
  trials: number;
  converged: number;
  neededHelp: number;
  differences: number;
  notReached: number;
  broken: number;
}

export function totals(trials: Trial[]): Totals {
  const count = (v: Trial['verdict']) => trials.filter((t) => t.verdict === v).length;
  return { trials: trials.length, converged: count('converged'), neededHelp: count('needed help'), differences: count('differs'), notReached: count('not reached'), broken: count('broken') };
}

export function tableHeader(): string {
  return row(['RUNBOOK', 'STEP', 'KILL POINT', 'RESUMED', 'END STATE', 'TIME']);
}

export function tableRow(t: Trial): string {
  const end = t.verdict === 'broken' ? 'trial broken' : t.differences.length + t.leftovers.length === 0 ? 'equal' : `${t.differences.length + t.leftovers.length} difference(s)`;
  const lines = [row([t.runbook, t.step, t.point, t.resumed, end, `${(t.ms / 1000).toFixed(1)}s`])];
  for (const d of [...t.differences, ...t.leftovers.map((l) => `left behind: ${l}`)].slice(0, 8)) lines.push(`    ${d}`);
  if (t.note && t.verdict !== 'converged') lines.push(`    note: ${t.note}`);
  return lines.join('\n');
}

export function renderTotals(t: Totals): string {
  return `${t.trials} trials: ${t.converged} converged without help, ${t.neededHelp} needed help, ${t.differences} with end-state differences, ${t.notReached} kill points not reached, ${t.broken} broken`;
}

const WIDTHS = [20, 44, 18, 15, 18, 7];
function row(cells: string[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(WIDTHS[i]))).join(' ').trimEnd();
}
