// What `opsctl upgrade kubeadm` and `opsctl node ...` say after a run or resume, from the plan
// and the journal: the path, the before/after versions, and every node the run drained and did
// not uncordon, with the exact command to put it back. Pure.
import type { Plan } from '../plan/types.js';
import type { RunState } from '../state/replay.js';
import { leftCordoned } from '../node/left-cordoned.js';
import { parseKubeletSummary, renderColumns } from './versions-table.js';

type Message = { level: 'info' | 'warn'; text: string };

function cordonedMessages(plan: Plan, state: RunState): Message[] {
  const states = new Map([...state.steps].map(([k, r]) => [k, r.state]));
  return leftCordoned(plan, states).map((c) =>
    state.status === 'succeeded'
      ? { level: 'info', text: `${c.node} is drained and cordoned, as asked; to put it back: ${c.command}   (on ${c.via})` }
      : {
          level: 'warn',
          text: `${c.node} is left cordoned (drained by this run, which stopped before uncordoning it). Once it is healthy: ${c.command}   (on ${c.via}) — or continue the run: opsctl resume ${plan.runId}`,
        },
  );
}

// `opsctl upgrade kubeadm`: the path, the versions before → after, nodes left cordoned.
export function reportKubeadmUpgrade({ plan, state }: { plan: Plan; state: RunState }): Message[] {
  const out: Message[] = [];
  const path = (plan.params.path as string[] | undefined) ?? [];
  out.push({ level: 'info', text: `upgrade path: ${[String(plan.params.from), ...path].join(' → ')}${path.length ? '' : ' (nothing to upgrade)'}` });
  const before = state.captures.versionsBefore;
  const after = state.captures.versionsAfter;
  if (before && after) {
    const b = parseKubeletSummary(before);
    const a = parseKubeletSummary(after);
    const rows = [['NODE', 'BEFORE', 'AFTER'], ...[...a.keys()].map((n) => [n, b.get(n) ?? '-', a.get(n) ?? '-'])];
    out.push({ level: 'info', text: ['kubelet versions before → after:', ...renderColumns(rows).map((l) => `  ${l}`)].join('\n') });
  }
  return [...out, ...cordonedMessages(plan, state)];
}

// `opsctl node ...`: a node left cordoned, on purpose (drain) or because the maintenance stopped.
export function reportNodeMaintenance({ plan, state }: { plan: Plan; state: RunState }): Message[] {
  return cordonedMessages(plan, state);
}
