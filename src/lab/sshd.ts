// One real OpenSSH sshd per lab host, inside its own mount and UTS namespaces: the host's tree is
// bind-mounted over the real paths and the hostname set before sshd starts, so every session sees
// that host's files at /etc/origin, /etc/etcd, ... and `hostname` prints the host's name.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { HostError } from '../errors.js';
import { BOOT_ID_PATH, HOST_MOUNTS, hostBootIdFile, hostDir, hostRoot, hostRunDir, labFile } from './layout.js';
import { isRunning, mountNamespaceOf, processRef, readPidFile } from './procfs.js';
import type { ProcessRef } from './lab-state.js';

export const hostKeyPath = (labDir: string, host: string): string => join(hostDir(labDir, host), 'ssh', 'ssh_host_ed25519_key');
const sshdConfigPath = (labDir: string, host: string) => join(hostDir(labDir, host), 'ssh', 'sshd_config');
export const sshdPidFile = (labDir: string, host: string): string => join(hostRunDir(labDir, host), 'sshd.pid');
export const sshdLogFile = (labDir: string, host: string): string => join(hostRunDir(labDir, host), 'sshd.log');

// Root may log in with the lab's key only; StrictModes is off because the lab dir may sit under
// a group-writable temp dir, and PAM is off because there is no login session to set up.
export function renderSshdConfig(labDir: string, host: string, address: string, port: number, loginMs = 0): string {
  return `# opsctl lab: sshd for ${host}
ListenAddress ${address}:${port}
HostKey ${hostKeyPath(labDir, host)}
PidFile ${sshdPidFile(labDir, host)}
AuthorizedKeysFile ${labFile(labDir, 'authorized_keys')}
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxSessions 10
MaxStartups 100:30:200
PrintMotd no
PrintLastLog no
AcceptEnv LANG LC_*
Subsystem sftp internal-sftp
# bash sources ~/.bashrc for commands run over ssh unless SHLVL says it is nested; the machine's
# own root rc files (pyenv & co.) are not part of the rehearsed host, and cost ~0.3 s per command.
${loginMs > 0 ? `# --login-ms ${loginMs}: instead, every command's login shell (bash) reads ${loginRcPath(labDir, host)}, which
# takes ${loginMs} ms, as a real host's rc files do. sshd honours one SetEnv line only.
SetEnv SHLVL=1 BASH_ENV=${loginRcPath(labDir, host)}` : 'SetEnv SHLVL=1'}
`;
}

export const loginRcPath = (labDir: string, host: string): string => join(hostDir(labDir, host), 'ssh', 'login-rc.sh');

// The rc file behind --login-ms: a fixed wait, then out of the way of the shells steps start.
export function renderLoginRc(loginMs: number): string {
  return `# opsctl lab --login-ms ${loginMs}: what a login shell's rc files cost on a real host
unset BASH_ENV
sleep ${(loginMs / 1000).toFixed(3)}
`;
}

export async function makeHostKey(labDir: string, host: string): Promise<void> {
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${host}`, '-f', hostKeyPath(labDir, host)], { stdin: 'ignore' });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// The script unshare runs: bind-mount each host dir over the real path, name the host, exec sshd.
function namespaceScript(labDir: string, host: string, sshd: string): string {
  const root = hostRoot(labDir, host);
  const mounts = HOST_MOUNTS.map((m) => `mount --bind ${quote(join(root, m))} ${quote(m)}`);
  const bootId = `mount --bind ${quote(hostBootIdFile(labDir, host))} ${BOOT_ID_PATH}`;
  return ['set -e', ...mounts, bootId, `hostname ${quote(host)}`, `exec ${sshdCommand(labDir, host, sshd)}`].join('\n');
}

// How sshd runs in a host's namespace; a simulated reboot starts it again the same way.
export const sshdCommand = (labDir: string, host: string, sshd: string): string => `${quote(sshd)} -D -e -f ${quote(sshdConfigPath(labDir, host))}`;

export interface StartedHost {
  unshare: ProcessRef;
  sshd: ProcessRef;
  mntNs: string;
}

// Starts the host detached from the CLI (it outlives `lab up`) and resolves once sshd listens:
// sshd writes its PidFile only after binding its socket.
export async function startHost(labDir: string, host: string, address: string, port: number, programs: { unshare: string; sshd: string }, loginMs = 0): Promise<StartedHost> {
  if (loginMs > 0) writeFileSync(loginRcPath(labDir, host), renderLoginRc(loginMs));
  writeFileSync(sshdConfigPath(labDir, host), renderSshdConfig(labDir, host, address, port, loginMs));
  writeFileSync(hostBootIdFile(labDir, host), `${randomUUID()}\n`);
  const log = openSync(sshdLogFile(labDir, host), 'a');
  const args = ['--mount', '--uts', '--propagation', 'private', '--fork', '--kill-child=SIGTERM', '--', 'sh', '-c', namespaceScript(labDir, host, programs.sshd)];
  const child = spawn(programs.unshare, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  const pidFile = sshdPidFile(labDir, host);
  const end = Date.now() + 10_000;
  while (Date.now() < end && !exited) {
    const pid = readPidFile(pidFile);
    if (pid && isRunning(pid)) {
      const sshd = processRef(pid);
      const unshare = child.pid ? processRef(child.pid) : undefined;
      const mntNs = mountNamespaceOf(pid);
      if (sshd && unshare && mntNs) return { sshd, unshare, mntNs };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!exited && child.pid) process.kill(child.pid, 'SIGKILL');
  throw new HostError(`sshd for ${host} did not start on ${address}:${port}${exited ? '' : ' within 10 s'}`, { hint: `its log says:\n${tail(sshdLogFile(labDir, host))}` });
}

function tail(file: string, lines = 8): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
