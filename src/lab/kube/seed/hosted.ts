// The HyperShift fixture the DR runbooks act on: HostedCluster `example` and its NodePool in
// `clusters`; its control plane in `clusters-example` (HostedControlPlane, apiserver
// deployments, etcd-0..2, routes, secrets, Cluster API and AWS objects); and the hosted
// cluster's own API (worker nodes, OVN pods, clusterversion) that answers while its
// kube-apiserver runs somewhere.
import { randomBytes } from 'node:crypto';
import { daemonSet, deployment, make, namespace, secret, statefulSet } from './build.js';
import type { K8sObject } from '../store/object.js';
import { stableSuffix } from '../store/object.js';

export const HOSTED = {
  namespace: 'clusters',
  name: 'example',
  infraID: 'example-8ffdf',
  nodePool: 'example-us-east-1a',
  release: '4.14.5',
  kubeVersion: 'v1.27.8+4fab27b',
  baseDomain: 'lab.opsctl.local',
  replicas: 2,
} as const;

const cpNs = `${HOSTED.namespace}-${HOSTED.name}`;
const capiCluster = { 'cluster.x-k8s.io/cluster-name': HOSTED.infraID };
const releaseImage = `quay.io/openshift-release-dev/ocp-release:${HOSTED.release}-x86_64`;

export const hostedWorkerNames = (): string[] => Array.from({ length: HOSTED.replicas }, (_, i) => `ip-10-0-1-${11 + i}.ec2.internal`);

function hostedCluster(): K8sObject {
  return make(
    'HostedCluster',
    HOSTED.namespace,
    HOSTED.name,
    {
      spec: {
        release: { image: releaseImage },
        pullSecret: { name: `${HOSTED.name}-pull-secret` },
        sshKey: { name: `${HOSTED.name}-ssh-key` },
        infraID: HOSTED.infraID,
        controllerAvailabilityPolicy: 'HighlyAvailable',
        infrastructureAvailabilityPolicy: 'HighlyAvailable',
        dns: { baseDomain: HOSTED.baseDomain },
        platform: { type: 'AWS', aws: { region: 'us-east-1', endpointAccess: 'Public' } },
        networking: { clusterNetwork: [{ cidr: '10.132.0.0/14' }], serviceNetwork: [{ cidr: '172.31.0.0/16' }], networkType: 'OVNKubernetes' },
        etcd: { managementType: 'Managed', managed: { storage: { type: 'PersistentVolume', persistentVolume: { size: '8Gi' } } } },
        secretEncryption: { type: 'aescbc', aescbc: { activeKey: { name: `${HOSTED.name}-etcd-encryption-key` } } },
        services: ['APIServer', 'OAuthServer', 'Konnectivity', 'Ignition'].map((service) => ({ service, servicePublishingStrategy: { type: 'Route' } })),
      },
    },
    { finalizers: ['hypershift.openshift.io/finalizer'] },
  );
}

function nodePool(): K8sObject {
  return make(
    'NodePool',
    HOSTED.namespace,
    HOSTED.nodePool,
    {
      spec: {
        clusterName: HOSTED.name,
        replicas: HOSTED.replicas,
        release: { image: releaseImage },
        management: { upgradeType: 'Replace', autoRepair: false },
        platform: { type: 'AWS', aws: { instanceType: 'm5.large' } },
      },
    },
    { finalizers: ['hypershift.openshift.io/finalizer'] },
  );
}

// What the operator keeps in the control plane namespace; also what the seed starts with.
export function controlPlaneObjects(hc: K8sObject): K8sObject[] {
  const ns = `${hc.metadata.namespace}-${hc.metadata.name}`;
  const ha = hc.spec?.controllerAvailabilityPolicy !== 'SingleReplica';
  const n = ha ? 3 : 1;
  const ocp = (c: string) => `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${stableSuffix(c, 12)}`;
  return [
    make('HostedControlPlane', ns, hc.metadata.name, { spec: { releaseImage: hc.spec?.release?.image, etcd: hc.spec?.etcd, infraID: hc.spec?.infraID } }, {
      labels: { ...capiCluster },
      finalizers: ['hypershift.openshift.io/finalizer'],
    }),
    deployment(ns, 'kube-apiserver', n, [{ name: 'kube-apiserver', image: ocp('kube-apiserver') }]),
    deployment(ns, 'openshift-apiserver', n, [{ name: 'openshift-apiserver', image: ocp('openshift-apiserver') }]),
    deployment(ns, 'openshift-oauth-apiserver', n, [{ name: 'oauth-apiserver', image: ocp('oauth-apiserver') }]),
    deployment(ns, 'kube-controller-manager', n, [{ name: 'kube-controller-manager', image: ocp('kube-controller-manager') }]),
    deployment(ns, 'control-plane-operator', 1, [{ name: 'control-plane-operator', image: ocp('control-plane-operator') }]),
    statefulSet(ns, 'etcd', n, [{ name: 'etcd', image: ocp('etcd') }]),
  ];
}

