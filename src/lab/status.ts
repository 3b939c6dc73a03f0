// `lab status`: per host, is its sshd the one we started and does its port answer with an SSH
// banner; per etcd member, endpoint health and membership as the real etcdctl reports them.
import { connect } from 'node:net';
import { endpointHealth, memberList, type Member } from './etcd-client.js';
import type { LabState } from './lab-state.js';
import { hostRunDir } from './layout.js';
import { isRunning, isSameRunning, readPidFile } from './procfs.js';
import { join } from 'node:path';

export interface HostStatus {
  name: string;
  role: string;
  address: string;
  port: number;
  sshdPid?: number;
  sshdAlive: boolean;
  banner?: string;
  etcdPid?: number;
  etcdHealthy?: boolean;
  etcdError?: string;
}

export interface LabStatus {
  dir: string;
  flavor: string;
  status: string;
  hosts: HostStatus[];
  members?: Member[];
  healthy: boolean;
}

// The first line an SSH server sends, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`.
export function readBanner(address: string, port: number, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    let data = '';
    const done = (v: string | undefined) => (s.destroy(), resolve(v));
    s.setTimeout(timeoutMs, () => done(undefined));
    s.on('data', (c) => {
      data += c.toString('latin1');
      const nl = data.indexOf('\n');
      if (nl >= 0) done(data.slice(0, nl).trim());
    });
    s.on('error', () => done(undefined));
    s.on('end', () => done(data.startsWith('SSH-') ? data.trim() : undefined));
  });
}

export async function labStatus(state: LabState): Promise<LabStatus> {
  const [health, members] = state.etcd ? await Promise.all([endpointHealth(state.etcd), memberList(state.etcd)]) : [[], undefined];
  const hosts = await Promise.all(
    state.hosts.map(async (h): Promise<HostStatus> => {
      const sshdAlive = h.sshd !== undefined && isSameRunning(h.sshd);
      const etcdPid = h.etcd ? readPidFile(join(hostRunDir(state.dir, h.name), 'etcd.pid')) : undefined;
      const eh = h.etcd ? health.find((x) => x.endpoint === h.etcd!.clientURL) : undefined;
      return {
        name: h.name,
        role: h.role,
        address: h.address,
        port: h.port,
        sshdPid: h.sshd?.pid,
        sshdAlive,
        banner: await readBanner(h.address, h.port),
        ...(h.etcd ? { etcdPid: etcdPid && isRunning(etcdPid) ? etcdPid : undefined, etcdHealthy: eh?.health ?? false, etcdError: eh?.error } : {}),
      };
    }),
  );
  const healthy = hosts.every((h) => h.sshdAlive && h.banner !== undefined && h.etcdHealthy !== false);
  return { dir: state.dir, flavor: state.flavor, status: state.status, hosts, members, healthy };
}

export function renderStatusTable(s: LabStatus): string {
  const rows = s.hosts.map((h) => [
    h.name,
    h.role,
    `${h.address}:${h.port}`,
    h.sshdAlive ? `up (pid ${h.sshdPid})` : 'down',
    h.banner ? 'yes' : 'no',
    h.etcdHealthy === undefined ? '-' : h.etcdHealthy ? `healthy (pid ${h.etcdPid ?? '?'})` : `DOWN${h.etcdError ? `: ${h.etcdError}` : ''}`,
  ]);
  const head = ['HOST', 'ROLE', 'ADDRESS', 'SSHD', 'SSH BANNER', 'ETCD'];
  const widths = head.map((x, i) => Math.max(x.length, ...rows.map((r) => r[i].length)));
  const table = [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
  const members = s.members ? `etcd members: ${s.members.map((m) => `${m.name} (${m.id})`).join(', ')}` : 'etcd members: no endpoint answered';
  return `lab ${s.dir} (${s.flavor}): ${s.healthy ? 'healthy' : 'DEGRADED'}\n${table}\n${members}\n`;
}
