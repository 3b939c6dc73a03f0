// A kubeadm control-plane node: static pod manifests, /etc/kubernetes/pki (with pki/etcd) and the
// component kubeconfigs, as `kubeadm init/join --control-plane` leaves them. Workers get only
// kubelet.conf and the cluster CA.
import { sharedCert, hostCert } from '../cert-plan.js';
import { copy, pair, text, type ContentContext, type HostFile } from './host-file.js';
import { renderKubeconfig } from './kubeconfig.js';
import { initialCluster } from './etcd-conf.js';

// The version every node starts at; the simulated kubeadm/kubectl read it from lab.json.
export const KUBEADM_INITIAL_VERSION = 'v1.28.2';
const K = '/etc/kubernetes';

export function kubeadmFiles(ctx: ContentContext, host: { name: string; address: string; role: string }, saKeys: { privatePem: string; publicPem: string }): HostFile[] {
  const shared = (n: string) => sharedCert(ctx.labDir, n);
  const own = (n: string) => hostCert(ctx.labDir, host.name, n);
  const conf = (user: string, cert: string, server: string) =>
    renderKubeconfig({ cluster: 'kubernetes', server, user, caPem: ctx.read(`${shared('ca')}.crt`), certPem: ctx.read(`${cert}.crt`), keyPem: ctx.read(`${cert}.key`) });
  const apiServer = `https://${ctx.lb.address}:6443`;
  if (host.role !== 'master') {
    return [copy(`${K}/pki/ca.crt`, `${shared('ca')}.crt`, 0o644), text(`${K}/kubelet.conf`, conf(`system:node:${host.name}`, own('node-client'), apiServer), 0o600), aptRepository()];
  }
  const local = `https://${host.address}:6443`;
  return [
    aptRepository(),
    ...pair(`${K}/pki/ca.crt`, `${K}/pki/ca.key`, shared('ca')),
    ...pair(`${K}/pki/apiserver.crt`, `${K}/pki/apiserver.key`, own('api-server')),
    ...pair(`${K}/pki/apiserver-etcd-client.crt`, `${K}/pki/apiserver-etcd-client.key`, own('apiserver-etcd-client')),
    ...pair(`${K}/pki/apiserver-kubelet-client.crt`, `${K}/pki/apiserver-kubelet-client.key`, own('kubelet-client')),
    ...pair(`${K}/pki/front-proxy-ca.crt`, `${K}/pki/front-proxy-ca.key`, shared('front-proxy-ca')),
    ...pair(`${K}/pki/front-proxy-client.crt`, `${K}/pki/front-proxy-client.key`, own('front-proxy-client')),
    text(`${K}/pki/sa.key`, saKeys.privatePem, 0o600),
    text(`${K}/pki/sa.pub`, saKeys.publicPem, 0o644),
    ...pair(`${K}/pki/etcd/ca.crt`, `${K}/pki/etcd/ca.key`, shared('etcd-ca')),
    ...pair(`${K}/pki/etcd/server.crt`, `${K}/pki/etcd/server.key`, own('etcd-server')),
    ...pair(`${K}/pki/etcd/peer.crt`, `${K}/pki/etcd/peer.key`, own('etcd-peer')),
    ...pair(`${K}/pki/etcd/healthcheck-client.crt`, `${K}/pki/etcd/healthcheck-client.key`, own('etcd-healthcheck-client')),
    text(`${K}/admin.conf`, conf('kubernetes-admin', shared('admin'), local), 0o600),
    text(`${K}/controller-manager.conf`, conf('system:kube-controller-manager', own('controller-manager'), local), 0o600),
    text(`${K}/scheduler.conf`, conf('system:kube-scheduler', own('scheduler'), local), 0o600),
    text(`${K}/kubelet.conf`, conf(`system:node:${host.name}`, own('node-client'), local), 0o600),
    text(`${K}/manifests/etcd.yaml`, etcdManifest(host, ctx.masters)),
    text(`${K}/manifests/kube-apiserver.yaml`, componentManifest('kube-apiserver', host.address, ctx.masters)),
    text(`${K}/manifests/kube-controller-manager.yaml`, componentManifest('kube-controller-manager', host.address, ctx.masters)),
    text(`${K}/manifests/kube-scheduler.yaml`, componentManifest('kube-scheduler', host.address, ctx.masters)),
  ];
}

// pkgs.k8s.io serves one repository per minor; kubeadm hosts point at the minor they run.
export function aptRepository(version = KUBEADM_INITIAL_VERSION): HostFile {
  const minor = version.replace(/^v/, '').split('.').slice(0, 2).join('.');
  return text('/etc/apt/sources.list.d/kubernetes.list', `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v${minor}/deb/ /\n`);
}

// Flags are those of kubeadm's etcd manifest that etcd 3.4 accepts; there is no 127.0.0.1
// listener because every lab host shares the machine's network namespace.
function etcdManifest(self: { name: string; address: string }, masters: Array<{ name: string; address: string }>): string {
  return `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://${self.address}:2379
  creationTimestamp: null
  labels:
    component: etcd
    tier: control-plane
  name: etcd
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://${self.address}:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --data-dir=/var/lib/etcd
    - --initial-advertise-peer-urls=https://${self.address}:2380
    - --initial-cluster=${initialCluster(masters)}
    - --initial-cluster-state=new
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://${self.address}:2379
    - --listen-peer-urls=https://${self.address}:2380
    - --name=${self.name}
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-client-cert-auth=true
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --snapshot-count=10000
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    image: registry.k8s.io/etcd:3.5.9-0
    imagePullPolicy: IfNotPresent
    name: etcd
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
    volumeMounts:
    - mountPath: /var/lib/etcd
      name: etcd-data
    - mountPath: /etc/kubernetes/pki/etcd
      name: etcd-certs
  hostNetwork: true
  priorityClassName: system-node-critical
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki/etcd
      type: DirectoryOrCreate
    name: etcd-certs
  - hostPath:
      path: /var/lib/etcd
      type: DirectoryOrCreate
    name: etcd-data
status: {}
`;
}

function componentManifest(component: string, address: string, masters: Array<{ address: string }>): string {
  const flags: Record<string, string[]> = {
    'kube-apiserver': [
      `--advertise-address=${address}`,
      '--client-ca-file=/etc/kubernetes/pki/ca.crt',
      '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
      '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
      '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
      `--etcd-servers=${masters.map((m) => `https://${m.address}:2379`).join(',')}`,
      '--secure-port=6443',
      '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
      '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
      '--service-cluster-ip-range=10.96.0.0/12',
      '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
      '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
    ],
    'kube-controller-manager': ['--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt', '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true', '--use-service-account-credentials=true'],
    'kube-scheduler': ['--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
  };
  return `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: ${component}
    tier: control-plane
  name: ${component}
  namespace: kube-system
spec:
  containers:
  - command:
    - ${component}
${flags[component].map((f) => `    - ${f}`).join('\n')}
    image: registry.k8s.io/${component}:${KUBEADM_INITIAL_VERSION}
    imagePullPolicy: IfNotPresent
    name: ${component}
    volumeMounts:
    - mountPath: /etc/kubernetes
      name: k8s
      readOnly: true
  hostNetwork: true
  priorityClassName: system-node-critical
  volumes:
  - hostPath:
      path: /etc/kubernetes
      type: DirectoryOrCreate
    name: k8s
status: {}
`;
}
