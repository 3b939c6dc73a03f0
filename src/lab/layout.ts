// Which hosts a lab has, where each one's files live, and which real paths each host sees as its
// own. Pure: every other lab module asks this one, so a path is spelled in exactly one place.
import { join } from 'node:path';

export type Flavor = 'ocp311' | 'kubeadm';
export type Role = 'master' | 'lb' | 'worker';

export interface HostSpec {
  name: string;
  role: Role;
  address: string;
}

// Real absolute paths bind-mounted per host; anything else (/root, /tmp, /usr) is shared.
export const HOST_MOUNTS = [
  '/etc/origin',
  '/etc/etcd',
  '/var/lib/etcd',
  '/etc/sysconfig',
  '/etc/haproxy',
  '/etc/kubernetes',
  '/backup',
  '/etc/dnsmasq.d',
  '/etc/cni',
  '/etc/pki/ca-trust/source/anchors',
  // Package repository files: a host's pkgs.k8s.io repo names its own minor, and a runbook that
  // edits it never reaches the machine's own apt or yum configuration.
  '/etc/apt/sources.list.d',
  '/etc/yum.repos.d',
  // Empty on Debian and ahead of /usr/bin in root's PATH: the simulated tools live here.
  '/usr/local/sbin',
] as const;

// Hosts are numbered from .10 of a 127/8 block; Linux answers on all of 127/8 without setup.
export const FIRST_HOST_OCTET = 10;

// Masters first (their order is the inventory's, so master-0 is "the first master"), then the
// load balancer, then workers.
export function planHosts(masters: number, workers: number, network: string): HostSpec[] {
  const names: Array<[string, Role]> = [
    ...Array.from({ length: masters }, (_, i): [string, Role] => [`master-${i}`, 'master']),
    ['lb-0', 'lb'],
    ...Array.from({ length: workers }, (_, i): [string, Role] => [`node-${i}`, 'worker']),
  ];
  return names.map(([name, role], i) => ({ name, role, address: `${network}.${FIRST_HOST_OCTET + i}` }));
}

export const hostDir = (labDir: string, host: string): string => join(labDir, 'hosts', host);

// What the host sees at `/x` is `hostRoot/x` for every path in HOST_MOUNTS.
export const hostRoot = (labDir: string, host: string): string => join(hostDir(labDir, host), 'root');

// The lab's bookkeeping for a host (pid files, logs, unit state); never mounted, so tools running
// on the host reach it through OPSCTL_LAB_DIR.
export const hostRunDir = (labDir: string, host: string): string => join(hostRoot(labDir, host), 'run-lab');

// Bind-mounted over /proc/sys/kernel/random/boot_id in the host's namespace: a simulated reboot
// writes a new one, as a real boot does, so "wait until the host has rebooted" works as on a host.
export const hostBootIdFile = (labDir: string, host: string): string => join(hostRunDir(labDir, host), 'boot_id');
export const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';

// A real path as seen from outside the host's namespace.
export const onHost = (labDir: string, host: string, realPath: string): string => join(hostRoot(labDir, host), realPath);

export const labFile = (labDir: string, name: LabFileName): string => join(labDir, name);
export type LabFileName = 'lab.json' | 'inventory.ini' | 'ssh_config' | 'known_hosts' | 'kubeconfig' | 'id_ed25519' | 'authorized_keys';

// A lab dir inside a mounted path would be hidden from the hosts that need to read it.
export function mountShadowing(path: string): string | undefined {
  return HOST_MOUNTS.find((m) => path === m || path.startsWith(`${m}/`));
}
