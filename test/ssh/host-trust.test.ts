// What the operator is told when a key is not trusted (and that the commands in the hint really
// work), the StrictHostKeyChecking decision, and appending trusted keys to real files.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, HostError } from '../../src/errors.js';
import { fingerprintSha256 } from '../../src/ssh/host-key.js';
import { appendKnownHost, loadKnownHosts } from '../../src/ssh/host-trust.js';
import { checkHostKey, formatKnownHostsLine } from '../../src/ssh/known-hosts.js';
import { decideHostKey, hostKeyError, trustAdvice } from '../../src/ssh/trust-advice.js';
import { keyLine, makeKey, tempDir, writeIn } from './helpers.js';

const dir = tempDir();
const oldKey = makeKey(dir, 'old', 'ed25519');
const newKey = makeKey(dir, 'new', 'ed25519');
const target = { name: 'master-0', address: '10.0.0.5' };

describe('trustAdvice', () => {
  it('for an unknown key: the offered fingerprint, opsctl hosts trust, and the ssh-keyscan way', () => {
    const fp = fingerprintSha256(newKey.blob);
    const { message, hint } = trustAdvice({ status: 'unknown', knownTypes: [] }, target, 2222, fp, '/home/op/.ssh/known_hosts');
    expect(message).toBe(`host key of master-0 (10.0.0.5:2222) is not known; the server offered ${fp}`);
    expect(hint).toContain('opsctl hosts trust master-0');
    expect(hint).toContain('ssh-keyscan -p 2222 10.0.0.5 >> /home/op/.ssh/known_hosts');
    expect(hint).toContain('ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub');
  });

  it('for a changed key: a MITM warning, file:line of the old key, and an ssh-keygen -R that really removes it', () => {
    for (const port of [22, 2222]) {
      const file = writeIn(dir, `kh-changed-${port}`, `${keyLine('other', oldKey)}\n${keyLine(port === 22 ? '10.0.0.5' : '[10.0.0.5]:2222', oldKey)}\n`);
      const { entries } = loadKnownHosts([file]);
      const check = checkHostKey(entries, ['10.0.0.5', 'master-0'], port, newKey.type, newKey.blob);
      if (check.status !== 'changed') throw new Error(`expected changed, got ${check.status}`);
      const { message, hint } = trustAdvice(check, target, port, fingerprintSha256(newKey.blob), file);
      expect(message).toMatch(/^WARNING: HOST KEY CHANGED .*man-in-the-middle/);
      expect(message).toContain(`${file}:2 holds a different ssh-ed25519 key`);
      const remove = /(ssh-keygen -R \S+ -f \S+)/.exec(hint)?.[1] ?? '';
      expect(remove).toBe(port === 22 ? `ssh-keygen -R 10.0.0.5 -f ${file}` : `ssh-keygen -R '[10.0.0.5]:2222' -f ${file}`);
      execFileSync('sh', ['-c', remove], { stdio: 'pipe' });
      expect(checkHostKey(loadKnownHosts([file]).entries, ['10.0.0.5'], port, newKey.type, newKey.blob)).toMatchObject({ status: 'unknown' });
      expect(readFileSync(file, 'utf8')).toContain('other ');
    }
  });

  it('for a revoked key: refuse and say so', () => {
    const e = hostKeyError({ status: 'revoked', knownFile: 'kh', line: 3 }, target, 22, 'SHA256:x');
    expect(e).toBeInstanceOf(HostError);
    expect(e.exitCode).toBe(ExitCode.unreachable);
    expect(e.message).toBe('host key of master-0 (10.0.0.5:22) is REVOKED (@revoked at kh:3); refusing to connect');
    expect(e.hint).toContain('SHA256:x');
  });
});

describe('decideHostKey', () => {
  it.each([
    ['trusted', 'yes', 'accept'],
    ['unknown', 'yes', 'refuse'],
    ['unknown', 'ask', 'refuse'],
    ['unknown', 'accept-new', 'accept-and-record'],
    ['unknown', 'no', 'accept-and-record'],
    ['changed', 'no', 'refuse'],
    ['revoked', 'no', 'refuse'],
  ] as const)('%s with StrictHostKeyChecking %s → %s', (status, strict, decision) => {
    const check =
      status === 'trusted' ? { status, knownFile: 'kh', line: 1 }
      : status === 'unknown' ? { status, knownTypes: [] }
      : status === 'changed' ? { status, knownFile: 'kh', line: 1, knownType: 'ssh-ed25519', host: 'h' }
      : { status, knownFile: 'kh', line: 1 };
    expect(decideHostKey(check, strict)).toBe(decision);
  });
});

describe('appendKnownHost', () => {
  it('creates ~/.ssh 0700 and known_hosts 0600, and the key is then trusted', () => {
    const file = join(tempDir(), 'home', '.ssh', 'known_hosts');
    appendKnownHost(file, formatKnownHostsLine(['10.0.0.5', 'master-0'], 22, newKey.type, newKey.blob, { hash: true }));
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(checkHostKey(loadKnownHosts([file]).entries, ['master-0'], 22, newKey.type, newKey.blob)).toMatchObject({ status: 'trusted' });
    expect(execFileSync('ssh-keygen', ['-F', '10.0.0.5', '-f', file], { encoding: 'utf8' })).toContain('found: line 1');
  });

  it('starts a new line when the file does not end with one', () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(file, keyLine('old', oldKey));
    appendKnownHost(file, keyLine('new', newKey));
    expect(readFileSync(file, 'utf8')).toBe(`${keyLine('old', oldKey)}\n${keyLine('new', newKey)}\n`);
  });
});
