// Entry points for the lab's simulated systemctl: a kubelet restart makes the node report the
// kubelet version now installed on the host (and Ready again); a kubelet stop makes it NotReady.
import { openCluster } from '../store/cluster.js';
import { packageSemver, readHostState, updateHostState } from '../packages/host-state.js';
import { mustKind } from '../store/kinds.js';
import { nowIso } from '../store/object.js';
import { DEFAULT_CLUSTER } from '../store/paths.js';

const NODE = mustKind('Node');

export interface KubeletChange {
  node: string;
  /** The kubelet version the node reports now; undefined when the host is not a node. */
  version?: string;
}

export function onKubeletRestart(labDir: string, host: string): KubeletChange {
  const installed = readHostState(labDir, host).packages.kubelet?.version;
  const running = installed ? packageSemver(installed) : undefined;
  if (running) updateHostState(labDir, host, (s) => (s.kubeletRunning = running));
  return setNode(labDir, host, (status) => {
    if (running) status.nodeInfo = { ...status.nodeInfo, kubeletVersion: running, kubeProxyVersion: running };
    status.conditions = readyCondition(true);
    return status.nodeInfo?.kubeletVersion as string | undefined;
  });
}

export function onKubeletStop(labDir: string, host: string): KubeletChange {
  return setNode(labDir, host, (status) => {
    status.conditions = readyCondition(false);
    return status.nodeInfo?.kubeletVersion as string | undefined;
  });
}

function setNode(labDir: string, host: string, change: (status: Record<string, any>) => string | undefined): KubeletChange {
  return openCluster(labDir, DEFAULT_CLUSTER, (c) => {
    const node = c.get(NODE, undefined, host);
    if (!node) return { node: host };
    node.status = node.status ?? {};
    const version = change(node.status);
    c.save(NODE, node);
    return { node: host, version };
  });
}

function readyCondition(ready: boolean): Array<Record<string, string>> {
  const now = nowIso();
  return ready
    ? [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }]
    : [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: now, lastTransitionTime: now }];
}
