// A plan is shown (dry-run) and saved (plan.json) with the text meant for people passed through
// the redactor: a diff of a file on this machine may show a password that is no param at all.
// Commands are left alone: they hold secret references, not values, and must run as approved.
import type { Plan, PlanNode } from './types.js';
import { planBodyDigest } from './verify.js';

export function redactPlanText(plan: Plan, redact: (text: string) => string): Plan {
  let changed = false;
  const visit = (nodes: PlanNode[]): PlanNode[] =>
    nodes.map((n) => {
      if (n.type === 'step' && n.action.kind === 'edit' && n.action.diff !== undefined) {
        const diff = redact(n.action.diff);
        if (diff === n.action.diff) return n;
        changed = true;
        return { ...n, action: { ...n.action, diff } };
      }
      if (n.type === 'group') return { ...n, branches: n.branches.map(visit) };
      if (n.type === 'phase') return { ...n, nodes: visit(n.nodes), final: visit(n.final) };
      return n;
    });
  const nodes = visit(plan.nodes);
  const final = visit(plan.final);
  if (!changed) return plan;
  const out = { ...plan, nodes, final };
  return { ...out, digest: planBodyDigest(out) };
}