function capiObjects(): K8sObject[] {
  const machineSet = `${HOSTED.nodePool}-${stableSuffix('ms', 9)}`;
  const machines = hostedWorkerNames().map((node, i) => ({ machine: `${machineSet}-${stableSuffix(`m${i}`, 5)}`, aws: `${HOSTED.nodePool}-${stableSuffix(`a${i}`, 5)}`, node, id: `aws:///us-east-1a/i-0${stableSuffix(`i${i}`, 16)}` }));
  const capiFinalizer = { finalizers: ['cluster.cluster.x-k8s.io'] };
  return [
    make('Cluster', cpNs, HOSTED.infraID, { spec: { infrastructureRef: { kind: 'AWSCluster', name: HOSTED.name }, controlPlaneRef: { kind: 'HostedControlPlane', name: HOSTED.name } }, status: { phase: 'Provisioned' } }, capiFinalizer),
    make('AWSCluster', cpNs, HOSTED.name, { spec: { region: 'us-east-1', network: { vpc: { id: 'vpc-0lab0opsctl' } } }, status: { ready: true } }, { labels: { ...capiCluster }, finalizers: ['awscluster.infrastructure.cluster.x-k8s.io'] }),
    make('AWSMachineTemplate', cpNs, HOSTED.nodePool, { spec: { template: { spec: { instanceType: 'm5.large' } } } }, { labels: { ...capiCluster } }),
    make('MachineDeployment', cpNs, HOSTED.nodePool, { spec: { clusterName: HOSTED.infraID, replicas: HOSTED.replicas, template: { spec: { version: HOSTED.kubeVersion } } }, status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2, phase: 'Running' } }, { labels: { ...capiCluster } }),
    make('MachineSet', cpNs, machineSet, { spec: { clusterName: HOSTED.infraID, replicas: HOSTED.replicas, template: { spec: { version: HOSTED.kubeVersion } } }, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 } }, { labels: { ...capiCluster } }),
    ...machines.flatMap((m) => [
      make('Machine', cpNs, m.machine, { spec: { clusterName: HOSTED.infraID, providerID: m.id, version: HOSTED.kubeVersion }, status: { phase: 'Running', nodeRef: { kind: 'Node', name: m.node } } }, { labels: { ...capiCluster }, finalizers: ['machine.cluster.x-k8s.io'] }),
      make('AWSMachine', cpNs, m.aws, { spec: { providerID: m.id, instanceType: 'm5.large' }, status: { ready: true, instanceState: 'running' } }, {
        labels: { ...capiCluster },
        finalizers: ['awsmachine.infrastructure.cluster.x-k8s.io'],
        ownerReferences: [{ apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Machine', name: m.machine }],
      }),
    ]),
  ];
}

// The control plane's routes; the lab's external-dns stand-in publishes their hosts.
export function controlPlaneRoutes(hc: K8sObject): K8sObject[] {
  const ns = `${hc.metadata.namespace}-${hc.metadata.name}`;
  const domain = hc.spec?.dns?.baseDomain ?? HOSTED.baseDomain;
  const host = (prefix: string) => `${prefix}-${hc.metadata.name}.${domain}`;
  const route = (name: string, prefix: string, service: string) =>
    make('Route', ns, name, { spec: { host: host(prefix), to: { kind: 'Service', name: service, weight: 100 }, tls: { termination: 'passthrough' }, wildcardPolicy: 'None' } }, { labels: { 'hypershift.openshift.io/hosted-control-plane': ns } });
  return [route('kube-apiserver', 'api', 'kube-apiserver'), route('oauth', 'oauth', 'oauth-openshift'), route('konnectivity-server', 'konnectivity', 'konnectivity-server'), route('ignition-server', 'ignition', 'ignition-server')];
}

