// `lab up` calls seedApiState once the hosts exist: it creates the simulated API state of the
// lab's own cluster (`lab`), of a second, empty management cluster (`lab-dest`, the DR
// destination) and of the hosted cluster `example`, a kubeconfig for each, and what is
// installed on every host.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '../store/cluster.js';
import { reconcileHostedClusters } from '../controllers/hosted.js';
import { updateHostState, type HostState } from '../packages/host-state.js';
import { kindByName, mustKind } from '../store/kinds.js';
import { renderLabKubeconfig } from '../cli/kubeconfig.js';
import { clone, type K8sObject } from '../store/object.js';
import { apiDir, clusterDir, DEFAULT_CLUSTER } from '../store/paths.js';
import { clusterFixture, kubeletVersion, type Topology } from './cluster.js';
import { HOSTED, hostedApiObjects, hostedFixture } from './hosted.js';
import { Store, type ClusterMeta } from '../store/store.js';
import { debRevision, parseVersion } from '../kubeadm/versions.js';
import { namespace } from './build.js';

export type { Topology } from './cluster.js';

export const DEST_CLUSTER = 'lab-dest';

export interface SeedResult {
  /** Cluster name → kubeconfig selecting it (pass with --kubeconfig or KUBECONFIG). */
  kubeconfigs: Record<string, string>;
}

export function seedApiState(labDir: string, topology: Topology): SeedResult {
  rmSync(apiDir(labDir), { recursive: true, force: true });
  mkdirSync(apiDir(labDir), { recursive: true });
  const ocp = topology.flavor === 'ocp311';
  const apiPort = ocp ? 8443 : 6443;
  const server = topology.apiServer ?? `https://${topology.masters[0]?.address ?? '127.0.0.1'}:${apiPort}`;
  const lab = createCluster(labDir, DEFAULT_CLUSTER, {
    flavor: topology.flavor,
    server,
    kubernetesVersion: kubeletVersion(topology),
    masters: topology.masters,
    workers: topology.workers,
    apiPort,
  }, [...clusterFixture(topology), ...hostedFixture()]);
  const labNodes = lab.list(mustKind('Node'));
  createCluster(labDir, DEST_CLUSTER, {
    flavor: 'ocp4',
    server: `https://${topology.masters[0]?.address ?? '127.0.0.1'}:16443`,
    kubernetesVersion: HOSTED.kubeVersion,
    masters: [],
    workers: [],
    apiPort: 16443,
  }, [namespace('default'), namespace('kube-system'), namespace('hypershift'), ...labNodes.map(destNode)]);
  createCluster(labDir, HOSTED.name, {
    flavor: 'ocp4',
    server: `https://api-${HOSTED.name}.${HOSTED.baseDomain}:443`,
    kubernetesVersion: HOSTED.kubeVersion,
    masters: [],
    workers: [],
    apiPort: 443,
    hostedBy: { namespace: `${HOSTED.namespace}-${HOSTED.name}`, deployment: 'kube-apiserver' },
  }, hostedApiObjects());
  for (const host of [...topology.masters, ...topology.workers]) updateHostState(labDir, host.name, (s) => Object.assign(s, installedOn(topology)));
  const kubeconfigs: Record<string, string> = {};
  for (const name of [DEFAULT_CLUSTER, DEST_CLUSTER, HOSTED.name]) kubeconfigs[name] = join(clusterDir(labDir, name), 'kubeconfig');
  return { kubeconfigs };
}

type MetaInput = Omit<ClusterMeta, 'version' | 'name' | 'resourceVersion' | 'currentProject'>;

function createCluster(labDir: string, name: string, input: MetaInput, objects: K8sObject[]): Cluster {
  const meta: ClusterMeta = { version: 1, name, resourceVersion: 0, currentProject: 'default', ...input };
  const store = Store.create(clusterDir(labDir, name), meta);
  const cluster = new Cluster(labDir, store);
  for (const obj of objects) cluster.save(kindByName(obj.kind)!, obj);
  reconcileHostedClusters(store);
  store.commit();
  writeFileSync(join(clusterDir(labDir, name), 'kubeconfig'), renderLabKubeconfig(name, meta.server), { mode: 0o644 });
  return cluster;
}

// The destination management cluster runs on the same lab hosts (so `exec` reaches them) as OCP 4.
function destNode(labNode: K8sObject): K8sObject {
  const n = clone(labNode);
  const master = Object.keys(n.metadata.labels ?? {}).some((l) => l === 'node-role.kubernetes.io/master' || l === 'node-role.kubernetes.io/control-plane');
  const labels = Object.fromEntries(Object.entries(n.metadata.labels ?? {}).filter(([k]) => !k.startsWith('node-role.kubernetes.io/')));
  Object.assign(labels, master ? { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/worker': '' } : { 'node-role.kubernetes.io/worker': '' });
  n.metadata = { name: n.metadata.name, labels };
  n.spec = {};
  n.status.nodeInfo = { ...n.status.nodeInfo, kubeletVersion: HOSTED.kubeVersion, osImage: 'Red Hat Enterprise Linux CoreOS 414.92', containerRuntimeVersion: 'cri-o://1.27.2' };
  return n;
}

function installedOn(topology: Topology): HostState {
  if (topology.flavor === 'ocp311') {
    const oc = '3.11.784-1.git.0.f9a5d1f.el7';
    return {
      packages: Object.fromEntries(
        [
          ['atomic-openshift', oc], ['atomic-openshift-clients', oc], ['atomic-openshift-hyperkube', oc], ['atomic-openshift-node', oc],
          ['docker', '1.13.1-209.git7d71120.el7_9'], ['etcd', '3.2.22-1.el7'], ['haproxy', '1.5.18-9.el7_9.1'], ['openvswitch', '2.9.0-110.el7fdp'],
          ['dnsmasq', '2.76-17.el7_9.3'], ['iptables-services', '1.4.21-35.el7'], ['NetworkManager', '1.18.8-2.el7_9'],
        ].map(([name, version]) => [name, { version }]),
      ),
    };
  }
  const v = parseVersion(topology.version)!;
  const pkg = `${v.major}.${v.minor}.${v.patch}-${debRevision(v.minor)}`;
  return {
    packages: {
      kubeadm: { version: pkg, held: true },
      kubelet: { version: pkg, held: true },
      kubectl: { version: pkg, held: true },
      'kubernetes-cni': { version: `1.3.0-${debRevision(v.minor)}` },
      'cri-tools': { version: `${v.major}.${v.minor}.0-${debRevision(v.minor)}` },
      containerd: { version: '1.7.13-1' },
    },
    kubeletRunning: `v${v.major}.${v.minor}.${v.patch}`,
  };
}
