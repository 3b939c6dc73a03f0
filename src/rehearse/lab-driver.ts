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

/** opsctl with its own state dir; `env` adds to the environment (the kill hook). */
export function startOpsctl(args: string[], stateDir: string, env: Record<string, string> = {}): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [OPSCTL_BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { ...env, OPSCTL_STATE_DIR: stateDir, CI: '1', NO_COLOR: '1', OPSCTL_REHEARSE_KILL: env.OPSCTL_REHEARSE_KILL ?? '' },
    extendEnv: true,
  }) as never;
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
  const started = Date.now();
  const r = await execa('ssh', ['-F', join(labDir, 'ssh_config'), host, command], { reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr), durationMs: Date.now() - started };
}

export async function local(command: string, env: Record<string, string>): Promise<Outcome> {
  const started = Date.now();
  const r = await execa('sh', ['-c', command], { reject: false, stdin: 'ignore', env, extendEnv: true });
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
