// The static pod manifests a lab master holds (/etc/origin/node/pods on 3.11,
// /etc/kubernetes/manifests on kubeadm). The simulated API derives the masters' static pods
// from whichever of these files are present, as a kubelet does; `lab up` may write them with
// renderStaticPodManifests so the two agree.
import { stringify } from 'yaml';
import { addonVersions, imageRegistry, parseVersion } from '../kubeadm/versions.js';

export type HostFlavor = 'ocp311' | 'kubeadm';

export interface Manifest {
  /** Real absolute path on the host. */
  path: string;
  content: string;
}

export const manifestDir = (flavor: HostFlavor): string => (flavor === 'ocp311' ? '/etc/origin/node/pods' : '/etc/kubernetes/manifests');

export function renderStaticPodManifests(flavor: HostFlavor, host: { name: string; address: string }, version: string): Manifest[] {
  const pods = flavor === 'ocp311' ? ocp311Pods(host) : kubeadmPods(host, version);
  return pods.map(([file, pod]) => ({ path: `${manifestDir(flavor)}/${file}`, content: stringify(pod, { indentSeq: false, lineWidth: 0 }) }));
}

type PodDoc = Record<string, unknown>;

function pod(name: string, namespace: string, labels: Record<string, string>, container: PodDoc, volumes: string[]): PodDoc {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [{ ...container, volumeMounts: volumes.map((p, i) => ({ name: `vol-${i}`, mountPath: p })) }],
      volumes: volumes.map((p, i) => ({ name: `vol-${i}`, hostPath: { path: p } })),
    },
  };
}

function ocp311Pods(host: { address: string }): Array<[string, PodDoc]> {
  const image = 'registry.redhat.io/openshift3/ose-control-plane:v3.11';
  const master = (component: string, command: string): PodDoc =>
    pod(`master-${component === 'api' ? 'api' : 'controllers'}`, 'kube-system', { 'openshift.io/component': component, 'openshift.io/control-plane': 'true' }, {
      name: component,
      image,
      command: ['/bin/bash', '-c'],
      args: [`#!/bin/bash\nset -euo pipefail\nexec openshift start master ${command} --config=/etc/origin/master/master-config.yaml --loglevel=\${DEBUG_LOGLEVEL:-2}\n`],
      securityContext: { privileged: true },
    }, ['/etc/origin/master/', '/etc/origin/cloudprovider/', '/var/lib/origin/']);
  const etcd = pod('master-etcd', 'kube-system', { 'openshift.io/component': 'etcd', 'openshift.io/control-plane': 'true', 'k8s-app': 'etcd' }, {
    name: 'etcd',
    image: 'registry.redhat.io/rhel7/etcd:3.2.22',
    workingDir: '/var/lib/etcd',
    command: ['/bin/sh', '-c'],
    args: ['#!/bin/sh\nset -o allexport\nsource /etc/etcd/etcd.conf || true\nexec etcd\n'],
    securityContext: { privileged: true },
    // `grep https etcd.yaml | cut -d/ -f3` must yield this host's client endpoint, as on 3.11.
    livenessProbe: {
      exec: { command: ['etcdctl', '--cert-file', '/etc/etcd/peer.crt', '--key-file', '/etc/etcd/peer.key', '--ca-file', '/etc/etcd/ca.crt', '-C', `https://${host.address}:2379`, 'cluster-health'] },
      initialDelaySeconds: 45,
    },
  }, ['/etc/etcd/', '/var/lib/etcd/']);
  return [
    ['apiserver.yaml', master('api', 'api')],
    ['controller.yaml', master('controllers', 'controllers')],
    ['etcd.yaml', etcd],
  ];
}

function kubeadmPods(host: { address: string }, version: string): Array<[string, PodDoc]> {
  const v = parseVersion(version);
  const minor = v?.minor ?? 29;
  const registry = imageRegistry(minor);
  const tag = version.startsWith('v') ? version : `v${version}`;
  const component = (name: string, args: string[]): PodDoc =>
    pod(name, 'kube-system', { component: name, tier: 'control-plane' }, { name, image: `${registry}/${name}:${tag}`, command: [name, ...args] }, ['/etc/kubernetes/pki', '/etc/ssl/certs']);
  const etcdPki = '/etc/kubernetes/pki/etcd';
  return [
    ['etcd.yaml', pod('etcd', 'kube-system', { component: 'etcd', tier: 'control-plane' }, {
      name: 'etcd',
      image: `${registry}/etcd:${addonVersions(minor).etcd}`,
      command: ['etcd', `--advertise-client-urls=https://${host.address}:2379`, `--cert-file=${etcdPki}/server.crt`, `--key-file=${etcdPki}/server.key`, `--trusted-ca-file=${etcdPki}/ca.crt`, '--data-dir=/var/lib/etcd'],
    }, ['/var/lib/etcd', etcdPki])],
    ['kube-apiserver.yaml', component('kube-apiserver', [`--advertise-address=${host.address}`, '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443'])],
    ['kube-controller-manager.yaml', component('kube-controller-manager', ['--leader-elect=true'])],
    ['kube-scheduler.yaml', component('kube-scheduler', ['--leader-elect=true'])],
  ];
}
