// Rehearse drives labs and opsctl the way an operator does: the opsctl command line in child
// processes (so SIGKILL hits a real opsctl), the lab's ssh_config for commands on hosts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { HostError } from '../errors.js';

export const OPSCTL_BIN = fileURLToPath(new URL('../../bin/opsctl.js', import.meta.url));

export interface Outcome {
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

// The trials' opsctl runs, resumes and setup commands in flight. A rehearsal that is stopping
// kills them before it takes the labs down: left alone, they would go on against a lab that is
// gone and write their journals into trial directories already removed (CI found one such
// directory re-created after the rehearsal had exited). `lab up` and `lab down` are not in it:
// stopping waits for those, as a half-made lab cannot be taken down.
const inFlight = new Set<ResultPromise>();
let stopped = false;

/** Kills every trial command in flight and refuses new ones; resolves once they have exited. */
export async function stopTrialCommands(): Promise<void> {
  stopped = true;
  for (const child of inFlight) child.kill('SIGKILL');
  await Promise.allSettled([...inFlight]);
}

/** Whether the rehearsal is stopping: no new command, and no new lab either (trial.ts). */
export function rehearsalStopping(): boolean {
  return stopped;
}

function tracked<T extends ResultPromise>(child: T): T {
  inFlight.add(child);
  void child.then(() => inFlight.delete(child), () => inFlight.delete(child));
  return child;
}

function refuseWhenStopped(what: string): void {
  if (stopped) throw new HostError(`the rehearsal is stopping: ${what} not started`);
}

/** opsctl with its own state dir; `env` adds to the environment (the kill hook). */
export function startOpsctl(args: string[], stateDir: string, env: Record<string, string> = {}): ResultPromise<{ reject: false }> {
  const isLab = args[0] === 'lab';
  if (!isLab) refuseWhenStopped(`opsctl ${args[0]}`);
  const child = execa(process.execPath, [OPSCTL_BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { ...env, OPSCTL_STATE_DIR: stateDir, CI: '1', NO_COLOR: '1', OPSCTL_REHEARSE_KILL: env.OPSCTL_REHEARSE_KILL ?? '' },
    extendEnv: true,
  });
  return (isLab ? child : tracked(child)) as never;
}

export async function opsctl(args: string[], stateDir: string, env: Record<string, string> = {}): Promise<Outcome> {
  const started = Date.now();
  const r = await startOpsctl(args, stateDir, env);
  return { exitCode: r.exitCode ?? null, signal: r.signal ?? undefined, stdout: String(r.stdout), stderr: String(r.stderr), durationMs: Date.now() - started };
}

/** `opsctl lab up` with the scenario's flags. */
export async function labUp(dir: string, stateDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const args = ['lab', 'up', '--dir', dir];
  for (const [k, v] of Object.entries(flags)) {
    const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (v === true) args.push(flag);
    else if (v !== false) args.push(flag, String(v));
  }
  const r = await opsctl(args, stateDir);
  if (r.exitCode !== 0) throw new HostError(`lab up failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
}

export async function labDown(dir: string, stateDir: string): Promise<void> {
  await opsctl(['lab', 'down', '--dir', dir], stateDir);
}

export async function ssh(labDir: string, host: string, command: string): Promise<Outcome> {
  refuseWhenStopped(`ssh ${host}`);
  const started = Date.now();
  const r = await tracked(execa('ssh', ['-F', join(labDir, 'ssh_config'), host, command], { reject: false, stdin: 'ignore' }));
  return { exitCode: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr), durationMs: Date.now() - started };
}

export async function local(command: string, env: Record<string, string>): Promise<Outcome> {
  refuseWhenStopped('a local command');
  const started = Date.now();
  const r = await tracked(execa('sh', ['-c', command], { reject: false, stdin: 'ignore', env, extendEnv: true }));
  return { exitCode: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr), durationMs: Date.now() - started };
}

export interface LabHostInfo {
  name: string;
  role: string;
  address: string;
  port: number;
  sshd?: { pid: number };
}

export function labHosts(dir: string): LabHostInfo[] {
  return (JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as { hosts: LabHostInfo[] }).hosts;
}
