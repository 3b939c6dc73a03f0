// Connecting: the host key is checked before anything is sent (a rejected key means no login and
// no command), ProxyJump really goes through the jump host, and each failure names the host.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions, trustOnly } from '../helpers/ssh-options.js';
import { generateKey } from '../helpers/ssh-keys.js';
import { descendantsOf, socketOwners } from '../helpers/proc.js';
import { freePort } from '../helpers/net-probe.js';
import { SshTransport, type HostKeyInfo } from '../../src/transport/ssh-transport.js';
import { HostError } from '../../src/errors.js';

let target: Sshd;
let jump: Sshd;

beforeAll(async () => {
  [target, jump] = await Promise.all([startSshd(), startSshd({ address: '127.0.0.2' })]);
});

afterAll(async () => {
  await Promise.all([target?.stop(), jump?.stop()]);
});

describe('host key verification', () => {
  test('the verifier sees the host, port, key type and key blob', async () => {
    const seen: HostKeyInfo[] = [];
    const ssh = new SshTransport(sshOptions(target, { verifyHostKey: (info) => (seen.push(info), { ok: true }) }));
    await ssh.connect();
    await ssh.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ host: target.host, port: target.port, keyType: 'ssh-ed25519' });
    expect(seen[0].key.equals(target.hostKeyBlob)).toBe(true);
  });

  test('an unknown host key fails with the verifier\'s own error, before any authentication', async () => {
    const rejection = new HostError('host key for node1 is not known', { hint: 'ssh-keyscan ...' });
    const ssh = new SshTransport(sshOptions(target, { verifyHostKey: () => ({ ok: false, error: rejection }) }));
    const logStart = target.log().length;
    await expect(ssh.connect()).rejects.toBe(rejection);
    await expect(ssh.run('echo ran')).rejects.toBe(rejection);
    await ssh.close();
    const log = target.log().slice(logStart);
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(/Accepted publickey|Postponed publickey|Failed publickey/);
  });

  test('a changed host key (host reinstalled) is rejected, and nothing runs', async () => {
    const reinstalled = await startSshd();
    const options = sshOptions(reinstalled); // trusts the key the server has now
    await reinstalled.rotateHostKey();
    const ssh = new SshTransport(options);
    const error = await ssh.run('true').catch((e: unknown) => e);
    await ssh.close();
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toMatch(/host key for 127\.0\.0\.1:\d+ changed/);
    expect((error as HostError).hint).toContain('ssh-keygen -R');
    expect(reinstalled.acceptedCount()).toBe(0);
    await reinstalled.stop();
  });
});

describe('ProxyJump', () => {
  test('reaches the target through the jump host, each hop checked with its own verifier', async () => {
    const checked: string[] = [];
    const recording = (sshd: Sshd) => (info: HostKeyInfo) => (checked.push(`${info.host}:${info.port}`), trustOnly(sshd.hostKeyBlob, sshd)(info));
    const ssh = new SshTransport(
      sshOptions(target, { verifyHostKey: recording(target), proxyJump: [sshOptions(jump, { verifyHostKey: recording(jump) })] }),
    );
    const connectionsBefore = target.connections().length;
    const r = await ssh.run('echo "$SSH_CLIENT"');
    expect(r.exitCode).toBe(0);
    expect(checked).toEqual([`${jump.host}:${jump.port}`, `${target.host}:${target.port}`]);

    // The target's new connection comes from a process of the jump sshd, not from this test.
    const fromPort = target.connections().slice(connectionsBefore)[0].port;
    expect(r.stdout).toMatch(new RegExp(`^\\S+ ${fromPort} ${target.port}\\n$`));
    const owners = socketOwners(fromPort);
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => o.command === 'sshd' && descendantsOf(jump.pid).includes(o.pid))).toBe(true);
    expect(jump.acceptedCount()).toBe(1);
    await ssh.close();
  });

  test('a rejected jump host key fails with that hop\'s error and never reaches the target', async () => {
    const rejection = new HostError('jump host key rejected');
    const logins = target.acceptedCount();
    const ssh = new SshTransport(sshOptions(target, { proxyJump: [sshOptions(jump, { verifyHostKey: () => ({ ok: false, error: rejection }) })] }));
    await expect(ssh.connect()).rejects.toBe(rejection);
    expect(target.acceptedCount()).toBe(logins);
  });
});

