// /etc/origin/master and /etc/etcd of a 3.11 master, after the seed's backup listing (5.2.1.1):
// shared CA and keys on every master, ca.serial.txt and the extra CA dirs (/etc/etcd/ca,
// /etc/etcd/generated_certs, generated-configs) on the first master only.
import { sharedCert, hostCert } from '../cert-plan.js';
import { copy, pair, text, type ContentContext, type HostFile } from './host-file.js';
import { renderKubeconfig } from './kubeconfig.js';
import { renderMasterConfig } from './ocp311-master-config.js';
import { staticPods } from './ocp311-static-pods.js';
import { renderEtcdConf } from './etcd-conf.js';

/** Secrets shared by every master, made once per lab. */
export interface MasterSecrets {
  saPrivatePem: string;
  saPublicPem: string;
  sessionSecrets: string;
  htpasswd: string;
}

const M = '/etc/origin/master';

export function ocp311MasterFiles(ctx: ContentContext, host: { name: string; address: string }, index: number, secrets: MasterSecrets): HostFile[] {
  const shared = (n: string) => sharedCert(ctx.labDir, n);
  const own = (n: string) => hostCert(ctx.labDir, host.name, n);
  const kubeconfig = (user: string, cert: string) =>
    renderKubeconfig({
      cluster: `${host.address.replace(/\./g, '-')}:8443`,
      server: `https://${host.address}:8443`,
      user,
      caPem: ctx.read(`${shared('ca')}.crt`),
      certPem: ctx.read(`${cert}.crt`),
      keyPem: ctx.read(`${cert}.key`),
    });
  const files: HostFile[] = [
    ...pair(`${M}/ca.crt`, `${M}/ca.key`, shared('ca')),
    copy(`${M}/ca-bundle.crt`, `${shared('ca')}.crt`, 0o644),
    copy(`${M}/front-proxy-ca.crt`, `${shared('ca')}.crt`, 0o644),
    ...pair(`${M}/master.proxy-client.crt`, `${M}/master.proxy-client.key`, own('proxy-client')),
    ...pair(`${M}/service-signer.crt`, `${M}/service-signer.key`, shared('service-signer')),
    text(`${M}/serviceaccounts.private.key`, secrets.saPrivatePem, 0o600),
    text(`${M}/serviceaccounts.public.key`, secrets.saPublicPem, 0o644),
    ...pair(`${M}/openshift-master.crt`, `${M}/openshift-master.key`, own('openshift-master')),
    text(`${M}/openshift-master.kubeconfig`, kubeconfig('system:openshift-master', own('openshift-master')), 0o600),
    ...pair(`${M}/master.server.crt`, `${M}/master.server.key`, own('api-server')),
    ...pair(`${M}/master.kubelet-client.crt`, `${M}/master.kubelet-client.key`, own('kubelet-client')),
    ...pair(`${M}/admin.crt`, `${M}/admin.key`, shared('admin')),
    text(`${M}/admin.kubeconfig`, kubeconfig('system:admin', shared('admin')), 0o600),
    ...pair(`${M}/etcd.server.crt`, `${M}/etcd.server.key`, own('legacy-etcd-server')),
    ...pair(`${M}/master.etcd-client.crt`, `${M}/master.etcd-client.key`, own('master-etcd-client')),
    copy(`${M}/master.etcd-client.csr`, `${own('master-etcd-client')}.csr`, 0o644),
    copy(`${M}/master.etcd-ca.crt`, `${shared('etcd-ca')}.crt`, 0o644),
    text(`${M}/policy.json`, '{\n    "kind": "List",\n    "apiVersion": "v1",\n    "items": []\n}\n'),
    text(`${M}/scheduler.json`, SCHEDULER_JSON),
    text(`${M}/htpasswd`, secrets.htpasswd, 0o600),
    text(`${M}/session-secrets.yaml`, secrets.sessionSecrets, 0o600),
    ...pair(`${M}/openshift-router.crt`, `${M}/openshift-router.key`, shared('openshift-router')),
    ...pair(`${M}/registry.crt`, `${M}/registry.key`, shared('registry')),
    text(`${M}/master-config.yaml`, renderMasterConfig(ctx, host.address)),
    text(`${M}/master.env`, '# Proxy configuration\n# See https://docs.openshift.com/container-platform/3.11/install_config/http_proxies.html\nDEBUG_LOGLEVEL=2\n'),
    ...staticPods(host.address),
    text('/etc/etcd/etcd.conf', renderEtcdConf(host, ctx.masters)),
    copy('/etc/etcd/ca.crt', `${shared('etcd-ca')}.crt`, 0o644),
    ...pair('/etc/etcd/server.crt', '/etc/etcd/server.key', own('etcd-server')),
    ...pair('/etc/etcd/peer.crt', '/etc/etcd/peer.key', own('etcd-peer')),
  ];
  if (index === 0) files.push(...firstMasterFiles(ctx));
  return files;
}

