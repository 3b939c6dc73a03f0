// Drives a lab the way an operator does: the built CLI for up/down/status, the real OpenSSH client
// with the lab's ssh_config for commands on hosts, the real etcdctl with the lab's client cert.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../e2e/cli.js';

export interface Lab {
  dir: string;
  stateDir: string;
}

export const labCli = (lab: Lab, args: string[]) => cli(['lab', ...args, '--dir', lab.dir], { stateDir: lab.stateDir });

export async function ssh(lab: Lab, host: string, command: string) {
  const r = await execa('ssh', ['-F', join(lab.dir, 'ssh_config'), host, command], { reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export interface LabJson {
  flavor: string;
  network: string;
  hosts: Array<{ name: string; role: string; address: string; port: number; sshd: { pid: number }; unshare: { pid: number }; mntNs: string }>;
  etcd: { endpoints: string[]; cacert: string; cert: string; key: string; seedPrefix: string; seededKeys: number };
  mountPointsCreated: string[];
  startMs: number;
  toolsDir: string;
}

export const labJson = (lab: Lab): LabJson => JSON.parse(readFileSync(join(lab.dir, 'lab.json'), 'utf8'));

export async function etcdctl(lab: Lab, endpoints: string[], args: string[], tls: { cert?: boolean } = { cert: true }) {
  const e = labJson(lab).etcd;
  const auth = [`--cacert=${e.cacert}`, ...(tls.cert ? [`--cert=${e.cert}`, `--key=${e.key}`] : [])];
  const r = await execa('etcdctl', [`--endpoints=${endpoints.join(',')}`, ...auth, '--dial-timeout=1s', '--command-timeout=2s', ...args], { reject: false, env: { ETCDCTL_API: '3' }, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export async function health(lab: Lab): Promise<Record<string, boolean>> {
  const r = await etcdctl(lab, labJson(lab).etcd.endpoints, ['endpoint', 'health', '-w', 'json']);
  const list = JSON.parse(r.stdout || '[]') as Array<{ endpoint: string; health: boolean }>;
  return Object.fromEntries(list.map((x) => [x.endpoint, x.health]));
}

export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Running, not a zombie: a killed daemon whose parent is gone may linger as <defunct>.
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}
