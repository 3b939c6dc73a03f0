// Walking a plan tree in execution order; the reporters, the dry-run view and resume all need the
// flat list of step instances without caring how groups and phases nest them.
import type { Plan, PlanNode, PlanSkip, PlanStep } from './types.js';

export interface WalkedNode {
  node: PlanStep | PlanSkip;
  /** Label of the enclosing group branch (host or foreach item), innermost last. */
  groups: string[];
  final: boolean;
}

export function* walkNodes(nodes: PlanNode[], groups: string[] = [], final = false): Generator<WalkedNode> {
  for (const node of nodes) {
    if (node.type === 'step' || node.type === 'skip') yield { node, groups, final: final || (node.type === 'step' && node.final) };
    else if (node.type === 'group') {
      for (let i = 0; i < node.branches.length; i++) yield* walkNodes(node.branches[i], [...groups, `${node.key}[${node.labels[i]}]`], final);
    } else {
      yield* walkNodes(node.nodes, groups, final);
      yield* walkNodes(node.final, groups, true);
    }
  }
}

export function* walkPlan(plan: Plan): Generator<WalkedNode> {
  yield* walkNodes(plan.nodes);
  yield* walkNodes(plan.final, [], true);
}

export function planSteps(plan: Plan): PlanStep[] {
  return [...walkPlan(plan)].map((w) => w.node).filter((n): n is PlanStep => n.type === 'step');
}
