// `opsctl node drain-check --via H --node N`: may N be drained now? Reads nodes, the pods on N
// and every PodDisruptionBudget with kubectl on --via over SSH and judges (src/node/drain-guard):
// the last Ready control-plane node, a budget allowing no disruption, bare pods, and in rolling
// upgrades --max-unavailable. The node-maintenance and kubeadm-upgrade runbooks call it from an
// assert `on: local`. Hidden from --help. Exit 0 may drain, 3 refused (with the reasons).
import type { GlobalOptions } from '../global-options.js';
import { InputError } from '../../errors.js';
import { withKubectlHost } from '../kubectl-host.js';
import { readDrainFacts } from '../../upgrade/read-cluster.js';
import { judgeDrain } from '../../node/drain-guard.js';

export interface DrainCheckFlags {
  via: string;
  node: string;
  kubeconfig: string;
  controlPlane?: string;
  maxUnavailable?: string;
  pool?: string;
}

const list = (s: string | undefined) => (s ?? '').split(/[,\s]+/).filter(Boolean);

// Reads the cluster on --via, judges the drain; 0 may drain, 3 refused.
export default async function nodeDrainCheck(g: GlobalOptions, flags: DrainCheckFlags): Promise<number> {
  let maxUnavailable: { limit: number; pool: string[] } | undefined;
  if (flags.maxUnavailable !== undefined) {
    const limit = Number(flags.maxUnavailable);
    if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--max-unavailable must be a whole number ≥ 1, got ${flags.maxUnavailable}`);
    maxUnavailable = { limit, pool: list(flags.pool) };
  }
  const facts = await withKubectlHost(g, flags.via, flags.kubeconfig, (h) => readDrainFacts(h, flags.node));
  const v = judgeDrain({ node: flags.node, ...facts, controlPlane: list(flags.controlPlane), maxUnavailable });
  const lines = [...v.facts.map((f) => `  ${f}`), ...(v.ok ? [`${flags.node} may be drained`] : [`draining ${flags.node} is refused (nothing was changed):`, ...v.refusals.map((r) => `  ${r}`)])];
  process.stderr.write(lines.join('\n') + '\n');
  return v.ok ? 0 : 3;
}