test('authenticates with a key held by ssh-agent before trying identity files', async () => {
  const socket = join(target.dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  try {
    const agentKey = join(target.dir, 'agent_ed25519');
    target.authorize(generateKey(agentKey).line);
    while (!existsSync(socket)) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', ['-q', agentKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
    const ssh = new SshTransport(sshOptions(target, { agent: socket, identityFiles: ['/nonexistent/id_ed25519'] }));
    expect((await ssh.run('echo via agent')).stdout).toBe('via agent\n');
    await ssh.close();
  } finally {
    agent.kill();
  }
});

describe('connection failures name the host and the cause', () => {
  test('nothing listening: ECONNREFUSED', async () => {
    const port = await freePort('127.0.0.1');
    const ssh = new SshTransport({ ...sshOptions(target), name: 'etcd-1', port });
    const error = await ssh.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).exitCode).toBe(5);
    expect((error as HostError).message).toBe(`cannot connect to etcd-1 (127.0.0.1:${port}): connection refused (ECONNREFUSED)`);
  });

  test('a port that never answers the handshake: timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const ssh = new SshTransport({ ...sshOptions(target), port, connectTimeoutMs: 500 });
    const started = Date.now();
    await expect(ssh.connect()).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}.*timed out after 500 ms`));
    expect(Date.now() - started).toBeLessThan(3000);
    silent.close();
  });

  // An sshd stopped by a reboot while we connect: the host may answer again (a wait polls on).
  test.each([
    ['before its banner', false, 'Connection lost before handshake'],
    ['after its banner', true, 'the server closed the connection during the SSH handshake'],
  ])('a server that closes the connection %s: a transient host error', async (_when, banner, message) => {
    const closing: Server = createServer((c) => {
      if (banner) c.write('SSH-2.0-OpenSSH_9.2\r\n');
      setTimeout(() => c.end(), 20);
    });
    await new Promise<void>((r) => closing.listen(0, '127.0.0.1', r));
    const port = (closing.address() as { port: number }).port;
    const error = await new SshTransport({ ...sshOptions(target), name: 'node-0', port }).connect().catch((e: unknown) => e);
    closing.close();
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toBe(`cannot connect to node-0 (127.0.0.1:${port}): ${message}`);
    expect((error as HostError).transient).toBe(true);
  });

  test('a key the host does not accept: authentication failed, with what was tried', async () => {
    const stranger = join(target.dir, 'stranger_ed25519');
    generateKey(stranger);
    const ssh = new SshTransport(sshOptions(target, { identityFiles: ['/nonexistent/id_rsa', stranger] }));
    const error = await ssh.connect().catch((e: unknown) => e);
    expect((error as HostError).message).toContain(`authentication failed for user ${target.user} (tried key ${stranger})`);
    // A refused login will not heal: a wait ends at once.
    expect((error as HostError).transient).toBe(false);
  });

  test('an encrypted key without a passphrase prompt names the file', async () => {
    const locked = join(target.dir, 'locked_ed25519');
    target.authorize(generateKey(locked, { passphrase: 'correct horse' }).line);
    const ssh = new SshTransport(sshOptions(target, { identityFiles: [locked] }));
    await expect(ssh.connect()).rejects.toThrow(`private key ${locked} is encrypted and no passphrase prompt is available`);
  });

  test('an encrypted key is unlocked through the passphrase prompt', async () => {
    const locked = join(target.dir, 'locked2_ed25519');
    target.authorize(generateKey(locked, { passphrase: 'battery staple' }).line);
    const asked: string[] = [];
    const ssh = new SshTransport(sshOptions(target, { identityFiles: [locked], passphrase: async (file) => (asked.push(file), 'battery staple') }));
    expect((await ssh.run('echo in')).stdout).toBe('in\n');
    await ssh.close();
    expect(asked).toEqual([locked]);
  });
});
