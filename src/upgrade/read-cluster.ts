// Reads a kubeadm cluster's versions (and, for a drain, its nodes, pods and disruption budgets)
// by running kubectl and kubeadm on one control-plane host over the run's own kind of SSH
// connection: admin.conf never leaves that host, and no output size limit applies.
import type { Transport } from '../transport/types.js';
import { shellQuote } from '../template/index.js';
import { StepError } from '../errors.js';
import { parseClusterVersions, parseJsonDocument } from './parse-versions.js';
import type { ClusterVersions } from './cluster-versions.js';

export interface KubectlHost {
  transport: Transport;
  /** The inventory name of the host (for messages and the versions' `via`). */
  name: string;
  kubeconfig: string;
  sudo: boolean;
}

async function run(h: KubectlHost, command: string): Promise<string> {
  const r = await h.transport.run(command, { sudo: h.sudo, timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new StepError(`${command} failed on ${h.name} (${r.exitCode === null ? `killed by ${r.signal}` : `exit ${r.exitCode}`}): ${(r.stderr || r.stdout).trim().slice(-400)}`);
  return r.stdout;
}

const kubectl = (h: KubectlHost, args: string) => `kubectl --kubeconfig ${shellQuote(h.kubeconfig)} ${args}`;

// `kubectl get nodes`, the kube-system pods (static pods, kube-proxy), kubectl's and kubeadm's own versions.
export async function readClusterVersions(h: KubectlHost): Promise<ClusterVersions> {
  const [nodesJson, kubeSystemPodsJson, kubectlVersionJson, kubeadmVersionJson] = await Promise.all([
    run(h, kubectl(h, 'get nodes -o json')),
    run(h, kubectl(h, 'get pods -n kube-system -o json')),
    run(h, kubectl(h, 'version --client -o json')),
    run(h, 'kubeadm version -o json'),
  ]);
  return parseClusterVersions({ nodesJson, kubeSystemPodsJson, kubectlVersionJson, kubeadmVersionJson, via: h.name });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

// What a drain decision needs: all nodes and every PodDisruptionBudget (one list), the pods on that node.
export async function readDrainFacts(h: KubectlHost, node: string): Promise<{ nodes: Obj[]; pods: Obj[]; pdbs: Obj[] }> {
  const [both, pods] = await Promise.all([
    run(h, kubectl(h, 'get nodes,poddisruptionbudgets -A -o json')),
    run(h, kubectl(h, `get pods -A --field-selector ${shellQuote(`spec.nodeName=${node}`)} -o json`)),
  ]);
  const items = (text: string, what: string) => (parseJsonDocument(text, what).items ?? []) as Obj[];
  const listed = items(both, 'kubectl get nodes,poddisruptionbudgets -o json');
  return { nodes: listed.filter((o) => o.kind === 'Node'), pods: items(pods, 'kubectl get pods -o json'), pdbs: listed.filter((o) => o.kind === 'PodDisruptionBudget') };
}
