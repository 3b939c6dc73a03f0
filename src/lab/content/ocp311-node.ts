// /etc/origin/node of a 3.11 node (masters are nodes too): node config, kubeconfigs, certs and
// the flannel etcd client, following the backup listing in the ocp311 seed (5.2.1.1).
import { sharedCert, hostCert } from '../cert-plan.js';
import { copy, pair, text, type ContentContext, type HostFile } from './host-file.js';
import { renderKubeconfig } from './kubeconfig.js';
import { nodeSystemFiles } from './sysconfig.js';

export function ocp311NodeFiles(ctx: ContentContext, host: { name: string; address: string; role: string }): HostFile[] {
  const ca = `${sharedCert(ctx.labDir, 'ca')}.crt`;
  const etcdCa = `${sharedCert(ctx.labDir, 'etcd-ca')}.crt`;
  const client = hostCert(ctx.labDir, host.name, 'node-client');
  const nodeUser = `system:node:${host.name}`;
  const kubeconfig = renderKubeconfig({
    cluster: `${ctx.lb.name}:8443`,
    server: `https://${ctx.lb.name}:8443`,
    user: nodeUser,
    caPem: ctx.read(ca),
    certPem: ctx.read(`${client}.crt`),
    keyPem: ctx.read(`${client}.key`),
  });
  const group = host.role === 'master' ? 'node-config-master' : 'node-config-compute';
  return [
    text('/etc/origin/node/node-config.yaml', renderNodeConfig(host.name, host.address, group)),
    text('/etc/origin/node/node.kubeconfig', kubeconfig, 0o600),
    text('/etc/origin/node/bootstrap.kubeconfig', kubeconfig, 0o600),
    text(`/etc/origin/node/${nodeUser}.kubeconfig`, kubeconfig, 0o600),
    ...pair(`/etc/origin/node/${nodeUser}.crt`, `/etc/origin/node/${nodeUser}.key`, client),
    copy('/etc/origin/node/ca.crt', ca, 0o644),
    copy('/etc/origin/node/client-ca.crt', ca, 0o644),
    ...pair('/etc/origin/node/server.crt', '/etc/origin/node/server.key', hostCert(ctx.labDir, host.name, 'node-server')),
    ...pair('/etc/origin/node/flannel.etcd-client.crt', '/etc/origin/node/flannel.etcd-client.key', hostCert(ctx.labDir, host.name, 'flannel-etcd-client')),
    copy('/etc/origin/node/flannel.etcd-client.csr', `${hostCert(ctx.labDir, host.name, 'flannel-etcd-client')}.csr`, 0o644),
    copy('/etc/origin/node/flannel.etcd-ca.crt', etcdCa, 0o644),
    text('/etc/origin/node/node-dnsmasq.conf', `server=/in-addr.arpa/127.0.0.1
server=/cluster.local/127.0.0.1
`),
    ...nodeSystemFiles(ctx, host.address),
  ];
}

function renderNodeConfig(name: string, address: string, group: string): string {
  const labels = group === 'node-config-master' ? 'node-role.kubernetes.io/master=true' : 'node-role.kubernetes.io/compute=true';
  return `# node group ${group}
allowDisabledDocker: false
apiVersion: v1
authConfig:
  authenticationCacheSize: 1000
  authenticationCacheTTL: 5m
  authorizationCacheSize: 1000
  authorizationCacheTTL: 5m
dnsBindAddress: 127.0.0.1:53
dnsDomain: cluster.local
dnsIP: 0.0.0.0
dnsNameservers: null
dnsRecursiveResolvConf: /etc/origin/node/resolv.conf
dockerConfig:
  dockerShimRootDirectory: /var/lib/dockershim
  dockerShimSocket: /var/run/dockershim.sock
  execHandlerName: native
enableUnidling: true
imageConfig:
  format: registry.redhat.io/openshift3/ose-\${component}:\${version}
  latest: false
iptablesSyncPeriod: 30s
kind: NodeConfig
kubeletArguments:
  bootstrap-kubeconfig:
  - /etc/origin/node/bootstrap.kubeconfig
  cert-dir:
  - /etc/origin/node/certificates
  enable-controller-attach-detach:
  - 'true'
  feature-gates:
  - RotateKubeletClientCertificate=true,RotateKubeletServerCertificate=true
  node-labels:
  - ${labels}
  pod-manifest-path:
  - /etc/origin/node/pods
  rotate-certificates:
  - 'true'
masterClientConnectionOverrides:
  acceptContentTypes: application/vnd.kubernetes.protobuf,application/json
  burst: 40
  contentType: application/vnd.kubernetes.protobuf
  qps: 20
masterKubeConfig: node.kubeconfig
networkConfig:
  mtu: 1450
  networkPluginName: redhat/openshift-ovs-subnet
nodeIP: ${address}
nodeName: ${name}
podManifestConfig: null
servingInfo:
  bindAddress: 0.0.0.0:10250
  bindNetwork: tcp4
  clientCA: client-ca.crt
proxyArguments:
  cluster-cidr:
  - 10.128.0.0/14
volumeConfig:
  localQuota:
    perFSGroup: null
volumeDirectory: /var/lib/origin/openshift.local.volumes
`;
}
