// Which certificates a lab of a given flavour needs, as data (pure). The host-content writers copy
// them to the paths a real 3.11 master or kubeadm control plane keeps them at.
import { join } from 'node:path';
import type { CertSpec } from './pki.js';
import type { Flavor, HostSpec } from './layout.js';
import { allMemberAddresses } from './hosted-etcd/layout.js';

export const pkiDir = (labDir: string): string => join(labDir, 'pki');
// Shared certs (CAs, admin, the operator's etcd client) sit at the top, per-host ones below.
export const sharedCert = (labDir: string, name: string): string => join(pkiDir(labDir), name);
export const hostCert = (labDir: string, host: string, name: string): string => join(pkiDir(labDir), 'hosts', host, name);

const API_NAMES = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'openshift', 'openshift.default', 'openshift.default.svc', 'openshift.default.svc.cluster.local'];

export function planCertificates(labDir: string, flavor: Flavor, hosts: HostSpec[]): CertSpec[] {
  const shared = (name: string) => sharedCert(labDir, name);
  const lb = hosts.find((h) => h.role === 'lb')!;
  const specs: CertSpec[] = [
    { path: shared('ca'), subject: flavor === 'ocp311' ? `openshift-signer@${Math.floor(Date.now() / 1000)}` : 'kubernetes', kind: 'ca' },
    { path: shared('etcd-ca'), subject: flavor === 'ocp311' ? `etcd-signer@${Math.floor(Date.now() / 1000)}` : 'etcd-ca', kind: 'ca' },
    { path: shared('etcd-client'), subject: '/CN=opsctl-lab-operator', kind: 'client', issuer: shared('etcd-ca') },
    { path: shared('admin'), subject: flavor === 'ocp311' ? '/O=system:cluster-admins/CN=system:admin' : '/O=system:masters/CN=kubernetes-admin', kind: 'client', issuer: shared('ca') },
  ];
  if (flavor === 'ocp311') {
    specs.push(
      { path: shared('service-signer'), subject: `openshift-service-serving-signer@${Math.floor(Date.now() / 1000)}`, kind: 'ca' },
      { path: shared('openshift-router'), subject: '*.router.default.svc.cluster.local', kind: 'serving', dns: ['*.router.default.svc.cluster.local', 'router.default.svc.cluster.local'], issuer: shared('ca') },
      { path: shared('registry'), subject: '172.30.0.2', kind: 'serving', ips: ['172.30.0.2'], dns: ['docker-registry.default.svc', 'docker-registry.default.svc.cluster.local'], issuer: shared('ca') },
    );
  } else {
    specs.push({ path: shared('front-proxy-ca'), subject: 'front-proxy-ca', kind: 'ca' });
  }
  // The hosted cluster's etcd members (src/lab/hosted-etcd): one serving/peer cert for all of them.
  const network = lb.address.split('.').slice(0, 3).join('.');
  specs.push({ path: shared('hosted-etcd'), subject: 'etcd-server', kind: 'serving', issuer: shared('etcd-ca'), ips: [...allMemberAddresses(network), '127.0.0.1'], dns: ['localhost', 'etcd-client', 'etcd-discovery'] });
  for (const h of hosts) {
    const at = (name: string) => hostCert(labDir, h.name, name);
    const self = { ips: [h.address], dns: [h.name] };
    const nodeClient: CertSpec = { path: at('node-client'), subject: `/O=system:nodes/CN=system:node:${h.name}`, kind: 'client', issuer: shared('ca') };
    if (h.role === 'master') {
      // All lab hosts share one network namespace, so members dial each other from 127.0.0.1 and
      // etcd checks a peer's cert against that source address (kubeadm's etcd certs carry it too).
      const etcdServing = { kind: 'serving' as const, issuer: shared('etcd-ca'), ips: [h.address, '127.0.0.1'], dns: [h.name, 'localhost'] };
      specs.push({ path: at('etcd-server'), subject: h.name, ...etcdServing }, { path: at('etcd-peer'), subject: h.name, ...etcdServing });
      const apiServing: CertSpec = { path: at('api-server'), subject: flavor === 'ocp311' ? h.address : 'kube-apiserver', kind: 'serving', ips: [h.address, lb.address, '172.30.0.1'], dns: [h.name, lb.name, ...API_NAMES], issuer: shared('ca') };
      specs.push(apiServing, nodeClient);
      if (flavor === 'ocp311') {
        specs.push(
          { path: at('master-etcd-client'), subject: h.name, kind: 'client', issuer: shared('etcd-ca'), csr: true },
          { path: at('openshift-master'), subject: '/O=system:masters/O=system:openshift-master/CN=system:openshift-master', kind: 'client', issuer: shared('ca') },
          { path: at('kubelet-client'), subject: '/O=system:node-admins/CN=system:openshift-node-admin', kind: 'client', issuer: shared('ca') },
          { path: at('proxy-client'), subject: '/CN=system:master-proxy', kind: 'client', issuer: shared('ca') },
          { path: at('legacy-etcd-server'), subject: h.address, kind: 'serving', issuer: shared('ca'), ...self },
        );
      } else {
        specs.push(
          { path: at('etcd-healthcheck-client'), subject: '/O=system:masters/CN=kube-etcd-healthcheck-client', kind: 'client', issuer: shared('etcd-ca') },
          { path: at('apiserver-etcd-client'), subject: '/O=system:masters/CN=kube-apiserver-etcd-client', kind: 'client', issuer: shared('etcd-ca') },
          { path: at('kubelet-client'), subject: '/O=system:masters/CN=kube-apiserver-kubelet-client', kind: 'client', issuer: shared('ca') },
          { path: at('front-proxy-client'), subject: 'front-proxy-client', kind: 'client', issuer: shared('front-proxy-ca') },
          { path: at('controller-manager'), subject: '/CN=system:kube-controller-manager', kind: 'client', issuer: shared('ca') },
          { path: at('scheduler'), subject: '/CN=system:kube-scheduler', kind: 'client', issuer: shared('ca') },
        );
      }
    } else if (h.role === 'worker') {
      specs.push(nodeClient);
    }
    if (flavor === 'ocp311' && h.role !== 'lb') {
      specs.push(
        { path: at('node-server'), subject: h.address, kind: 'serving', issuer: shared('ca'), ...self },
        { path: at('flannel-etcd-client'), subject: h.name, kind: 'client', issuer: shared('etcd-ca'), csr: true },
      );
    }
  }
  return specs;
}
