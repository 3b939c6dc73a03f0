// What start/stop/restart/reload do to each kind of lab unit, and what state it is in.
import { execFileSync } from 'node:child_process';
import { journal } from './journal.js';
import { etcdPid, startEtcdMember, stopEtcdMember } from './etcd-member.js';
import { runningPid, startDaemon, stopDaemon } from './daemon.js';
import type { HostContext } from './host-context.js';
import { onKubeletRestart, onKubeletStop } from '../kube/controllers/kubelet-hooks.js';
import { saveUnitRecord, unitRecord, type Unit } from './units.js';
import { labToolScript } from '../tool-path.js';

export type Outcome = { ok: true } | { ok: false; log: string[] };
export type ActiveState = 'active' | 'inactive' | 'failed';

const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';

// The real validation haproxy's unit runs before (re)starting: `haproxy -c -f <cfg>`.
function checkHaproxy(): Outcome {
  try {
    execFileSync('/usr/sbin/haproxy', ['-c', '-f', HAPROXY_CFG], { stdio: 'pipe', encoding: 'utf8' });
    return { ok: true };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, log: `${err.stdout ?? ''}${err.stderr ?? ''}`.trim().split('\n').filter(Boolean) };
  }
}

function kubeletDaemon(ctx: HostContext) {
  return {
    name: 'kubelet',
    command: process.execPath,
    args: [labToolScript('kubelet-sim')],
    env: { ...process.env, OPSCTL_LAB_DIR: ctx.labDir, OPSCTL_LAB_HOST: ctx.host },
    cwd: '/',
  };
}

export async function startUnit(ctx: HostContext, unit: Unit): Promise<Outcome> {
  // Starting what already runs changes nothing, as with systemd.
  if (activeState(ctx, unit).state === 'active') return { ok: true };
  const now = new Date().toISOString();
  let outcome: Outcome = { ok: true };
  if (unit.kind === 'etcd') {
    const r = await startEtcdMember(ctx);
    outcome = r.ok ? r : { ok: false, log: r.reason.split('\n') };
  } else if (unit.kind === 'haproxy') {
    outcome = checkHaproxy();
  } else if (unit.kind === 'kubelet') {
    const r = await startDaemon(ctx.runDir, kubeletDaemon(ctx));
    outcome = r.ok ? r : { ok: false, log: [r.reason] };
  }
  if (outcome.ok) {
    // The simulated API learns the node's kubelet version when the kubelet (re)starts.
    if (unit.name === 'kubelet' && ctx.flavor === 'kubeadm') onKubeletRestart(ctx.labDir, ctx.host);
    saveUnitRecord(ctx, unit.name, { wanted: 'started', since: now });
    journal(ctx, unit.name, 'systemd[1]', [`Started ${unit.description}.`]);
  } else {
    saveUnitRecord(ctx, unit.name, { wanted: 'failed', since: now });
    journal(ctx, unit.name, unit.name, outcome.log);
    journal(ctx, unit.name, 'systemd[1]', [`${unit.name}.service: control process exited, code=exited status=1`, `Failed to start ${unit.description}.`]);
  }
  return outcome;
}

export async function stopUnit(ctx: HostContext, unit: Unit): Promise<void> {
  if (unit.kind === 'etcd') await stopEtcdMember(ctx);
  if (unit.kind === 'kubelet') await stopDaemon(ctx.runDir, 'kubelet');
  if (unit.name === 'kubelet' && ctx.flavor === 'kubeadm') onKubeletStop(ctx.labDir, ctx.host);
  saveUnitRecord(ctx, unit.name, { wanted: 'stopped', since: new Date().toISOString() });
  journal(ctx, unit.name, 'systemd[1]', [`Stopped ${unit.description}.`]);
}

export async function restartUnit(ctx: HostContext, unit: Unit): Promise<Outcome> {
  // haproxy validates before stopping, so a bad config leaves the unit failed, not half-done.
  const before = unitRecord(ctx, unit.name).restarts;
  if (unit.kind === 'state' || unit.kind === 'haproxy') saveUnitRecord(ctx, unit.name, { wanted: 'stopped' });
  else await stopUnit(ctx, unit);
  const outcome = await startUnit(ctx, unit);
  saveUnitRecord(ctx, unit.name, { restarts: before + 1 });
  return outcome;
}

// A reload that fails leaves the old process running, so the unit stays active.
export function reloadUnit(ctx: HostContext, unit: Unit): Outcome {
  const outcome = unit.kind === 'haproxy' ? checkHaproxy() : { ok: true as const };
  journal(ctx, unit.name, 'systemd[1]', [outcome.ok ? `Reloaded ${unit.description}.` : `Reload failed for ${unit.description}.`]);
  if (!outcome.ok) journal(ctx, unit.name, unit.name, outcome.log);
  return outcome;
}

export function activeState(ctx: HostContext, unit: Unit): { state: ActiveState; pid?: number } {
  const wanted = unitRecord(ctx, unit.name).wanted;
  const pid = unit.kind === 'etcd' ? etcdPid(ctx) : unit.kind === 'kubelet' ? runningPid(ctx.runDir, 'kubelet') : undefined;
  if (unit.kind === 'etcd' || unit.kind === 'kubelet') {
    if (pid) return { state: 'active', pid };
    return { state: wanted === 'stopped' ? 'inactive' : 'failed' };
  }
  return { state: wanted === 'started' ? 'active' : wanted === 'failed' ? 'failed' : 'inactive' };
}