function secrets(): K8sObject[] {
  const pem = (what: string) => `-----BEGIN ${what}-----\n${randomBytes(48).toString('base64')}\n-----END ${what}-----\n`;
  const kubeconfig = `apiVersion: v1\nkind: Config\nclusters:\n- name: ${HOSTED.name}\n  cluster:\n    server: https://api-${HOSTED.name}.${HOSTED.baseDomain}:443\ncontexts:\n- name: ${HOSTED.name}\n  context:\n    cluster: ${HOSTED.name}\n    user: admin\ncurrent-context: ${HOSTED.name}\nusers:\n- name: admin\n  user:\n    token: opsctl-lab\n`;
  const tls = (ns: string, name: string) => secret(ns, name, 'kubernetes.io/tls', { 'tls.crt': pem('CERTIFICATE'), 'tls.key': pem('PRIVATE KEY') });
  return [
    secret(HOSTED.namespace, `${HOSTED.name}-etcd-encryption-key`, 'Opaque', { key: randomBytes(16).toString('hex') }),
    secret(HOSTED.namespace, `${HOSTED.name}-pull-secret`, 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '{"auths":{"quay.io":{"auth":"b3BzY3RsOmxhYg=="}}}' }),
    secret(HOSTED.namespace, `${HOSTED.name}-ssh-key`, 'Opaque', { 'id_rsa.pub': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsctlLabKey opsctl@lab\n' }),
    secret(HOSTED.namespace, `${HOSTED.name}-admin-kubeconfig`, 'Opaque', { kubeconfig }),
    secret(HOSTED.namespace, `${HOSTED.name}-kubeadmin-password`, 'Opaque', { password: randomBytes(12).toString('hex') }),
    tls(cpNs, 'etcd-client-tls'),
    tls(cpNs, 'etcd-server-tls'),
    tls(cpNs, 'etcd-peer-tls'),
    tls(cpNs, 'kube-apiserver-cert'),
    tls(cpNs, 'root-ca'),
    secret(cpNs, 'service-network-admin-kubeconfig', 'Opaque', { kubeconfig }),
    secret(cpNs, 'builder-dockercfg-x7q2m', 'kubernetes.io/dockercfg', { '.dockercfg': '{}' }),
    secret(cpNs, 'default-token-4b9zk', 'kubernetes.io/service-account-token', { token: randomBytes(24).toString('hex') }),
    secret(cpNs, 'oauth-openshift', 'Opaque', { 'session-secret': randomBytes(16).toString('hex') }),
  ];
}

// Objects of the management cluster, namespaces first, in the order they are created.
export function hostedFixture(): K8sObject[] {
  const hc = hostedCluster();
  return [namespace(HOSTED.namespace), namespace(cpNs), hc, nodePool(), ...secrets(), ...controlPlaneObjects(hc), ...capiObjects(), ...controlPlaneRoutes(hc)];
}

// The hosted cluster's own API: its worker nodes, the OVN daemonset and its clusterversion.
export function hostedApiObjects(): K8sObject[] {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const nodes = hostedWorkerNames().map((name, i) =>
    make('Node', undefined, name, {
      spec: { providerID: `aws:///us-east-1a/i-0${stableSuffix(`i${i}`, 16)}` },
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: now }],
        addresses: [{ type: 'InternalIP', address: `10.0.1.${11 + i}` }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: HOSTED.kubeVersion, osImage: 'Red Hat Enterprise Linux CoreOS 414.92', kernelVersion: '5.14.0-284.41.1.el9_2.x86_64', containerRuntimeVersion: 'cri-o://1.27.2' },
      },
    }, { labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '', 'kubernetes.io/os': 'linux' } }),
  );
  return [
    namespace('default'),
    namespace('kube-system'),
    namespace('openshift-ovn-kubernetes'),
    ...nodes,
    daemonSet('openshift-ovn-kubernetes', 'ovnkube-node', [{ name: 'ovnkube-controller', image: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:ovn' }]),
    make('ClusterVersion', undefined, 'version', {
      spec: { clusterID: '6c8a2f4e-0a7b-4c1e-9a51-0d5e3c1ab00f', channel: 'stable-4.14' },
      status: {
        desired: { version: HOSTED.release, image: releaseImage },
        history: [{ state: 'Completed', version: HOSTED.release, image: releaseImage }],
        conditions: [
          { type: 'Available', status: 'True', message: `Done applying ${HOSTED.release}`, lastTransitionTime: now },
          { type: 'Progressing', status: 'False', message: `Cluster version is ${HOSTED.release}`, lastTransitionTime: now },
        ],
      },
    }),
  ];
}
