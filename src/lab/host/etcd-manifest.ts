// How a kubeadm lab host runs its etcd member: the command of the static pod
// /etc/kubernetes/manifests/etcd.yaml, with container paths mapped to the pod's hostPath volumes
// (so a restore that repoints the etcd-data volume is honoured). Loaded only on kubeadm hosts.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BASE_ENV, ETCD_BIN, firstURL, type Launch } from './etcd-launch.js';

export const ETCD_MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';

interface PodSpec {
  spec?: {
    containers?: Array<{ name?: string; command?: string[]; args?: string[]; volumeMounts?: Array<{ name: string; mountPath: string }> }>;
    volumes?: Array<{ name: string; hostPath?: { path: string } }>;
  };
}

export function launchFromManifest(): Launch | undefined {
  if (!existsSync(ETCD_MANIFEST)) return undefined;
  return launchFromManifestText(readFileSync(ETCD_MANIFEST, 'utf8'), (p) => existsSync(p));
}

// Pure: the manifest's text → how to run it (`exists` decides the working directory).
export function launchFromManifestText(text: string, exists: (path: string) => boolean): Launch {
  let pod: PodSpec;
  try {
    pod = parse(text) as PodSpec;
  } catch (e) {
    return { ok: false, reason: `${ETCD_MANIFEST}: ${(e as Error).message}` };
  }
  const c = pod.spec?.containers?.find((x) => x.name === 'etcd') ?? pod.spec?.containers?.[0];
  const argv = [...(c?.command ?? []), ...(c?.args ?? [])];
  if (argv.length === 0) return { ok: false, reason: `${ETCD_MANIFEST}: no etcd container command` };
  // mountPath → hostPath, longest first so /var/lib/etcd/x maps before /var/lib.
  const hostPathOf = new Map(pod.spec?.volumes?.map((v) => [v.name, v.hostPath?.path]) ?? []);
  const mounts = (c?.volumeMounts ?? [])
    .map((m) => [m.mountPath.replace(/\/$/, ''), hostPathOf.get(m.name)?.replace(/\/$/, '')] as const)
    .filter((m): m is readonly [string, string] => !!m[1])
    .sort((a, b) => b[0].length - a[0].length);
  const toHost = (value: string) => {
    const hit = mounts.find(([from]) => value === from || value.startsWith(`${from}/`));
    return hit ? hit[1] + value.slice(hit[0].length) : value;
  };
  const args = argv.slice(1).map((a) => {
    const m = /^(--[^=]+=)(\/.*)$/.exec(a);
    return m ? m[1] + toHost(m[2]) : a;
  });
  const listen = args.find((a) => a.startsWith('--listen-client-urls='))?.split('=')[1];
  const dataDir = args.find((a) => a.startsWith('--data-dir='))?.split('=')[1];
  const cwd = dataDir && exists(dataDir) ? dataDir : '/';
  return { ok: true, spec: { name: 'etcd', command: argv[0] === 'etcd' ? ETCD_BIN : argv[0], args, env: { ...BASE_ENV }, cwd, ready: firstURL(listen) } };
}
