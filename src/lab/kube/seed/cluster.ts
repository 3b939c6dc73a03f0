// The lab hosts as a cluster: nodes (3.11 roles or kubeadm's), the `kubernetes` service and
// its endpoints, and the workloads a drain has to deal with — daemonsets on every node, a few
// replicated deployments, one of them with emptyDir data (as 3.11's registry has by default).
import { daemonSet, deployment, make, namespace } from './build.js';
import type { K8sObject } from '../store/object.js';
import type { HostRef } from '../store/store.js';
import { parseVersion } from '../kubeadm/versions.js';

export interface Topology {
  flavor: 'ocp311' | 'kubeadm';
  masters: HostRef[];
  workers: HostRef[];
  version: string;
  /** The API URL clients use (the load balancer); defaults to the first master's address. */
  apiServer?: string;
}

export const OCP311_KUBELET = 'v1.11.0+d4cacc0';

const vtag = (v: string) => (v.startsWith('v') ? v : `v${v}`);

export function kubeletVersion(topology: Topology): string {
  return topology.flavor === 'ocp311' ? OCP311_KUBELET : vtag(topology.version);
}

// 3.11 masters are also infra (router, registry) and, without workers, compute nodes.
function roles(topology: Topology, role: 'master' | 'worker'): string[] {
  if (topology.flavor === 'ocp311') {
    if (role === 'worker') return ['compute'];
    return topology.workers.length ? ['master', 'infra'] : ['master', 'infra', 'compute'];
  }
  if (role === 'worker') return [];
  const minor = parseVersion(topology.version)?.minor ?? 29;
  return minor >= 24 ? ['control-plane'] : minor >= 20 ? ['control-plane', 'master'] : ['master'];
}

function node(topology: Topology, host: HostRef, role: 'master' | 'worker'): K8sObject {
  const ocp = topology.flavor === 'ocp311';
  const roleLabels = Object.fromEntries(roles(topology, role).map((r) => [`node-role.kubernetes.io/${r}`, ocp ? 'true' : '']));
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return make('Node', undefined, host.name, {
    spec: role === 'master' && !ocp ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
      addresses: [{ type: 'InternalIP', address: host.address }, { type: 'Hostname', address: host.name }],
      nodeInfo: ocp
        ? { kubeletVersion: OCP311_KUBELET, kubeProxyVersion: OCP311_KUBELET, osImage: 'Red Hat Enterprise Linux Server 7.9 (Maipo)', kernelVersion: '3.10.0-1160.el7.x86_64', containerRuntimeVersion: 'docker://1.13.1', operatingSystem: 'linux', architecture: 'amd64' }
        : { kubeletVersion: vtag(topology.version), kubeProxyVersion: vtag(topology.version), osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.13', operatingSystem: 'linux', architecture: 'amd64' },
    },
  }, { labels: { 'kubernetes.io/hostname': host.name, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', ...roleLabels } });
}

function kubernetesService(topology: Topology): K8sObject[] {
  const ocp = topology.flavor === 'ocp311';
  const ports = ocp
    ? [
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 8053 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 8053 },
      ]
    : [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }];
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  const clusterIP = ocp ? '172.30.0.1' : '10.96.0.1';
  return [
    make('Service', 'default', 'kubernetes', { spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], ports, sessionAffinity: ocp ? 'ClientIP' : 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }, status: { loadBalancer: {} } }, { labels }),
    // Addresses are filled in at read time from the masters whose API server runs (api-cluster).
    make('Endpoints', 'default', 'kubernetes', { subsets: [] }, { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
  ];
}

export function clusterFixture(topology: Topology): K8sObject[] {
  const nodes = [...topology.masters.map((m) => node(topology, m, 'master')), ...topology.workers.map((w) => node(topology, w, 'worker'))];
  const common = [namespace('default'), namespace('kube-system'), namespace('kube-public'), ...nodes, ...kubernetesService(topology)];
  if (topology.flavor === 'ocp311') {
    const image = (c: string) => `registry.redhat.io/openshift3/ose-${c}:v3.11`;
    return [
      ...common,
      namespace('openshift-sdn'),
      namespace('openshift-node'),
      namespace('openshift-web-console'),
      namespace('openshift-infra'),
      daemonSet('openshift-sdn', 'sdn', [{ name: 'sdn', image: image('node') }]),
      daemonSet('openshift-sdn', 'ovs', [{ name: 'openvswitch', image: image('node') }]),
      daemonSet('openshift-node', 'sync', [{ name: 'sync', image: image('node') }]),
      deployment('openshift-web-console', 'webconsole', topology.masters.length, [{ name: 'webconsole', image: image('web-console') }]),
      deployment('default', 'router', Math.min(2, topology.masters.length), [{ name: 'router', image: image('haproxy-router') }]),
      deployment('default', 'docker-registry', 1, [{ name: 'registry', image: image('docker-registry'), emptyDir: true }]),
    ];
  }
  return [
    ...common,
    namespace('kube-node-lease'),
    daemonSet('kube-system', 'kube-proxy', [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${vtag(topology.version)}` }], { 'k8s-app': 'kube-proxy' }),
    deployment('kube-system', 'coredns', 2, [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1' }]),
    deployment('default', 'web', Math.max(2, topology.workers.length), [{ name: 'nginx', image: 'docker.io/library/nginx:1.25' }]),
    deployment('default', 'cache', 1, [{ name: 'redis', image: 'docker.io/library/redis:7', emptyDir: true }]),
  ];
}
