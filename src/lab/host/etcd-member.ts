// Starting and stopping this host's etcd member. One code path for `lab up`, the simulated
// `systemctl start|stop|restart etcd`, `master-restart etcd` and the kubeadm kubelet.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logTail, runningPid, startDaemon, stopDaemon, type StartResult } from './daemon.js';
import { launchFromEnvFile, type Launch } from './etcd-launch.js';
import type { HostContext } from './host-context.js';

const specHashFile = (ctx: HostContext) => join(ctx.runDir, 'etcd.spec');

export const etcdPid = (ctx: HostContext): number | undefined => runningPid(ctx.runDir, 'etcd');

// Where this flavour keeps the member's configuration; undefined for kubeadm without a manifest.
export async function etcdLaunch(ctx: HostContext): Promise<Launch | undefined> {
  if (ctx.flavor === 'ocp311') return launchFromEnvFile();
  return (await import('./etcd-manifest.js')).launchFromManifest();
}

export function launchHash(launch: Launch & { ok: true }): string {
  const { command, args, env } = launch.spec;
  return createHash('sha256').update(JSON.stringify({ command, args, env })).digest('hex');
}

export async function startEtcdMember(ctx: HostContext): Promise<StartResult> {
  if (etcdPid(ctx)) return { ok: true, pid: etcdPid(ctx)! };
  const launch = await etcdLaunch(ctx);
  if (!launch) return { ok: false, reason: 'no etcd static pod manifest' };
  if (!launch.ok) return launch;
  const r = await startDaemon(ctx.runDir, launch.spec);
  if (r.ok) writeFileSync(specHashFile(ctx), launchHash(launch));
  return r.ok ? r : { ok: false, reason: [r.reason, ...logTail(ctx.runDir, 'etcd', 5)].join('\n') };
}

export async function stopEtcdMember(ctx: HostContext): Promise<void> {
  await stopDaemon(ctx.runDir, 'etcd');
  rmSync(specHashFile(ctx), { force: true });
}

// The configuration the running member was started with, to notice a changed manifest.
export function runningSpecHash(ctx: HostContext): string | undefined {
  try {
    return readFileSync(specHashFile(ctx), 'utf8').trim();
  } catch {
    return undefined;
  }
}
