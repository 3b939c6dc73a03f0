// The sshd_config a test server runs with: everything under its own directory, keys only, and
// VERBOSE logging so tests can count connections and see whether authentication happened.
import { join } from 'node:path';

export function sshdConfig(o: { dir: string; host: string; port: number; user: string; extra: string; env: Record<string, string> }): string {
  const env = { SHLVL: '1', ...o.env };
  return [
    // First, so these win: sshd keeps the first value it reads for most keywords.
    o.extra,
    `ListenAddress ${o.host}`,
    `Port ${o.port}`,
    `HostKey ${join(o.dir, 'host_ed25519')}`,
    `AuthorizedKeysFile ${join(o.dir, 'authorized_keys')}`,
    `PidFile ${join(o.dir, 'sshd.pid')}`,
    `AllowUsers ${o.user}`,
    'StrictModes no',
    'UsePAM no',
    `PermitRootLogin ${o.user === 'root' ? 'prohibit-password' : 'no'}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'MaxSessions 10',
    'UseDNS no',
    'PrintMotd no',
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
    // bash sources ~/.bashrc for commands run by sshd unless nested (SHLVL>1): the test machine's
    // own rc files (pyenv init and the like) would add ~0.5 s per command and are not under test.
    // sshd honours only the first SetEnv line, so every variable goes on this one.
    `SetEnv ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    '',
  ].join('\n');
}
