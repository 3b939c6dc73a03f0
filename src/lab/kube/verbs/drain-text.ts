// What drain prints, in the two eras the lab serves: the kubectl of OpenShift 3.11 (1.11) and
// current kubectl, whose wording and flags differ.
export interface DrainText {
  emptyDirFlag: string;
  fatal: { daemonSet: string; localStorage: string; unmanaged: string };
  warning: { daemonSet: string; localStorage: string; unmanaged: string };
  /** Formats a list of pods in a message: `ns/name` today, bare names in 1.11. */
  pod(ns: string, name: string): string;
  warn(message: string, pods: string[]): string;
  failure(node: string, errors: string[]): string;
  evicting?(ns: string, name: string): string;
}

export const MODERN: DrainText = {
  emptyDirFlag: 'delete-emptydir-data',
  fatal: {
    daemonSet: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
    localStorage: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)',
    unmanaged: 'cannot delete Pods that declare no controller (use --force to override)',
  },
  warning: {
    daemonSet: 'ignoring DaemonSet-managed Pods',
    localStorage: 'deleting Pods with local storage',
    unmanaged: 'deleting Pods that declare no controller',
  },
  pod: (ns, name) => `${ns}/${name}`,
  warn: (message, pods) => `Warning: ${message}: ${pods.join(', ')}\n`,
  failure: (node, errors) =>
    `error: unable to drain node "${node}" due to error: ${errors.length > 1 ? `[${errors.join(', ')}]` : errors[0]}, continuing command...\n` +
    `There are pending nodes to be drained:\n ${node}\n`,
  evicting: (ns, name) => `evicting pod ${ns}/${name}\n`,
};

export const LEGACY: DrainText = {
  emptyDirFlag: 'delete-local-data',
  fatal: {
    daemonSet: 'DaemonSet-managed pods (use --ignore-daemonsets to ignore)',
    localStorage: 'pods with local storage (use --delete-local-data to override)',
    unmanaged: 'pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet (use --force to override)',
  },
  warning: {
    daemonSet: 'Ignoring DaemonSet-managed pods',
    localStorage: 'Deleting pods with local storage',
    unmanaged: 'Deleting pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet',
  },
  pod: (_ns, name) => name,
  warn: (message, pods) => `WARNING: ${message}: ${pods.join(', ')}\n`,
  failure: (node) => `error: unable to drain node "${node}", aborting command...\n\nThere are pending nodes to be drained:\n ${node}\n`,
};
