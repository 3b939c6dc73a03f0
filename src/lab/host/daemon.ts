// Starting and stopping a lab daemon (etcd, the kubeadm kubelet) the way systemd would: detached
// in its own session, output appended to a log in the host's run dir, pid in a pid file.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isRunning } from '../procfs.js';
import { terminate } from '../terminate.js';

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Started means this address accepts TCP connections (etcd's client URL). */
  ready?: { host: string; port: number };
}

export const pidFileOf = (runDir: string, name: string): string => join(runDir, `${name}.pid`);
export const logFileOf = (runDir: string, name: string): string => join(runDir, `${name}.log`);

export function runningPid(runDir: string, name: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFileOf(runDir, name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

export type StartResult = { ok: true; pid: number } | { ok: false; reason: string };

// Resolves once the daemon is ready (or has run 10 s without dying), or with why it failed.
export async function startDaemon(runDir: string, spec: DaemonSpec): Promise<StartResult> {
  const log = openSync(logFileOf(runDir, spec.name), 'a');
  const child = spawn(spec.command, spec.args, { detached: true, stdio: ['ignore', log, log], env: spec.env, cwd: spec.cwd });
  closeSync(log);
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = signal ? `killed by ${signal}` : `exited with code ${code}`));
  child.once('error', (e) => (exit = e.message));
  if (!child.pid) return { ok: false, reason: `cannot run ${spec.command}` };
  writeFileSync(pidFileOf(runDir, spec.name), `${child.pid}\n`);
  const end = Date.now() + 10_000;
  while (Date.now() < end && exit === undefined) {
    if (!spec.ready || (await canConnect(spec.ready.host, spec.ready.port))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // A daemon that dies right after binding (bad peer config, say) is a failed start too.
  if (exit === undefined) await new Promise((r) => setTimeout(r, 150));
  if (exit !== undefined) {
    rmSync(pidFileOf(runDir, spec.name), { force: true });
    return { ok: false, reason: exit };
  }
  child.unref();
  return { ok: true, pid: child.pid };
}

export async function stopDaemon(runDir: string, name: string): Promise<void> {
  const pid = runningPid(runDir, name);
  if (pid) await terminate([pid], 10_000);
  rmSync(pidFileOf(runDir, name), { force: true });
}

export function logTail(runDir: string, name: string, lines = 10): string[] {
  try {
    return readFileSync(logFileOf(runDir, name), 'utf8').trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}
