// Kubernetes versions as opsctl reads them from a cluster: `v1.29.3` (kubectl, kubeadm, node
// kubelets), `1.29.3-1.1` (packages), `registry.k8s.io/kube-apiserver:v1.29.3` (static pod
// images). Only major.minor.patch matter to the skew policy; a hop not yet resolved has no patch.
export interface KubeVersion {
  major: number;
  minor: number;
  /** Undefined for a minor whose patch is chosen later (`v1.29.x`). */
  patch?: number;
}

// Accepts a bare version, a package version or an image reference; undefined when none is there.
export function parseKubeVersion(text: string | undefined): KubeVersion | undefined {
  if (!text) return undefined;
  const tag = /[:@]/.test(text) ? (text.split('@')[0].split(':').pop() ?? '') : text;
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(tag.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

// `v1.29` / `1.29`: a minor given without a patch (a hop label).
export function parseMinor(text: string): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.x)?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

// `v1.29.3`, or `v1.29.x` for a minor whose patch is not chosen yet.
export const formatVersion = (v: KubeVersion): string => `v${v.major}.${v.minor}.${v.patch ?? 'x'}`;

// `v1.29`: how hops and skew messages name a minor.
export const minorLabel = (v: KubeVersion): string => `v${v.major}.${v.minor}`;

// Orders by major, minor, then patch (an unknown patch sorts first within its minor).
export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? -1) - (b.patch ?? -1);
}
