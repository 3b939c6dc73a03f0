// sudo over SSH: the real sudo for -n and become_user (we log in as root, so it never asks), and
// a fake sudo early on the host's PATH that does ask, to drive the --ask-become-pass exchange
// (prompt, password once, then the command's own stdin) with real processes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions } from '../helpers/ssh-options.js';
import { pgrep } from '../helpers/proc.js';
import { SshTransport, isSudoPasswordRequired } from '../../src/transport/ssh-transport.js';

const PASSWORD = 'hunter2 with spaces';

// Asks like `sudo -S -p PROMPT` does, three tries, then runs the command as given.
const FAKE_SUDO = `#!/bin/sh
prompt=''
while [ $# -gt 0 ]; do
  case $1 in -S|-n) shift ;; -p|-u) [ "$1" = -p ] && prompt=$2; shift 2 ;; --) shift; break ;; *) break ;; esac
done
tries=0
while :; do
  printf '%s' "$prompt" >&2
  IFS= read -r pw || { echo 'sudo: no password was provided' >&2; exit 1; }
  [ "$pw" = '${PASSWORD}' ] && break
  echo 'Sorry, try again.' >&2
  tries=$((tries + 1)); [ $tries -lt 3 ] || exit 1
done
exec "$@"
`;

let sshd: Sshd;
let fakeSshd: Sshd;
let fakes: string;

beforeAll(async () => {
  fakes = mkdtempSync(join(tmpdir(), 'opsctl-fake-sudo-'));
  writeFileSync(join(fakes, 'sudo'), FAKE_SUDO, { mode: 0o755 });
  [sshd, fakeSshd] = await Promise.all([startSshd(), startSshd({ env: { PATH: `${fakes}:/usr/bin:/bin` } })]);
});

afterAll(async () => {
  await Promise.all([sshd?.stop(), fakeSshd?.stop()]);
  rmSync(fakes, { recursive: true, force: true });
});

describe('real sudo', () => {
  test('sudo -n works for root, and become_user switches user with env and cwd kept', async () => {
    const ssh = new SshTransport(sshOptions(sshd));
    expect((await ssh.run('sudo -n true')).exitCode).toBe(0);
    expect((await ssh.run('id -un', { sudo: true })).stdout).toBe('root\n'); // root needs no sudo
    const r = await ssh.run('id -un; pwd; printf %s "$V"', { sudo: true, becomeUser: 'nobody', env: { V: 'kept' }, cwd: '/tmp' });
    await ssh.close();
    expect(r).toMatchObject({ exitCode: 0, stdout: 'nobody\n/tmp\nkept' });
  });

  test('a sudo that wants a password is recognised', async () => {
    const ssh = new SshTransport(sshOptions(sshd));
    // nobody is not in sudoers: sudo -n refuses first, as on a host without NOPASSWD.
    const r = await ssh.run('sudo -n true', { sudo: true, becomeUser: 'nobody' });
    await ssh.close();
    expect(r.exitCode).toBe(1);
    expect(isSudoPasswordRequired(r)).toBe(true);
    expect(isSudoPasswordRequired({ exitCode: 1, stderr: 'ls: cannot access' })).toBe(false);
  });

  test('a timed-out command under sudo is killed as the become user, leaving nothing', async () => {
    const ssh = new SshTransport(sshOptions(sshd));
    const marker = `opsctl-sudo-sleep-${randomBytes(4).toString('hex')}`;
    const r = await ssh.run(`sh -c 'sleep 600; :' ${marker}`, { sudo: true, becomeUser: 'nobody', timeoutMs: 500 });
    await ssh.close();
    expect(r).toMatchObject({ timedOut: true, exitCode: null });
    expect(pgrep(marker)).toEqual([]);
  });

  test('put and get with sudo act as the become user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsctl-sudo-put-'));
    chmodSync(dir, 0o777);
    const ssh = new SshTransport(sshOptions(sshd, { becomeUser: 'nobody' }));
    await ssh.put({ data: Buffer.from('owned\n') }, join(dir, 'f'), { sudo: true, mode: '0600' });
    expect(statSync(join(dir, 'f'))).toMatchObject({ uid: 65534 });
    const back = await ssh.get(join(dir, 'f'), join(dir, 'back'), { sudo: true });
    await ssh.close();
    expect(back.bytes).toBe(6);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('--ask-become-pass (sudo -S)', () => {
  test('answers the prompt once; the command gets its own stdin; the password is never shown', async () => {
    const ssh = new SshTransport(sshOptions(fakeSshd, { becomePassword: PASSWORD }));
    const r = await ssh.run('cat; echo " done" >&2', { sudo: true, becomeUser: 'nobody', stdin: 'payload' });
    await ssh.close();
    expect(r).toMatchObject({ exitCode: 0, stdout: 'payload', stderr: ' done\n' });
  });

  test('a wrong password fails after one try instead of being retried', async () => {
    const ssh = new SshTransport(sshOptions(fakeSshd, { becomePassword: 'wrong' }));
    const r = await ssh.run('echo ran', { sudo: true, becomeUser: 'nobody', stdin: 'payload' });
    await ssh.close();
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Sorry, try again.\nsudo: no password was provided\n');
    expect(`${r.stdout}${r.stderr}`).not.toContain('wrong');
  });

  test('with a password configured, a real sudo that does not ask leaves stdin to the command', async () => {
    const ssh = new SshTransport(sshOptions(sshd, { becomePassword: 'not-needed-for-root' }));
    const r = await ssh.run('id -un; cat', { sudo: true, becomeUser: 'nobody', stdin: 'payload' });
    await ssh.close();
    expect(r).toMatchObject({ exitCode: 0, stdout: 'nobody\npayload', stderr: '' });
  });
});
