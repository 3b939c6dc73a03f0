// Before anything is created: the lab needs root (mounts, namespaces, port 22) and a few Debian
// packages. Everything missing is reported at once with the command that installs it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InputError } from '../errors.js';

// Each program the lab runs, and the Debian package that ships it.
const PROGRAMS: Array<{ name: string; pkg: string; path?: string }> = [
  { name: 'unshare', pkg: 'util-linux' },
  { name: 'nsenter', pkg: 'util-linux' },
  { name: 'mount', pkg: 'mount' },
  { name: 'sshd', pkg: 'openssh-server', path: '/usr/sbin/sshd' },
  { name: 'ssh-keygen', pkg: 'openssh-client' },
  { name: 'etcd', pkg: 'etcd-server', path: '/usr/bin/etcd' },
  { name: 'etcdctl', pkg: 'etcd-client' },
  { name: 'haproxy', pkg: 'haproxy' },
  { name: 'openssl', pkg: 'openssl' },
];

export const INSTALL_HINT = 'apt-get install -y openssh-server etcd-server etcd-client haproxy openssl util-linux';

export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  const dirs = [...path.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

// Resolved absolute paths of every program, or an InputError listing all that is missing.
export function checkPrerequisites(): Record<string, string> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('the lab needs root (mount namespaces, bind mounts, sshd on port 22): run it as root or with sudo');
  const found: Record<string, string> = {};
  const missing: typeof PROGRAMS = [];
  for (const p of PROGRAMS) {
    const at = p.path && isExecutable(p.path) ? p.path : findProgram(p.name);
    if (at) found[p.name] = at;
    else missing.push(p);
  }
  if (missing.length > 0) {
    problems.push(`missing programs: ${missing.map((p) => `${p.name} (package ${p.pkg})`).join(', ')}`);
  }
  if (problems.length > 0) {
    const hint = missing.length > 0 ? INSTALL_HINT : 'sudo opsctl lab up ...';
    throw new InputError(problems.map((message) => ({ message })), { hint });
  }
  return found;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
