// The SSH transport's `run` against a real OpenSSH sshd: exit codes and signals, env/cwd/quoting,
// big output, and many commands sharing one connection. sudo is in ssh-become.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions } from '../helpers/ssh-options.js';
import { SshTransport } from '../../src/transport/ssh-transport.js';
import { shQuote } from '../../src/transport/ssh-command.js';

let sshd: Sshd;
let ssh: SshTransport;

beforeAll(async () => {
  sshd = await startSshd();
  ssh = new SshTransport(sshOptions(sshd));
  await ssh.connect();
});

afterAll(async () => {
  await ssh?.close();
  await sshd?.stop();
});

describe('exit status', () => {
  test.each([0, 3, 255])('reports exit code %i with its output, final newline kept', async (code) => {
    const r = await ssh.run(`echo out; echo err >&2; exit ${code}`);
    expect(r).toMatchObject({ exitCode: code, signal: undefined, timedOut: false, canceled: false, stdout: 'out\n', stderr: 'err\n' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  test.each(['TERM', 'KILL'])('a command killed by SIG%s reports the signal, not an exit code', async (name) => {
    const r = await ssh.run(`kill -${name} $$`);
    expect(r).toMatchObject({ exitCode: null, signal: `SIG${name}`, timedOut: false });
  });
});

describe('environment, directory, quoting', () => {
  const awkward = [
    '',
    "it's",
    '"double" and \\back\\slash',
    '$HOME $(id) `id` ${PATH}',
    'semi; pipe | amp & star * glob ? [x]',
    'tab\there\nnew line',
    '-n leading dash',
    '% printf %s %d',
    'ünïcödé ✓ 日本',
    "'",
    "''\\''",
  ];

  test.each(awkward)('passes %j through a command line and an env var unchanged', async (value) => {
    const r = await ssh.run(`printf %s ${shQuote(value)}; printf '|'; printf %s "$V"`, { env: { V: value } });
    expect(r.stdout).toBe(`${value}|${value}`);
  });

  test('runs in the requested directory, even with spaces in its name', async () => {
    const dir = `/tmp/opsctl ssh cwd ${process.pid}`;
    await ssh.run(`mkdir -p ${shQuote(dir)}`);
    const r = await ssh.run('pwd', { cwd: dir });
    expect(r.stdout).toBe(`${dir}\n`);
    await ssh.run(`rmdir ${shQuote(dir)}`);
  });

  test('a missing directory fails the command instead of running it elsewhere', async () => {
    const r = await ssh.run('echo ran', { cwd: '/nonexistent/opsctl' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
  });

  test('feeds stdin and streams output to the callbacks as it comes', async () => {
    const chunks: string[] = [];
    const r = await ssh.run('cat; echo done >&2', { stdin: 'line 1\nline 2\n', onStdout: (t) => chunks.push(t), onStderr: (t) => chunks.push(`E:${t}`) });
    expect(r.stdout).toBe('line 1\nline 2\n');
    expect(chunks.join('')).toBe('line 1\nline 2\nE:done\n');
  });

  test('stdin the command never reads neither hangs nor fails the run', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 'x');
    expect((await ssh.run('exit 4', { stdin: big })).exitCode).toBe(4);
    expect((await ssh.run('head -c 3', { stdin: big })).stdout).toBe('xxx');
  });

  test('without stdin a command reading it sees end of file at once', async () => {
    const r = await ssh.run('cat; echo eof');
    expect(r).toMatchObject({ exitCode: 0, stdout: 'eof\n' });
  });
});

test('20 MB of stdout arrives intact', async () => {
  const expected = execFileSync('seq', ['1', '2700000'], { maxBuffer: 64 * 1024 * 1024 });
  expect(expected.length).toBeGreaterThan(20_000_000);
  let streamed = 0;
  const r = await ssh.run('seq 1 2700000', { onStdout: (t) => (streamed += t.length) });
  expect(r.exitCode).toBe(0);
  expect(r.stdout.length).toBe(expected.length);
  expect(streamed).toBe(expected.length);
  expect(sha256(r.stdout)).toBe(sha256(expected));
});

describe('one connection for everything', () => {
  test('30 concurrent commands all succeed over a single connection', async () => {
    const before = { connections: sshd.connectionCount(), logins: sshd.acceptedCount() };
    const fresh = new SshTransport(sshOptions(sshd));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => fresh.run(`sleep 0.2; echo ${i}`)));
    await fresh.close();
    results.forEach((r, i) => expect(r).toMatchObject({ exitCode: 0, stdout: `${i}\n` }));
    expect(sshd.connectionCount() - before.connections).toBe(1);
    expect(sshd.acceptedCount() - before.logins).toBe(1);
  });

  test('50 sequential commands reuse the connection', async () => {
    const before = sshd.connectionCount();
    const started = Date.now();
    for (let i = 0; i < 50; i++) expect((await ssh.run('true')).exitCode).toBe(0);
    const ms = Date.now() - started;
    console.log(`50 sequential \`true\` runs on one connection: ${ms} ms (${(ms / 50).toFixed(1)} ms each)`);
    expect(sshd.connectionCount() - before).toBe(0);
  });
});

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
