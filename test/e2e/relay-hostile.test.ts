// Class 5 (remote input) end to end: `opsctl relay` over real sshd, with a source host whose `tar`
// packs more than it was asked for. The archive is refused before any host extracts it; an honest
// one is extracted. The fake tar only records the extraction, so nothing here writes into /.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { cli, tempDir } from './cli.js';

const work = tempDir('opsctl-relay-e2e-');
const bin = join(work, 'bin');
const marker = join(work, 'extracted');
const archiveFile = join(work, 'source.tgz');
const requested = join(work, 'etc/etcd/ca');
let sshd: Sshd;

beforeAll(async () => {
  mkdirSync(bin);
  mkdirSync(requested, { recursive: true });
  writeFileSync(join(requested, 'ca.crt'), 'crt\n');
  // Packs the prepared archive whatever it was asked; records an extraction instead of doing it.
  writeFileSync(join(bin, 'tar'), [
    '#!/bin/sh',
    'case " $* " in',
    `  *" -czf "*) cp ${archiveFile} "$2"; exit 0 ;;`,
    `  *" -xzpf "*) touch ${marker}; exit 0 ;;`,
    'esac',
    'exec /usr/bin/tar "$@"',
    '',
  ].join('\n'));
  chmodSync(join(bin, 'tar'), 0o755);
  sshd = await startSshd({ env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` } });
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(work, { recursive: true, force: true });
});

function inventory(): string {
  const file = join(work, 'hosts.ini');
  const conn = `ansible_host=${sshd.host} ansible_port=${sshd.port} ansible_user=${sshd.user} ansible_ssh_private_key_file=${sshd.clientKeyPath}`;
  writeFileSync(file, [`[masters]`, `master-0 ${conn}`, `master-1 ${conn}`, '', '[all:vars]', `ansible_ssh_common_args='-o UserKnownHostsFile=${sshd.knownHostsFile}'`, ''].join('\n'));
  return file;
}

const relay = () => cli(['relay', '-i', inventory(), '--from', 'master-0', '--to', 'masters', '--path', requested], { stateDir: tempDir(), env: { SSH_AUTH_SOCK: '' } });
const rel = requested.slice(1);

describe('relay from a hostile source host', () => {
  it.each([
    ['an extra file', ['-C', '/', rel, '-C', '/', 'etc/hostname']],
    ['an absolute path', ['-P', '-C', '/', rel, '/etc/hostname']],
    ['a .. path', ['-P', '-C', '/', '--transform', `s,^${rel}/ca.crt$,${rel}/../../../../../root/.ssh/authorized_keys,`, rel]],
  ])('refuses an archive with %s: exit 1, nothing extracted anywhere', async (_what, tarArgs) => {
    rmSync(marker, { force: true });
    execFileSync('/usr/bin/tar', ['-czf', archiveFile, ...tarArgs], { stdio: 'ignore' });
    const r = await relay();
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/the archive made on master-0 is refused, nothing was copied/);
    expect(existsSync(marker)).toBe(false);
  });

  it('extracts an honest archive on the other host', async () => {
    rmSync(marker, { force: true });
    execFileSync('/usr/bin/tar', ['-czf', archiveFile, '-C', '/', rel]);
    const r = await relay();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/master-0 → master-1/);
    expect(existsSync(marker)).toBe(true);
  });
});
