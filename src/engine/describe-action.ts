// What a step does, in one line: the command, the gate's question, or `copy a → b`. Shown in
// step.start events and for mutating steps under --check.
import type { PlanStep } from '../plan/types.js';
import { displayParts } from '../template/index.js';

export function describeAction(step: PlanStep): string {
  const a = step.action;
  switch (a.kind) {
    case 'run':
    case 'assert':
    case 'wait':
      return displayParts(a.command);
    case 'confirm':
      return displayParts(a.message);
    case 'copy':
      return `copy ${a.src} → ${displayParts(a.dest)}${a.mode ? ` (mode ${a.mode})` : ''}`;
    case 'fetch':
      return `fetch ${displayParts(a.src)} → ${a.dest}`;
    case 'edit':
      return `edit ${displayParts(a.path)}`;
  }
}
