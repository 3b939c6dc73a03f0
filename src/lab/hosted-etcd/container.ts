// `oc exec etcd-N -n <control plane> -- ...` for a hosted etcd pod: the command runs on this
// machine as the pod's container would see it: /var/lib/data is the member's volume,
// /etc/etcd/tls the lab's etcd certificates under the names HyperShift mounts, and
// localhost:2379 the member's client URL. Paths and the endpoint are rewritten in the arguments.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { clientURL, memberVolume, tlsDir, type HostedEtcdLab } from './layout.js';

export function isHostedEtcdPod(pod: { metadata: { name: string; ownerReferences?: Array<{ kind: string; name: string }> } }): number | undefined {
  const owned = pod.metadata.ownerReferences?.some((r) => r.kind === 'StatefulSet' && r.name === 'etcd');
  const m = /^etcd-(\d+)$/.exec(pod.metadata.name);
  return owned && m ? Number(m[1]) : undefined;
}

export function runInHostedEtcdPod(lab: HostedEtcdLab, cluster: string, ns: string, i: number, command: string[], stdin: boolean): number {
  const volume = memberVolume(lab.labDir, cluster, ns, i);
  const endpoint = new URL(clientURL(lab, cluster, i)).host;
  const map = (arg: string) =>
    arg
      .replace(/(^|[=\s])\/var\/lib\/data(?=\/|$|\s)/g, `$1${volume}`)
      .replace(/(^|[=\s])\/etc\/etcd\/tls(?=\/|$|\s)/g, `$1${tlsDir(lab.labDir)}`)
      .replace(/\b(?:localhost|127\.0\.0\.1):2379\b/g, endpoint);
  const argv = command.map(map);
  const r = spawnSync(argv[0], argv.slice(1), { stdio: [stdin ? 'inherit' : 'ignore', 'inherit', 'inherit'], cwd: existsSync(volume) ? volume : '/' });
  if (r.error) {
    process.stderr.write(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n`);
    return 126;
  }
  const status = r.status ?? 137;
  if (status !== 0) process.stderr.write(`command terminated with exit code ${status}\n`);
  return status;
}
