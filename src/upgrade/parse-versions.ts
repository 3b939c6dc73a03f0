// Turns what kubectl and kubeadm print (`kubectl get nodes -o json`, `kubectl get pods -n
// kube-system -o json`, `kubectl version -o json`, `kubeadm version -o json`) into the versions
// model. Pure; a malformed document is an error naming which one.
import type { ClusterVersions, Component, NodeVersions } from './cluster-versions.js';
import { parseKubeVersion } from './kube-version.js';

export interface VersionSources {
  nodesJson: string;
  kubeSystemPodsJson: string;
  kubectlVersionJson?: string;
  kubeadmVersionJson?: string;
  via?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

// One kubectl/kubeadm document; its command is named when it did not print JSON.
export function parseJsonDocument(text: string, what: string): Obj {
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc && typeof doc === 'object') return doc as Obj;
  } catch {
    // reported below
  }
  throw new Error(`${what} did not print a JSON object: ${text.trim().slice(0, 200) || '(nothing)'}`);
}

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const STATIC_COMPONENTS: Component[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

// kubeadm labels control-plane nodes (control-plane since 1.20, master before 1.24).
export const isControlPlaneNode = (node: Obj): boolean => CONTROL_PLANE_LABELS.some((l) => l in (node.metadata?.labels ?? {}));

// The node's Ready condition, as `kubectl get nodes` shows it.
export const isReadyNode = (node: Obj): boolean => ((node.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');

// A control-plane static pod (kubeadm labels them component=...) or a kube-proxy DaemonSet pod.
function componentOf(pod: Obj): Component | undefined {
  const labels = pod.metadata?.labels ?? {};
  if (STATIC_COMPONENTS.includes(labels.component)) return labels.component as Component;
  const owner = ((pod.metadata?.ownerReferences ?? []) as Obj[]).find((r) => r.controller !== false);
  if (labels['k8s-app'] === 'kube-proxy' || (owner?.kind === 'DaemonSet' && owner?.name === 'kube-proxy')) return 'kube-proxy';
  return undefined;
}

// Every node's components from the node list and the kube-system pods; kubectl's and kubeadm's own.
export function parseClusterVersions(src: VersionSources): ClusterVersions {
  const nodes = (parseJsonDocument(src.nodesJson, 'kubectl get nodes -o json').items ?? []) as Obj[];
  const pods = (parseJsonDocument(src.kubeSystemPodsJson, 'kubectl get pods -n kube-system -o json').items ?? []) as Obj[];
  const byName = new Map<string, NodeVersions>();
  for (const n of nodes) {
    const name = String(n.metadata?.name ?? '');
    byName.set(name, {
      name,
      controlPlane: isControlPlaneNode(n),
      ready: isReadyNode(n),
      unschedulable: Boolean(n.spec?.unschedulable),
      versions: { ...(parseKubeVersion(n.status?.nodeInfo?.kubeletVersion) ? { kubelet: parseKubeVersion(n.status?.nodeInfo?.kubeletVersion) } : {}) },
    });
  }
  for (const p of pods) {
    const component = componentOf(p);
    const node = byName.get(String(p.spec?.nodeName ?? ''));
    const version = parseKubeVersion(((p.spec?.containers ?? []) as Obj[])[0]?.image);
    if (!component || !node || !version) continue;
    node.versions[component] = version;
    if (component !== 'kube-proxy') node.controlPlane = true;
  }
  const client = (text: string | undefined, what: string) => (text ? parseKubeVersion(parseJsonDocument(text, what).clientVersion?.gitVersion) : undefined);
  return {
    nodes: [...byName.values()],
    kubectl: client(src.kubectlVersionJson, 'kubectl version -o json'),
    kubeadm: client(src.kubeadmVersionJson, 'kubeadm version -o json'),
    via: src.via,
  };
}
