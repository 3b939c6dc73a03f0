// The upgrade path of a kubeadm cluster, one minor version at a time (kubeadm refuses to skip a
// minor): 1.26 → 1.29 is three hops. Every hop but the last goes to the newest patch the package
// repository offers for its minor, which is only known on a host once the run reaches that hop;
// the last hop goes to the exact target. Pure: the caller reads the versions.
import { compareVersions, formatVersion, minorLabel, type KubeVersion } from './kube-version.js';

export interface Hop {
  /** `v1.29`: the minor this hop moves the cluster to. */
  minor: string;
  /** The exact version, known for the last hop (the target); undefined means "newest patch". */
  version?: string;
}

export interface UpgradePath {
  from: string;
  to: string;
  hops: Hop[];
}

// Thrown when no path exists: a downgrade, another major version.
export class PathRefusal extends Error {}

// `from`: the oldest kube-apiserver of the cluster. `finish`: the cluster already runs the target
// but some node does not; one hop to the target re-applies it and upgrades those nodes.
export function computeUpgradePath(from: KubeVersion, to: KubeVersion, finish = false): UpgradePath {
  const [f, t] = [formatVersion(from), formatVersion(to)];
  if (to.patch === undefined) throw new PathRefusal(`the target must be an exact version like v${to.major}.${to.minor}.3, not ${minorLabel(to)}`);
  if (from.major !== to.major) throw new PathRefusal(`${t} is another major version than the cluster's ${f}; kubeadm upgrades within one major version`);
  const order = compareVersions(to, from);
  if (order < 0) throw new PathRefusal(`${t} is older than the cluster's ${f}: kubeadm does not downgrade (restore an etcd snapshot taken before the upgrade instead)`);
  if (order === 0) return { from: f, to: t, hops: finish ? [{ minor: minorLabel(to), version: t }] : [] };
  const hops: Hop[] = [];
  for (let minor = from.minor + 1; minor < to.minor; minor++) hops.push({ minor: minorLabel({ major: to.major, minor }) });
  hops.push({ minor: minorLabel(to), version: t });
  return { from: f, to: t, hops };
}

// The hop labels a runbook loops over: `v1.29.x` for "newest patch", the exact version for the last.
export const hopItems = (path: UpgradePath): string[] => path.hops.map((h) => h.version ?? `${h.minor}.x`);

// `v1.28.2 → v1.29 (newest patch) → v1.30.1`, for plans and messages.
export function describePath(path: UpgradePath): string {
  if (path.hops.length === 0) return `${path.from}: already at the target`;
  return [path.from, ...path.hops.map((h) => h.version ?? `${h.minor}.x (newest patch in the package repository)`)].join(' → ');
}