// Only the first master in the inventory signs certs, so only it holds the CA's bookkeeping.
function firstMasterFiles(ctx: ContentContext): HostFile[] {
  const etcdCa = sharedCert(ctx.labDir, 'etcd-ca');
  const files: HostFile[] = [
    text(`${M}/ca.serial.txt`, `${(ctx.masters.length * 12 + 3).toString(16).toUpperCase().padStart(2, '0')}\n`),
    ...pair('/etc/etcd/ca/ca.crt', '/etc/etcd/ca/ca.key', etcdCa),
    text('/etc/etcd/ca/serial', `${(ctx.masters.length * 2 + 1).toString(16).padStart(2, '0')}\n`),
    text('/etc/etcd/ca/crlnumber', '01\n'),
    text('/etc/etcd/ca/index.txt', ''),
    text('/etc/etcd/ca/openssl.cnf', '[ ca ]\ndefault_ca = etcd_ca\n\n[ etcd_ca ]\ndir = /etc/etcd/ca\ncrl_dir = /etc/etcd/ca/crl\ndatabase = /etc/etcd/ca/index.txt\nnew_certs_dir = /etc/etcd/ca/certs\ncertificate = /etc/etcd/ca/ca.crt\nserial = /etc/etcd/ca/serial\nprivate_key = /etc/etcd/ca/ca.key\ncrl = /etc/etcd/ca/crl.pem\ndefault_days = 1825\ndefault_md = sha256\npolicy = policy_anything\n'),
  ];
  for (const m of ctx.masters) {
    const own = (n: string) => hostCert(ctx.labDir, m.name, n);
    const gen = `/etc/etcd/generated_certs/etcd-${m.name}`;
    files.push(
      copy(`${gen}/ca.crt`, `${etcdCa}.crt`, 0o644),
      ...pair(`${gen}/server.crt`, `${gen}/server.key`, own('etcd-server')),
      ...pair(`${gen}/peer.crt`, `${gen}/peer.key`, own('etcd-peer')),
      ...pair(`/etc/etcd/generated_certs/openshift-master-${m.name}/master.etcd-client.crt`, `/etc/etcd/generated_certs/openshift-master-${m.name}/master.etcd-client.key`, own('master-etcd-client')),
      copy(`/etc/etcd/generated_certs/openshift-master-${m.name}/master.etcd-ca.crt`, `${etcdCa}.crt`, 0o644),
    );
    if (m.name !== ctx.masters[0].name) {
      const dir = `/etc/origin/generated-configs/master-${m.name}`;
      files.push(...pair(`${dir}/master.server.crt`, `${dir}/master.server.key`, own('api-server')), copy(`${dir}/ca.crt`, `${sharedCert(ctx.labDir, 'ca')}.crt`, 0o644));
    }
  }
  return files;
}

const SCHEDULER_JSON = `{
    "apiVersion": "v1",
    "kind": "Policy",
    "predicates": [
        {"name": "NoVolumeZoneConflict"},
        {"name": "MaxEBSVolumeCount"},
        {"name": "MaxGCEPDVolumeCount"},
        {"name": "MaxAzureDiskVolumeCount"},
        {"name": "MatchInterPodAffinity"},
        {"name": "NoDiskConflict"},
        {"name": "GeneralPredicates"},
        {"name": "PodToleratesNodeTaints"},
        {"name": "CheckNodeMemoryPressure"},
        {"name": "CheckNodeDiskPressure"},
        {"name": "CheckVolumeBinding"},
        {"argument": {"serviceAffinity": {"labels": ["region"]}}, "name": "Region"}
    ],
    "priorities": [
        {"name": "SelectorSpreadPriority", "weight": 1},
        {"name": "InterPodAffinityPriority", "weight": 1},
        {"name": "LeastRequestedPriority", "weight": 1},
        {"name": "BalancedResourceAllocation", "weight": 1},
        {"name": "NodePreferAvoidPodsPriority", "weight": 10000},
        {"name": "NodeAffinityPriority", "weight": 1},
        {"name": "TaintTolerationPriority", "weight": 1},
        {"argument": {"serviceAntiAffinity": {"label": "zone"}}, "name": "Zone", "weight": 2}
    ]
}
`;
