// The dry-run view: what would run where, in order, for an operator to review before a change
// window. Pure text so it is testable; the TTY reporter passes `paint` to colour it.
import type { RunEvent } from '../engine/events.js';
import { escapeTerminal as esc } from './escape.js';
import { formatValue } from './format.js';
import { knownAtPlanTime, renderPlanCompact } from './plan-compact.js';

export type PlanStepEvent = Extract<RunEvent, { type: 'plan.step' }>;
export type PlanNoteEvent = Extract<RunEvent, { type: 'plan.note' }>;
export interface PlanHeader {
  runbook: string;
  runId?: string;
  params?: Record<string, unknown>;
  /** The run's host-failure policy in words. */
  hostFailure?: string;
}
type Paint = (s: string) => string;
export interface PlanPaint {
  heading?: Paint;
  stepId?: Paint;
  command?: Paint;
  added?: Paint;
  removed?: Paint;
  hunk?: Paint;
  gate?: Paint;
  muted?: Paint;
}

// Kinds that only look or wait: not counted as changes even when not marked read-only.
const NOT_MUTATING = new Set<PlanStepEvent['kind']>(['assert', 'confirm', 'wait', 'skip']);
const plain: Paint = (s) => s;

export function renderPlanText(steps: readonly PlanStepEvent[], header: PlanHeader, paint: PlanPaint = {}, notes: readonly PlanNoteEvent[] = []): string {
  const p: Required<PlanPaint> = {
    heading: plain, stepId: plain, command: plain, added: plain, removed: plain, hunk: plain, gate: plain, muted: plain,
    ...paint,
  };
  const lines = [p.heading(`Plan: ${esc(header.runbook)}`) + (header.runId ? p.muted(`  (run ${esc(header.runId)})`) : '')];
  const params = Object.entries(header.params ?? {});
  if (params.length > 0) {
    const width = Math.max(...params.map(([k]) => k.length));
    lines.push('params:', ...params.map(([k, v]) => `  ${esc(k).padEnd(width)}  ${esc(formatValue(v))}`));
  }
  if (header.hostFailure) lines.push(`on host failure: ${esc(header.hostFailure)}`);

  const numberWidth = String(steps.filter((s) => s.kind !== 'skip').length).length;
  const indent = ' '.repeat(numberWidth + 4);
  let phase: string | undefined;
  let group: string | undefined;
  let n = 0;
  for (const s of steps) {
    const phaseKey = s.phase.join('\u0000');
    if (phaseKey !== phase) {
      phase = phaseKey;
      group = undefined;
      lines.push('', p.heading(phaseHeading(s.phase, header.runbook)));
    }
    if (s.group !== group) {
      group = s.group;
      if (group !== undefined) lines.push(p.muted(`  ∥ ${esc(group)}`));
    }
    if (s.kind === 'skip') {
      const reason = s.reason ? `: ${esc(s.reason)}` : '';
      lines.push(p.muted(`  ${' '.repeat(numberWidth)}  – skip ${esc(s.stepId)} @ ${esc(s.host)}${reason}`));
      continue;
    }
    n += 1;
    const name = s.name && s.name !== s.stepId ? ` (${esc(s.name)})` : '';
    const tags = (s.readOnly ? '  (read-only)' : '') + (s.final ? '  (always runs)' : '');
    lines.push(`  ${String(n).padStart(numberWidth)}. ${p.stepId(esc(s.stepId))}${name}  ${s.kind} @ ${esc(s.host)}${p.muted(tags)}`);
    lines.push(...renderDetails(s, indent, p));
  }
  lines.push('', p.heading(countLine(steps)));
  const known = knownAtPlanTime(steps, notes, p, false);
  if (known.length > 0) lines.push('', p.heading('Known at plan time:'), ...known);
  return lines.join('\n') + '\n';
}

// The view a reporter prints for a plan: compact by default, every command with --show-commands.
export function renderPlan(steps: readonly PlanStepEvent[], notes: readonly PlanNoteEvent[], header: PlanHeader, paint: PlanPaint, showCommands: boolean, width?: number): string {
  return showCommands ? renderPlanText(steps, header, paint, notes) : renderPlanCompact(steps, notes, header, paint, width);
}

function phaseHeading(phase: string[], runbook: string): string {
  const current = phase.at(-1) ?? runbook;
  const parent = phase.at(-2);
  return `── phase: ${esc(current)}${parent === undefined ? '' : ` (included from ${esc(parent)})`}`;
}

function renderDetails(s: PlanStepEvent, indent: string, p: Required<PlanPaint>): string[] {
  const lines: string[] = [];
  const gate = s.gate ?? (s.kind === 'confirm' ? s.command : undefined);
  if (gate !== undefined) lines.push(...labelled(indent, '⚠ CONFIRM', gate).map(p.gate));
  if (s.when !== undefined) lines.push(...labelled(indent, 'when', `${s.when}  (decided at run time)`));
  if (s.command !== undefined && s.command !== gate) {
    lines.push(...splitLines(esc(s.command)).map((line) => indent + p.command(line)));
  }
  if (s.rule !== undefined) lines.push(...labelled(indent, 'rule', s.rule));
  if (s.diff !== undefined) lines.push(...splitLines(esc(s.diff)).map((line) => indent + paintDiffLine(line, p)));
  for (const guard of s.guards ?? []) lines.push(...labelled(indent, 'guard', guard));
  if (s.undo !== undefined) lines.push(...labelled(indent, 'undo', s.undo));
  if (s.hostFailure !== undefined) lines.push(...labelled(indent, 'on host failure', s.hostFailure));
  return lines;
}

// `label: first line`, further lines aligned under the first, so multi-line values stay readable.
function labelled(indent: string, label: string, text: string): string[] {
  const pad = ' '.repeat(label.length + 2);
  return splitLines(esc(text)).map((line, i) => `${indent}${i === 0 ? `${label}: ` : pad}${line}`);
}

function splitLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

// Shared with the TTY reporter, which shows the real diffs of `--check` and of changed edits.
export function paintDiffLine(line: string, p: Pick<Required<PlanPaint>, 'heading' | 'hunk' | 'added' | 'removed'>): string {
  if (line.startsWith('+++') || line.startsWith('---')) return p.heading(line);
  if (line.startsWith('@@')) return p.hunk(line);
  if (line.startsWith('+')) return p.added(line);
  if (line.startsWith('-')) return p.removed(line);
  return line;
}

function countLine(steps: readonly PlanStepEvent[]): string {
  const active = steps.filter((s) => s.kind !== 'skip');
  const hosts = new Set(active.map((s) => s.host)).size;
  const mutating = active.filter((s) => !s.readOnly && !NOT_MUTATING.has(s.kind)).length;
  const gates = active.filter((s) => s.kind === 'confirm' || s.gate !== undefined).length;
  const skipped = steps.length - active.length;
  const counts = [
    `${plural(active.length, 'step')} on ${plural(hosts, 'host')}`,
    `${mutating} mutating`,
    plural(gates, 'gate'),
    ...(skipped > 0 ? [`${skipped} skipped`] : []),
  ];
  return counts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
