// Runs a command "in a pod": on the lab host the pod is bound to. On that host itself the
// command runs directly; from anywhere else it goes over the lab's ssh_config. The exit status
// comes back the way `kubectl exec` reports it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { err } from '../cli/io.js';

export interface ExecRequest {
  labDir: string;
  /** The host this tool runs on, if it is a lab host. */
  here?: string;
  node: string;
  command: string[];
  stdin: boolean;
  workingDir?: string;
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function runInPod(req: ExecRequest): number {
  const stdio: ['inherit' | 'ignore', 'inherit', 'inherit'] = [req.stdin ? 'inherit' : 'ignore', 'inherit', 'inherit'];
  const local = req.here === req.node;
  const result = local
    ? spawnSync(req.command[0], req.command.slice(1), { stdio, cwd: req.workingDir && existsSync(req.workingDir) ? req.workingDir : '/' })
    : spawnSync(process.env.OPSCTL_LAB_SSH || 'ssh', ['-F', join(req.labDir, 'ssh_config'), '-o', 'BatchMode=yes', req.node, '--', req.command.map(quote).join(' ')], { stdio });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (local && code === 'ENOENT') {
      err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${req.command[0]}": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n`);
      return 126;
    }
    err(`error: unable to upgrade connection: ${result.error.message}\n`);
    return 1;
  }
  const status = result.status ?? 128 + (result.signal ? 9 : 0);
  if (!local && status === 255) {
    err(`error: unable to upgrade connection: the lab could not reach node "${req.node}" over ssh\n`);
    return 1;
  }
  if (status !== 0) err(`command terminated with exit code ${status}\n`);
  return status;
}
