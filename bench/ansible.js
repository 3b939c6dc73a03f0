// Ansible for the SSH benchmarks: installed by the benchmark itself (Debian's `ansible` package) so
// the comparison runs on a fresh machine, configured the fast way Ansible's own docs recommend —
// pipelining, ControlPersist, forks 10, no fact gathering — and pointed at the lab's inventory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** ansible-playbook's path and version, installing Debian's package first if it is missing. */
export function ensureAnsible() {
  const have = () => spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
  let v = have();
  if (v.status !== 0) {
    if (process.getuid?.() !== 0) throw new Error('ansible-playbook is missing and installing it needs root');
    console.log('Ansible: installing Debian\'s ansible package (apt-get)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'ansible'], { encoding: 'utf8', env });
    if (install.status !== 0) throw new Error(`apt-get install ansible failed:\n${update.stderr}\n${install.stderr}`);
    v = have();
    if (v.status !== 0) throw new Error(`ansible-playbook does not run after installing it: ${v.stderr}`);
  }
  return (v.stdout.split('\n')[0] || 'ansible-playbook').replace(/^ansible-playbook\s*/, 'ansible-playbook ');
}

/** The playbook (STEPS tasks `command: true` on the group) and its ansible.cfg, under dir. */
export function writeAnsibleFiles(dir, group, steps) {
  mkdirSync(join(dir, 'cp'), { recursive: true });
  const playbook = join(dir, 'playbook.yml');
  writeFileSync(
    playbook,
    [`- hosts: ${group}`, '  gather_facts: false', '  tasks:', ...Array.from({ length: steps }, (_, i) => `    - name: s${i + 1}\n      ansible.builtin.command: "true"`)].join('\n') + '\n',
  );
  const cfg = join(dir, 'ansible.cfg');
  writeFileSync(
    cfg,
    [
      '[defaults]',
      'forks = 10',
      'host_key_checking = True',
      'interpreter_python = /usr/bin/python3',
      'retry_files_enabled = False',
      '',
      '[ssh_connection]',
      'pipelining = True',
      'ssh_args = -o ControlMaster=auto -o ControlPersist=60s',
      `control_path_dir = ${join(dir, 'cp')}`,
      '',
    ].join('\n'),
  );
  return { playbook, cfg };
}

/** Every host of the play ran every task: the recap says ok=STEPS and failed=0 for each. */
export function checkRecap(stdout, hosts, steps) {
  for (const h of hosts) {
    const line = stdout.split('\n').find((l) => l.startsWith(`${h} `) && l.includes('ok='));
    if (!line) return `no recap line for ${h}`;
    if (!line.includes(`ok=${steps} `) || !/failed=0\b/.test(line) || !/unreachable=0\b/.test(line)) return `recap for ${h}: ${line.trim()}`;
  }
  return undefined;
}
