// Fills each host's tree with what that kind of host holds, by flavour and role, and writes it.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContentContext, HostFile } from './content/host-file.js';
import { text } from './content/host-file.js';
import { ocp311MasterFiles, type MasterSecrets } from './content/ocp311-master.js';
import { ocp311NodeFiles } from './content/ocp311-node.js';
import { kubeadmFiles } from './content/kubeadm.js';
import { renderHaproxyCfg } from './content/haproxy-cfg.js';
import { HOST_MOUNTS, hostRoot, hostRunDir, type Flavor, type HostSpec } from './layout.js';

export function filesForHost(ctx: ContentContext, flavor: Flavor, host: HostSpec, masterIndex: number, secrets: MasterSecrets): HostFile[] {
  if (host.role === 'lb') {
    return [
      text('/etc/haproxy/haproxy.cfg', renderHaproxyCfg(ctx.masters, flavor === 'ocp311' ? 8443 : 6443)),
      text('/etc/sysconfig/haproxy', '# Add extra options to the haproxy daemon here. This can be useful for\n# specifying multiple configuration files with multiple -f options.\n# See haproxy(1) for a complete list of options.\nOPTIONS=""\n'),
    ];
  }
  if (flavor === 'kubeadm') return kubeadmFiles(ctx, host, { privatePem: secrets.saPrivatePem, publicPem: secrets.saPublicPem });
  const node = ocp311NodeFiles(ctx, host);
  return host.role === 'master' ? [...ocp311MasterFiles(ctx, host, masterIndex, secrets), ...node] : node;
}

// Every mount source exists (even if empty) so the host's bind mounts all succeed.
export function writeHostTree(labDir: string, host: string, files: HostFile[]): void {
  const root = hostRoot(labDir, host);
  for (const m of HOST_MOUNTS) mkdirSync(join(root, m), { recursive: true });
  mkdirSync(hostRunDir(labDir, host), { recursive: true });
  chmodSync(join(root, '/var/lib/etcd'), 0o700);
  for (const f of files) {
    const dest = join(root, f.path);
    mkdirSync(dirname(dest), { recursive: true });
    if (f.copyOf !== undefined) copyFileSync(f.copyOf, dest);
    else writeFileSync(dest, f.text ?? '');
    chmodSync(dest, f.mode ?? 0o644);
  }
}

export function contentContext(labDir: string, hosts: HostSpec[]): ContentContext {
  const cache = new Map<string, string>();
  return {
    labDir,
    masters: hosts.filter((h) => h.role === 'master'),
    lb: hosts.find((h) => h.role === 'lb')!,
    read: (path) => {
      if (!cache.has(path)) cache.set(path, readFileSync(path, 'utf8'));
      return cache.get(path)!;
    },
  };
}
