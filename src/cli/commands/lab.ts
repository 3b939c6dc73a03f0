// `opsctl lab up|down|status`: argument checks and output only; the work is in src/lab.
import { join, resolve } from 'node:path';
import { ExitCode, InputError } from '../../errors.js';
import { resolveStateDir } from '../../state/paths.js';
import type { GlobalOptions } from '../global-options.js';

interface LabFlags {
  masters?: number;
  workers?: number;
  flavor?: 'ocp311' | 'kubeadm';
  dir?: string;
  loginMs?: number;
}

export default async function lab(g: GlobalOptions, action: 'up' | 'down' | 'status', flags: LabFlags): Promise<number> {
  const dir = flags.dir ? resolve(flags.dir) : join(resolveStateDir(g.stateDir), 'lab');
  if (action === 'up') return up(g, dir, flags);
  if (action === 'down') return down(g, dir);
  return status(g, dir);
}

async function up(g: GlobalOptions, dir: string, flags: LabFlags): Promise<number> {
  const masters = flags.masters ?? 3;
  const workers = flags.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0) throw new InputError(`--workers expects a whole number ≥ 0, got "${flags.workers}"`);
  if (masters + workers > 200) throw new InputError(`a lab holds at most 200 masters and workers, asked for ${masters + workers}`);
  const loginMs = flags.loginMs ?? 0;
  if (!Number.isInteger(loginMs) || loginMs < 0 || loginMs > 10_000) throw new InputError(`--login-ms expects whole milliseconds from 0 to 10000, got "${flags.loginMs}"`);
  const { labUp } = await import('../../lab/up.js');
  const { renderUsage } = await import('../../lab/operator-files.js');
  const progress = (line: string) => g.output === 'text' && process.stderr.write(`… ${line}\n`);
  const state = await labUp({ dir, flavor: flags.flavor ?? 'ocp311', masters, workers, loginMs }, progress);
  if (g.output === 'json') {
    process.stdout.write(JSON.stringify(state) + '\n');
    return ExitCode.ok;
  }
  const rows = state.hosts.map((h) => `  ${h.name.padEnd(9)} ${`${h.address}:${h.port}`.padEnd(18)} sshd pid ${h.sshd?.pid}${h.etcd ? `  etcd ${h.etcd.clientURL}` : ''}`);
  process.stdout.write(
    [
      `lab up (${state.flavor}, ${masters} masters, ${workers} workers) in ${dir}`,
      ...rows,
      `etcd: ${masters} members healthy over TLS, ${state.etcd?.seededKeys} keys under ${state.etcd?.seedPrefix}`,
      `started in ${((state.startMs ?? 0) / 1000).toFixed(1)} s`,
      '',
      renderUsage(dir, state.flavor),
    ].join('\n'),
  );
  return ExitCode.ok;
}

async function down(g: GlobalOptions, dir: string): Promise<number> {
  const { labDown } = await import('../../lab/down.js');
  const r = await labDown(dir);
  if (g.output === 'json') process.stdout.write(JSON.stringify({ dir, ...r }) + '\n');
  else if (!r.found) process.stdout.write(`no lab in ${dir}: nothing to do\n`);
  else {
    const kept = r.keptMountPoints.length > 0 ? `; kept mount points in use or not empty: ${r.keptMountPoints.join(', ')}` : '';
    process.stdout.write(`lab down: stopped ${r.stopped.length} processes, removed ${dir}${kept}\n`);
  }
  return ExitCode.ok;
}

async function status(g: GlobalOptions, dir: string): Promise<number> {
  const { readLabState } = await import('../../lab/lab-state.js');
  const state = readLabState(dir);
  if (!state) throw new InputError([{ message: `no lab in ${dir}` }], { hint: `opsctl lab up --dir ${dir}` });
  const { labStatus, renderStatusTable } = await import('../../lab/status.js');
  const s = await labStatus(state);
  process.stdout.write(g.output === 'json' ? JSON.stringify(s) + '\n' : renderStatusTable(s));
  return s.healthy ? ExitCode.ok : ExitCode.unreachable;
}
