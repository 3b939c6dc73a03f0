// Kubernetes versions as the lab knows them: parsing/comparing `v1.29.3`, the newest patch
// release of each minor (what a package repository offers), and the CoreDNS/etcd that kubeadm
// deploys with each minor.
export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Semver | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

export const formatVersion = (v: Semver): string => `v${v.major}.${v.minor}.${v.patch}`;

export function compareVersions(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

// The newest patch release of each minor; anything up to it is "available" on the lab.
export const LATEST_PATCH: Record<number, number> = {
  10: 13, 11: 10, 12: 10, 13: 12, 14: 10, 15: 12, 16: 15, 17: 17, 18: 20, 19: 16, 20: 15, 21: 14,
  22: 17, 23: 17, 24: 17, 25: 16, 26: 15, 27: 16, 28: 15, 29: 15, 30: 14, 31: 13, 32: 9, 33: 5,
};

export const isReleased = (v: Semver): boolean => v.major === 1 && LATEST_PATCH[v.minor] !== undefined && v.patch <= LATEST_PATCH[v.minor];

export function addonVersions(minor: number): { coredns: string; etcd: string } {
  const table: Array<[number, string, string]> = [
    [10, '1.1.3', '3.1.12'], [11, '1.1.3', '3.2.18'], [12, '1.2.2', '3.2.24'], [13, '1.2.6', '3.2.24'],
    [14, '1.3.1', '3.3.10'], [15, '1.3.1', '3.3.10'], [16, '1.6.2', '3.3.15-0'], [17, '1.6.5', '3.4.3-0'],
    [18, '1.6.7', '3.4.3-0'], [19, '1.7.0', '3.4.9-1'], [20, '1.7.0', '3.4.13-0'], [21, 'v1.8.0', '3.4.13-0'],
    [22, 'v1.8.4', '3.5.0-0'], [23, 'v1.8.6', '3.5.1-0'], [24, 'v1.8.6', '3.5.6-0'], [25, 'v1.9.3', '3.5.6-0'],
    [26, 'v1.9.3', '3.5.6-0'], [27, 'v1.10.1', '3.5.7-0'], [28, 'v1.10.1', '3.5.9-0'], [29, 'v1.11.1', '3.5.10-0'],
    [30, 'v1.11.1', '3.5.12-0'], [31, 'v1.11.3', '3.5.15-0'], [32, 'v1.11.3', '3.5.16-0'], [33, 'v1.12.0', '3.5.21-0'],
  ];
  const row = [...table].reverse().find(([m]) => m <= minor) ?? table[0];
  return { coredns: row[1], etcd: row[2] };
}

// Where kubeadm pulls control-plane images from (the default moved in 1.25).
export const imageRegistry = (minor: number): string => (minor >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io');

// The package revision the Kubernetes repositories use: pkgs.k8s.io ("-1.1") or the old apt/yum repos.
export const debRevision = (minor: number): string => (minor >= 24 ? '1.1' : '00');
export const rpmRevision = (minor: number): string => (minor >= 24 ? '150500.1.1' : '0');
