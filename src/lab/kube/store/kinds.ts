// The resource types the lab serves, with every name kubectl/oc accept for them (plural,
// singular, short names, `plural.group`) and how each is printed in messages and `-o name`.
import { ToolError } from '../cli/errors.js';

export interface KindInfo {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  group: string;
  version: string;
  namespaced: boolean;
}

const k = (
  kind: string,
  plural: string,
  shortNames: string[],
  group: string,
  version: string,
  namespaced = true,
): KindInfo => ({ kind, plural, singular: kind.toLowerCase(), shortNames, group, version, namespaced });

const HYPERSHIFT = 'hypershift.openshift.io';
const CAPI = 'cluster.x-k8s.io';
const CAPA = 'infrastructure.cluster.x-k8s.io';

export const KINDS: KindInfo[] = [
  k('Node', 'nodes', ['no'], '', 'v1', false),
  k('Namespace', 'namespaces', ['ns'], '', 'v1', false),
  k('Project', 'projects', [], 'project.openshift.io', 'v1', false),
  k('Pod', 'pods', ['po'], '', 'v1'),
  k('Service', 'services', ['svc'], '', 'v1'),
  k('Endpoints', 'endpoints', ['ep'], '', 'v1'),
  k('ConfigMap', 'configmaps', ['cm'], '', 'v1'),
  k('Secret', 'secrets', [], '', 'v1'),
  k('Deployment', 'deployments', ['deploy'], 'apps', 'v1'),
  k('StatefulSet', 'statefulsets', ['sts'], 'apps', 'v1'),
  k('DaemonSet', 'daemonsets', ['ds'], 'apps', 'v1'),
  k('PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], 'policy', 'v1'),
  k('HostedCluster', 'hostedclusters', ['hc', 'hcs'], HYPERSHIFT, 'v1beta1'),
  k('NodePool', 'nodepools', ['np', 'nps'], HYPERSHIFT, 'v1beta1'),
  k('HostedControlPlane', 'hostedcontrolplanes', ['hcp', 'hcps'], HYPERSHIFT, 'v1beta1'),
  k('Cluster', 'clusters', ['cl'], CAPI, 'v1beta1'),
  k('MachineDeployment', 'machinedeployments', ['md'], CAPI, 'v1beta1'),
  k('MachineSet', 'machinesets', ['ms'], CAPI, 'v1beta1'),
  k('Machine', 'machines', ['ma'], CAPI, 'v1beta1'),
  k('AWSCluster', 'awsclusters', [], CAPA, 'v1beta2'),
  k('AWSMachineTemplate', 'awsmachinetemplates', [], CAPA, 'v1beta2'),
  k('AWSMachine', 'awsmachines', [], CAPA, 'v1beta2'),
  k('Route', 'routes', [], 'route.openshift.io', 'v1'),
  k('ClusterVersion', 'clusterversions', [], 'config.openshift.io', 'v1', false),
];

export const kindByName = (kind: string): KindInfo | undefined => KINDS.find((i) => i.kind === kind);

export function mustKind(kind: string): KindInfo {
  const info = kindByName(kind);
  if (!info) throw new Error(`internal: unknown kind ${kind}`);
  return info;
}

export const apiVersionOf = (info: KindInfo): string => (info.group ? `${info.group}/${info.version}` : info.version);

// `deployments.apps`, `nodes`: how errors name a resource ("deployments.apps "x" not found").
export const resourceRef = (info: KindInfo): string => (info.group ? `${info.plural}.${info.group}` : info.plural);

// `deployment.apps`, `node`: how `-o name` and success messages name one ("deployment.apps/x scaled").
export const singularRef = (info: KindInfo): string => (info.group ? `${info.singular}.${info.group}` : info.singular);

// Resolves what the user typed: `po`, `pods`, `Pod`, `statefulset.apps`, `hostedclusters.hypershift.openshift.io`.
export function resolveKind(typed: string): KindInfo {
  const t = typed.toLowerCase();
  const found = KINDS.find((i) => {
    const names = [i.plural, i.singular, ...i.shortNames];
    if (names.includes(t)) return true;
    if (!i.group) return false;
    return [i.plural, i.singular].some((n) => t === `${n}.${i.group}` || t === `${n}.${i.version}.${i.group}`);
  });
  if (!found) {
    throw new ToolError(`error: the server doesn't have a resource type "${typed}"`);
  }
  return found;
}

// An applied document's apiVersion/kind must name a served type, as with a CRD not installed.
export function kindForDocument(apiVersion: string, kind: string): KindInfo | undefined {
  return KINDS.find((i) => i.kind === kind && apiVersionOf(i) === apiVersion) ?? KINDS.find((i) => i.kind === kind);
}
