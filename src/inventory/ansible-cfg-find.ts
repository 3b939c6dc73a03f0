// Finds ansible.cfg the way Ansible does: $ANSIBLE_CONFIG (a file, or a directory holding
// ansible.cfg), ./ansible.cfg unless the directory is world-writable, ~/.ansible.cfg,
// /etc/ansible/ansible.cfg — the first that exists, and only that one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ansibleDefaults, type AnsibleDefaults } from './ansible-cfg.js';

export function findAnsibleConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), home = env.HOME ?? homedir()): { file?: string; skipped?: string } {
  const candidates: string[] = [];
  if (env.ANSIBLE_CONFIG !== undefined) {
    const p = resolve(cwd, env.ANSIBLE_CONFIG.replace(/^~(?=\/|$)/, home));
    candidates.push(isDir(p) ? join(p, 'ansible.cfg') : p);
  }
  let skipped: string | undefined;
  const local = join(cwd, 'ansible.cfg');
  // Ansible ignores a config in a world-writable directory (anyone could have put it there).
  if (existsSync(local) && (statSync(cwd).mode & 0o002) !== 0) skipped = local;
  else candidates.push(local);
  candidates.push(join(home, '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  const file = candidates.find((c) => existsSync(c) && !isDir(c));
  return { ...(file ? { file } : {}), ...(skipped ? { skipped } : {}) };
}

export function loadAnsibleDefaults(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), home = env.HOME ?? homedir()): AnsibleDefaults & { warnings: string[] } {
  const found = findAnsibleConfig(env, cwd, home);
  const warnings = found.skipped ? [`${found.skipped} is ignored: its directory is world-writable (as Ansible ignores it)`] : [];
  const config = found.file ? { file: found.file, text: readFileSync(found.file, 'utf8') } : undefined;
  return { ...ansibleDefaults(config, env, cwd, home), warnings };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
