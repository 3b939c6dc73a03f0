// What runs where in a kubeadm cluster, as the skew policy needs it: per node its kubelet and
// kube-proxy, and on control-plane nodes the static pods' kube-apiserver, controller-manager and
// scheduler; plus the kubectl and kubeadm of the host opsctl drives the upgrade from.
import type { KubeVersion } from './kube-version.js';

export const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface NodeVersions {
  name: string;
  controlPlane: boolean;
  ready: boolean;
  unschedulable: boolean;
  versions: Partial<Record<Component, KubeVersion>>;
}

export interface ClusterVersions {
  nodes: NodeVersions[];
  /** kubectl and kubeadm on the host the upgrade runs them on. */
  kubectl?: KubeVersion;
  kubeadm?: KubeVersion;
  /** The host those two were read on. */
  via?: string;
}

// The oldest and newest kube-apiserver: the cluster's version is the oldest one.
export function apiserverRange(c: ClusterVersions): { oldest?: KubeVersion; newest?: KubeVersion } {
  const all = c.nodes.flatMap((n) => (n.versions['kube-apiserver'] ? [n.versions['kube-apiserver']] : []));
  const byMinor = [...all].sort((a, b) => a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0));
  return { oldest: byMinor[0], newest: byMinor.at(-1) };
}
