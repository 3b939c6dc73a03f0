// The hosted etcd worker: converges one management cluster's hosted etcd members (see
// src/lab/hosted-etcd/sync.ts), then lets the HyperShift stand-in see the result.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { convergeHostedEtcd } from '../hosted-etcd/converge.js';
import { clusterEtcdDir, hostedEtcdLab } from '../hosted-etcd/layout.js';
import { needsConverge } from '../hosted-etcd/sync.js';
import { openCluster } from '../kube/store/cluster.js';

const [labDir, cluster] = process.argv.slice(2);
const lab = labDir && cluster ? hostedEtcdLab(labDir) : undefined;
try {
  if (lab) {
    for (let round = 0; round < 3 && needsConverge(lab, cluster); round++) await convergeHostedEtcd(lab, cluster);
    // A watch event, in effect: the operator stand-in reconciles with the members' new state.
    try {
      openCluster(labDir, cluster, () => undefined);
    } catch (e) {
      process.stderr.write(`${new Date().toISOString()} reconcile after converge: ${(e as Error).message}\n`);
    }
  }
} finally {
  if (labDir && cluster) rmSync(join(clusterEtcdDir(labDir, cluster), 'worker.pid'), { force: true });
}
