// put/get over SSH: atomic, verified by sha256 on both ends, modes kept or set, errors named,
// and fast on a big file (512 MiB round trip, throughput printed).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions } from '../helpers/ssh-options.js';
import { SshTransport } from '../../src/transport/ssh-transport.js';
import { sha256OfBuffer, sha256OfFile } from '../../src/transport/sha256.js';
import { StepError } from '../../src/errors.js';

let sshd: Sshd;
let ssh: SshTransport;
let dir: string; // "remote" and local files live side by side: the host is this machine.

beforeAll(async () => {
  sshd = await startSshd();
  ssh = new SshTransport(sshOptions(sshd));
  dir = mkdtempSync(join(tmpdir(), 'opsctl-ssh-transfer-'));
});

afterAll(async () => {
  await ssh?.close();
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('put', () => {
  test('writes the bytes, creates the directory, and leaves no temp file', async () => {
    const data = Buffer.from('apiVersion: v1\nkind: Config\n');
    const dest = join(dir, 'new/sub/kubeconfig');
    const r = await ssh.put({ data }, dest, { mode: '0600' });
    expect(r).toEqual({ bytes: data.length, sha256: sha256OfBuffer(data) });
    expect(readFileSync(dest)).toEqual(data);
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'new/sub'))).toEqual(['kubeconfig']);
  });

  test('replacing a file keeps its mode unless one is given', async () => {
    const dest = join(dir, 'haproxy.cfg');
    writeFileSync(dest, 'old\n');
    chmodSync(dest, 0o640);
    await ssh.put({ data: Buffer.from('new\n') }, dest);
    expect(readFileSync(dest, 'utf8')).toBe('new\n');
    expect(statSync(dest).mode & 0o777).toBe(0o640);
    await ssh.put({ data: Buffer.from('newer\n') }, dest, { mode: '0644' });
    expect(statSync(dest).mode & 0o777).toBe(0o644);
  });

  test('a new file without a mode gets what the umask gives', async () => {
    const dest = join(dir, 'plain.txt');
    await ssh.put({ data: Buffer.from('x') }, dest);
    expect(statSync(dest).mode & 0o777).toBe(0o644);
  });

  test('an unwritable destination is a StepError naming it', async () => {
    writeFileSync(join(dir, 'blocker'), 'i am a file');
    const dest = join(dir, 'blocker/child');
    const error = await ssh.put({ data: Buffer.from('x') }, dest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toBe(
      `upload to ${dest} on ${sshOptions(sshd).name} (127.0.0.1:${sshd.port}) failed: mkdir: cannot create directory '${join(dir, 'blocker')}': File exists`,
    );
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('i am a file');
  });

  test('a missing local source is a StepError', async () => {
    await expect(ssh.put({ path: join(dir, 'nope') }, join(dir, 'x'))).rejects.toThrow(StepError);
  });
});

describe('get', () => {
  test('copies a remote file to a local path, verified', async () => {
    const source = join(dir, 'remote-etcd.yaml');
    writeFileSync(source, 'name: etcd-1\n');
    const local = join(dir, 'fetched/etcd.yaml');
    const r = await ssh.get(source, local);
    expect(r).toEqual({ bytes: 13, sha256: sha256OfBuffer('name: etcd-1\n') });
    expect(readFileSync(local, 'utf8')).toBe('name: etcd-1\n');
    expect(readdirSync(join(dir, 'fetched'))).toEqual(['etcd.yaml']);
  });

  test('a missing remote file is a StepError and leaves nothing behind locally', async () => {
    const local = join(dir, 'fetched-missing/out');
    const error = await ssh.get(join(dir, 'does-not-exist'), local).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toMatch(/cannot read .*does-not-exist: .*No such file/);
    expect(readdirSync(join(dir, 'fetched-missing'))).toEqual([]);
  });
});

test('a checksum mismatch is a StepError with both sums, and the destination is not replaced', async () => {
  // Fault injection with real processes: this host's sha256 tools lie.
  const fakes = mkdtempSync(join(tmpdir(), 'opsctl-fake-sha-'));
  for (const tool of ['sha256sum', 'openssl']) {
    writeFileSync(join(fakes, tool), `#!/bin/sh\necho "${'0'.repeat(64)}  $*"\n`, { mode: 0o755 });
  }
  const lying = await startSshd({ env: { PATH: `${fakes}:/usr/bin:/bin` } });
  const t = new SshTransport(sshOptions(lying));
  const dest = join(dir, 'precious.conf');
  writeFileSync(dest, 'keep me\n');
  const error = await t.put({ data: Buffer.from('replacement\n') }, dest).catch((e: unknown) => e);
  await t.close();
  await lying.stop();
  rmSync(fakes, { recursive: true, force: true });
  expect(error).toBeInstanceOf(StepError);
  expect((error as StepError).message).toContain(`sent sha256 ${sha256OfBuffer('replacement\n')}, the host has ${'0'.repeat(64)}`);
  expect(readFileSync(dest, 'utf8')).toBe('keep me\n');
  expect(readdirSync(dir).filter((f) => f.includes('opsctl-tmp'))).toEqual([]);
});

test('512 MiB put and get round trip with matching sha256', async () => {
  const big = join(dir, 'big');
  mkdirSync(big);
  const source = join(big, 'source.bin');
  execFileSync('sh', ['-c', `head -c 536870912 /dev/urandom > '${source}'`]);
  const expected = await sha256OfFile(source);
  const mib = expected.bytes / 1024 / 1024;

  let started = Date.now();
  const sent = await ssh.put({ path: source }, join(big, 'on-host.bin'));
  const putSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  const received = await ssh.get(join(big, 'on-host.bin'), join(big, 'back.bin'));
  const getSeconds = (Date.now() - started) / 1000;
  console.log(`512 MiB put: ${(mib / putSeconds).toFixed(0)} MiB/s (${putSeconds.toFixed(1)} s), get: ${(mib / getSeconds).toFixed(0)} MiB/s (${getSeconds.toFixed(1)} s)`);

  expect(sent).toEqual(expected);
  expect(received).toEqual(expected);
  expect(await sha256OfFile(join(big, 'on-host.bin'))).toEqual(expected);
  expect(await sha256OfFile(join(big, 'back.bin'))).toEqual(expected);
  expect(readdirSync(big).sort()).toEqual(['back.bin', 'on-host.bin', 'source.bin']);
  expect(existsSync(join(big, 'on-host.bin'))).toBe(true);
  rmSync(big, { recursive: true, force: true });
}, 300_000);
