// The default plan view: phases, one line per step and host saying what it does and whether it
// only reads, changes or destroys (what a confirm gate protects), then what is already known —
// the quorum arithmetic, an upgrade path, "will be refused at step N" — so the one thing that
// matters is not buried in 300 lines of shell. `--show-commands` gives the full view.
import { escapeTerminal as esc, truncateLine } from './escape.js';
import { formatValue } from './format.js';
import type { PlanHeader, PlanNoteEvent, PlanPaint, PlanStepEvent } from './plan-text.js';

type Effect = 'read-only' | 'mutating' | 'destructive' | 'gate';
const NOT_MUTATING = new Set<PlanStepEvent['kind']>(['assert', 'wait', 'skip']);
const plain = (s: string) => s;

interface Numbered {
  n: number;
  step: PlanStepEvent;
  effect: Effect;
  gate?: number;
}

// A mutating step is destructive when a confirm gate before it, in its phase or an enclosing
// one, protects it: the runbook's author put the gate there for what follows.
export function classifySteps(steps: readonly PlanStepEvent[]): Numbered[] {
  const gates: Array<{ n: number; phase: string[] }> = [];
  const out: Numbered[] = [];
  let n = 0;
  for (const step of steps) {
    if (step.kind === 'skip') continue;
    n += 1;
    if (step.kind === 'confirm') {
      gates.push({ n, phase: step.phase });
      out.push({ n, step, effect: 'gate' });
      continue;
    }
    if (step.readOnly || NOT_MUTATING.has(step.kind)) {
      out.push({ n, step, effect: 'read-only' });
      continue;
    }
    const gate = [...gates].reverse().find((g) => g.phase.every((p, i) => step.phase[i] === p));
    out.push({ n, step, effect: gate ? 'destructive' : 'mutating', ...(gate ? { gate: gate.n } : {}) });
  }
  return out;
}

export function renderPlanCompact(steps: readonly PlanStepEvent[], notes: readonly PlanNoteEvent[], header: PlanHeader, paint: PlanPaint = {}, width = 120): string {
  const p = { heading: plain, muted: plain, gate: plain, stepId: plain, removed: plain, ...paint };
  const lines = [p.heading(`Plan: ${esc(header.runbook)}`) + (header.runId ? p.muted(`  (run ${esc(header.runId)})`) : '')];
  const params = Object.entries(header.params ?? {}).filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0));
  if (params.length > 0) lines.push(...wrap(params.map(([k, v]) => `${esc(k)}=${esc(truncateLine(formatValue(v), 60))}`), width - 2).map((l) => `  ${l}`));
  if (header.hostFailure) lines.push(`  on host failure: ${esc(header.hostFailure)}`);

  const numbered = classifySteps(steps);
  const hostWidth = Math.min(16, Math.max(4, ...numbered.map((s) => s.step.host.length)));
  const idWidth = Math.min(28, Math.max(4, ...numbered.map((s) => s.step.stepId.length)));
  const numWidth = String(numbered.length).length;
  let phase: string | undefined;
  for (const s of numbered) {
    const key = s.step.phase.join('\u0000');
    if (key !== phase) {
      phase = key;
      const current = s.step.phase.at(-1) ?? header.runbook;
      const parent = s.step.phase.at(-2);
      lines.push('', p.heading(`── ${esc(current)}${parent === undefined ? '' : p.muted(` (included from ${esc(parent)})`)}`));
    }
    const tag = s.effect === 'gate' ? p.gate('GATE'.padEnd(11)) : s.effect === 'destructive' ? p.removed('destructive') : s.effect === 'read-only' ? p.muted('read-only'.padEnd(11)) : 'mutating'.padEnd(11);
    const extra = [s.gate ? `gate ${s.gate}` : '', s.step.final ? 'always runs' : '', s.step.when ? 'conditional' : ''].filter(Boolean);
    const head = `  ${String(s.n).padStart(numWidth)}  ${tag}  ${esc(s.step.host).padEnd(hostWidth)}  ${p.stepId(esc(s.step.stepId).padEnd(idWidth))}  `;
    const room = Math.max(20, width - head.length + (head.length - visibleLength(head)) - (extra.length ? extra.join(', ').length + 4 : 0));
    lines.push(head + truncateLine(esc(whatItDoes(s.step)), room) + (extra.length ? p.muted(`  (${extra.join(', ')})`) : ''));
  }

  const skipped = steps.filter((s) => s.kind === 'skip').length;
  lines.push('', p.heading(countLine(numbered, skipped)));
  const known = knownAtPlanTime(steps, notes, p);
  if (known.length > 0) lines.push('', p.heading('Known at plan time:'), ...known);
  lines.push(p.muted('(gate N: behind confirm gate N · conditional: decided at run time) every command: --show-commands · as data: --output json'));
  return lines.join('\n') + '\n';
}

function whatItDoes(s: PlanStepEvent): string {
  if (s.kind === 'confirm') return s.gate ?? s.command ?? 'confirm';
  if (s.name && s.name !== s.stepId) return s.name;
  const first = (s.command ?? s.rule ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return `${s.kind === 'run' ? '' : `${s.kind}: `}${first.trim()}`;
}

// The verdicts and facts known before anything runs, worst first, with the step they concern.
export function knownAtPlanTime(steps: readonly PlanStepEvent[], notes: readonly PlanNoteEvent[], paint: PlanPaint = {}, gates = true): string[] {
  const p = { gate: plain, removed: plain, muted: plain, ...paint };
  const numbered = classifySteps(steps);
  const at = (stepId?: string) => numbered.find((s) => s.step.stepId === stepId);
  const out: string[] = [];
  const order = { refused: 0, warn: 1, info: 2 } as const;
  for (const note of [...notes].sort((a, b) => order[a.verdict] - order[b.verdict])) {
    const step = at(note.stepId);
    const where = step ? ` at step ${step.n} (${esc(step.step.stepId)})` : '';
    const text = `${esc(note.label)}: ${esc(note.text)}`;
    if (note.verdict === 'refused') out.push(p.removed(`  ✖ will be refused${where}: ${text}`) + (note.fix ? `\n      ${esc(note.fix)}` : ''));
    else if (note.verdict === 'warn') out.push(p.gate(`  ⚠ ${text}`) + (note.fix ? `\n      ${esc(note.fix)}` : ''));
    else out.push(`  · ${text}`);
  }
  const gateSteps = numbered.filter((s) => s.effect === 'gate');
  if (gates && gateSteps.length > 0) {
    out.push(`  ⚠ ${gateSteps.length} confirm gate${gateSteps.length === 1 ? '' : 's'} (step${gateSteps.length === 1 ? '' : 's'} ${gateSteps.map((g) => g.n).join(', ')}): answered on the terminal, or --yes after reviewing this plan`);
  }
  return out;
}

function countLine(numbered: Numbered[], skipped: number): string {
  const hosts = new Set(numbered.map((s) => s.step.host)).size;
  const count = (e: Effect) => numbered.filter((s) => s.effect === e).length;
  const parts = [`${count('read-only')} read-only`, `${count('mutating')} mutating`, `${count('destructive')} destructive`, `${count('gate')} gate${count('gate') === 1 ? '' : 's'}`];
  return `${numbered.length} step${numbered.length === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}: ${parts.join(', ')}${skipped ? `; ${skipped} skipped at plan time` : ''}`;
}

function wrap(items: string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + 2 + item.length > width) {
      out.push(line);
      line = item;
    } else line = line ? `${line}  ${item}` : item;
  }
  if (line) out.push(line);
  return out;
}

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
