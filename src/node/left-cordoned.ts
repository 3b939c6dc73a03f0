// Which nodes a run drained and did not uncordon (its upgrade or maintenance stopped in between),
// and the exact command that puts each back. Failed nodes stay cordoned on purpose — safer than
// scheduling onto a half-upgraded node — so the operator must be told, by name, with the command.
// Pure: the plan and the journal's step states in, messages out.
import type { Plan } from '../plan/types.js';
import { walkPlan } from '../plan/walk.js';
import type { StepState } from '../state/replay.js';
import { shellQuote } from '../template/index.js';

export interface LeftCordoned {
  node: string;
  /** Where kubectl ran the drain (the command must run there too). */
  via: string;
  command: string;
}

const DRAIN = /(^|-)drain$/;
const UNCORDON = /(^|-)uncordon$/;

// A drain step and the uncordon step of the same branch: the node is the branch's item (a foreach
// over nodes) or the run's `node` param.
export function leftCordoned(plan: Plan, states: Map<string, StepState>): LeftCordoned[] {
  const branches = new Map<string, { node: string; drained?: { via: string }; uncordoned: boolean }>();
  for (const { node: step, groups } of walkPlan(plan)) {
    if (step.type !== 'step' || !(DRAIN.test(step.id) || UNCORDON.test(step.id))) continue;
    const branch = groups.at(-1) ?? '';
    const node = /\[([^\]]+)\]$/.exec(branch)?.[1] ?? String(plan.params.node ?? '');
    if (!node) continue;
    const entry = branches.get(branch) ?? { node, uncordoned: false };
    const state = states.get(step.key);
    // kubectl drain cordons first: a drain that failed (a budget, a timeout) or died midway leaves it cordoned too.
    if (DRAIN.test(step.id) && (state === 'done' || state === 'failed' || state === 'unknown')) entry.drained = { via: step.host };
    if (UNCORDON.test(step.id) && state === 'done') entry.uncordoned = true;
    branches.set(branch, entry);
  }
  const kubeconfig = String(plan.params.kubeconfig ?? '/etc/kubernetes/admin.conf');
  return [...branches.values()]
    .filter((b) => b.drained && !b.uncordoned)
    .map((b) => ({ node: b.node, via: b.drained!.via, command: `kubectl --kubeconfig ${shellQuote(kubeconfig)} uncordon ${shellQuote(b.node)}` }));
}
