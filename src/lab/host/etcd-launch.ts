// How an OCP 3.11 lab host runs its etcd member, read from the host's own config at its real
// path as the real host would: source /etc/etcd/etcd.conf into the environment and exec etcd.
// (kubeadm's static pod is in etcd-manifest.ts.)
import { existsSync, readFileSync } from 'node:fs';
import { parseAssignment } from '../../edit/env-line.js';
import type { DaemonSpec } from './daemon.js';

export const ETCD_CONF = '/etc/etcd/etcd.conf';
export const ETCD_BIN = '/usr/bin/etcd';
export const BASE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

export type Launch = { ok: true; spec: DaemonSpec } | { ok: false; reason: string };

// systemd EnvironmentFile semantics: KEY=value lines, quotes removed, comments skipped.
export function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const a = parseAssignment(line);
    if (a && !('problem' in a)) env[a.key] = a.value;
  }
  return env;
}

export function firstURL(list: string | undefined): { host: string; port: number } | undefined {
  const first = list?.split(',')[0]?.trim();
  if (!first) return undefined;
  try {
    const u = new URL(first);
    return { host: u.hostname, port: Number(u.port || 2379) };
  } catch {
    return undefined;
  }
}

export function launchFromEnvFile(): Launch {
  if (!existsSync(ETCD_CONF)) return { ok: false, reason: `${ETCD_CONF}: No such file or directory` };
  const env = readEnvFile(readFileSync(ETCD_CONF, 'utf8'));
  const cwd = existsSync('/var/lib/etcd') ? '/var/lib/etcd' : '/';
  return { ok: true, spec: { name: 'etcd', command: ETCD_BIN, args: [], env: { ...BASE_ENV, ...env }, cwd, ready: firstURL(env.ETCD_LISTEN_CLIENT_URLS) } };
}

