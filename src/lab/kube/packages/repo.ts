// The Kubernetes package repository a lab host sees: which versions of kubeadm/kubelet/kubectl
// it offers. A host's repo file narrows it to one minor, as pkgs.k8s.io does
// (/etc/apt/sources.list.d/kubernetes.list, /etc/yum.repos.d/kubernetes.repo); without one
// every release is offered.
import { existsSync, readFileSync } from 'node:fs';
import { onHost } from '../store/paths.js';
import { debRevision, LATEST_PATCH, rpmRevision } from '../kubeadm/versions.js';

export const KUBE_PACKAGES = ['kubeadm', 'kubelet', 'kubectl'];

export type Family = 'deb' | 'rpm';

export interface Repo {
  family: Family;
  /** The one minor the host's repo file points at, if any. */
  minor?: number;
  url: string;
  /** yum's `exclude=` of the repo file: these need --disableexcludes=kubernetes. */
  excluded: string[];
}

export function hostRepo(labDir: string, host: string | undefined, family: Family): Repo {
  const path = family === 'deb' ? '/etc/apt/sources.list.d/kubernetes.list' : '/etc/yum.repos.d/kubernetes.repo';
  const file = host ? onHost(labDir, host, path) : undefined;
  const text = file && existsSync(file) ? readFileSync(file, 'utf8') : '';
  const minor = /core:\/stable:\/v1\.(\d+)\//.exec(text)?.[1];
  const exclude = /^\s*exclude\s*=\s*(.*)$/m.exec(text)?.[1]?.split(/[\s,]+/).filter(Boolean) ?? [];
  const url = minor ? `https://pkgs.k8s.io/core:/stable:/v1.${minor}/${family}` : family === 'deb' ? 'https://apt.kubernetes.io kubernetes-xenial' : 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64';
  return { family, minor: minor ? Number(minor) : undefined, url, excluded: exclude.map((e) => e.replace(/\*$/, '')) };
}

// Every version of a package the repo offers, oldest first ("1.29.3-1.1" / "1.29.3-150500.1.1").
export function availableVersions(repo: Repo, pkg: string): string[] {
  const rev = repo.family === 'deb' ? debRevision : rpmRevision;
  const minor = repo.minor ?? 29;
  if (pkg === 'kubernetes-cni') return [`1.3.0-${rev(minor)}`];
  if (pkg === 'cri-tools') return [`1.${minor}.0-${rev(minor)}`];
  if (!KUBE_PACKAGES.includes(pkg)) return [];
  const minors = repo.minor !== undefined ? [repo.minor] : Object.keys(LATEST_PATCH).map(Number);
  return minors.flatMap((m) => Array.from({ length: (LATEST_PATCH[m] ?? -1) + 1 }, (_, p) => `1.${m}.${p}-${rev(m)}`));
}

// Picks the version a request names: exact, a `1.29.3-*` glob, a bare `1.29.3`, or the newest.
export function resolveVersion(available: string[], wanted: string | undefined): string | undefined {
  if (!wanted) return available.at(-1);
  const pattern = new RegExp(`^${wanted.replace(/[.+]/g, '\\$&').replace(/\*/g, '.*')}${wanted.includes('-') || wanted.includes('*') ? '' : '(-.*)?'}$`);
  return [...available].reverse().find((v) => pattern.test(v));
}

export const compareDebVersions = (a: string, b: string): number => {
  const parse = (v: string) => v.split(/[.-]/).map((x) => Number(x) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};
