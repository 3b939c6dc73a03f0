// The persistent step runner on real hosts: a real sshd (and the local runner), each step a real
// process. Steps must not see each other's shell state, output must pass byte for byte and in
// order per stream while it streams, and a login shell that prints a banner, or one that will not
// run the runner at all, must not change what steps do.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { StepError } from '../../src/errors.js';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions } from '../helpers/ssh-options.js';
import { pgrep } from '../helpers/proc.js';
import { SshTransport } from '../../src/transport/ssh-transport.js';
import { LocalTransport } from '../../src/transport/local.js';
import { openConnection } from '../../src/transport/ssh-connect.js';
import { openChannel } from '../../src/transport/ssh-channel.js';
import { StepRunner, type RunnerPipe } from '../../src/transport/step-runner.js';
import { spawn } from 'node:child_process';
import type { Transport } from '../../src/transport/types.js';

let sshd: Sshd;
let ssh: SshTransport;
const local = new LocalTransport();

beforeAll(async () => {
  sshd = await startSshd();
  ssh = new SshTransport(sshOptions(sshd));
  await ssh.connect();
});

afterAll(async () => {
  await ssh?.close();
  await local.close();
  await sshd?.stop();
});

const transports = (): Array<[string, Transport]> => [
  ['ssh', ssh],
  ['local', local],
];

describe.each(['ssh', 'local'])('steps on the %s runner', (kind) => {
  const t = () => transports().find(([k]) => k === kind)![1];

  test('nothing leaks from one step to the next: cd, export, shell functions, variables, traps, umask', async () => {
    const first = await t().run("cd /; export LEAKED=1; NOT_EXPORTED=1; f() { :; }; trap 'echo trapped' EXIT; umask 077; echo done");
    expect(first).toMatchObject({ exitCode: 0, stdout: 'done\ntrapped\n' });
    const second = await t().run('pwd; echo "${LEAKED-unset} ${NOT_EXPORTED-unset}"; command -v f || echo no-function; umask');
    const home = kind === 'ssh' ? sshd.user === 'root' ? '/root' : `/home/${sshd.user}` : process.cwd();
    expect(second.stdout).toBe(`${home}\nunset unset\nno-function\n${(await t().run('umask')).stdout}`);
    expect(second.stdout).not.toContain('0077');
  });

  test('each step is a new process in its own process group and session', async () => {
    const pids = await Promise.all([0, 1].map(() => t().run('read -r pid _ _ _ pgid sid _ </proc/self/stat; echo "$PPID $pgid $sid"')));
    const again = await t().run('read -r pid _ _ _ pgid sid _ </proc/self/stat; echo "$pgid $sid"');
    for (const r of [...pids, again]) {
      const f = r.stdout.trim().split(' ');
      // The group and session are the step's own (led by its first process), never the runner's.
      expect(f.at(-1)).toBe(f.at(-2));
    }
    expect(new Set([...pids, again].map((r) => r.stdout.trim().split(' ').at(-1))).size).toBe(3);
  });

  test('stdout and stderr stay apart, in order within each, and stream while the step runs', async () => {
    const events: Array<{ at: number; stream: string; text: string }> = [];
    const started = Date.now();
    const r = await t().run('for i in 1 2 3 4 5; do echo "o$i"; echo "e$i" >&2; done; sleep 1; echo late', {
      onStdout: (text) => events.push({ at: Date.now() - started, stream: 'out', text }),
      onStderr: (text) => events.push({ at: Date.now() - started, stream: 'err', text }),
    });
    expect(r.stdout).toBe('o1\no2\no3\no4\no5\nlate\n');
    expect(r.stderr).toBe('e1\ne2\ne3\ne4\ne5\n');
    const firstOut = events.find((e) => e.stream === 'out')!;
    expect(firstOut.at).toBeLessThan(r.durationMs - 500);
  });

  test('a step killed by its timeout leaves no process behind, and the next step runs normally', async () => {
    const marker = `opsctl-runner-timeout-${randomBytes(4).toString('hex')}`;
    const r = await t().run(`sh -c 'sleep 600; :' ${marker} & sleep 600; echo never`, { timeoutMs: 500 });
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM', stdout: '' });
    expect(pgrep(marker)).toEqual([]);
    expect(await t().run('echo next')).toMatchObject({ exitCode: 0, stdout: 'next\n' });
  });

  test('a stopped step whose output is held open outside its group costs its runner, not the run', async () => {
    const marker = `opsctl-runner-held-${randomBytes(4).toString('hex')}`;
    const stop = new AbortController();
    try {
      // Canceled once it has started (its own shell still running, so the cancel is what ends it):
      // its group is killed, the setsid'd sleep outside the group still holds stdout.
      const r = await t().run(`setsid sh -c 'sleep 30; :' ${marker} & echo started; sleep 30`, { signal: stop.signal, onStdout: () => stop.abort() });
      expect(r).toMatchObject({ canceled: true, exitCode: null, stdout: 'started\n' });
      expect(r.durationMs).toBeLessThan(15_000);
      expect(await t().run('echo next')).toMatchObject({ exitCode: 0, stdout: 'next\n' });
    } finally {
      for (const pid of pgrep(marker)) process.kill(pid, 'SIGKILL');
    }
  });

  test('exit codes above 128 and signals are reported like an exec channel does', async () => {
    expect(await t().run('exit 143')).toMatchObject({ exitCode: 143, signal: undefined });
    expect(await t().run('kill -TERM $$')).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    expect(await t().run('kill -SEGV $$')).toMatchObject({ exitCode: null, signal: 'SIGSEGV' });
  });

  test('30 steps at once all complete, each with its own output', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t().run(`sleep 0.1; echo ${i}; echo e${i} >&2`)));
    results.forEach((r, i) => expect(r).toMatchObject({ exitCode: 0, stdout: `${i}\n`, stderr: `e${i}\n` }));
  });
});

describe('a local runner that dies under its step', () => {
  test('fails the step with an error the run can report (never ok, never an internal error), stops what it left, and the next step gets a new runner', async () => {
    const t = new LocalTransport();
    const marker = join(process.env.TMPDIR ?? '/tmp', `opsctl-runner-gone-${process.pid}`);
    rmSync(marker, { force: true });
    try {
      // $PPID of the step's shell is its runner.
      const err = await t.run(`kill -9 $PPID; sleep 2; touch '${marker}'`).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(StepError);
      expect((err as StepError).message).toMatch(/local step runner went away while running `kill -9/);
      await new Promise((r) => setTimeout(r, 2500));
      expect(existsSync(marker)).toBe(false);
      expect(await t.run('echo again')).toMatchObject({ exitCode: 0, stdout: 'again\n' });
    } finally {
      await t.close();
      rmSync(marker, { force: true });
    }
  });
});

// Byte for byte through the runner itself (Transport.run hands back text).
describe('binary output', () => {
  const oneMiB = randomBytes(1 << 20);
  const file = join(process.env.TMPDIR ?? '/tmp', `opsctl-runner-binary-${process.pid}`);
  beforeAll(() => {
    // The runner's own token cannot appear by chance, but newlines, NULs and its prefix bytes do.
    writeFileSync(file, Buffer.concat([Buffer.from('\x00\n\xff'), oneMiB]));
  });
  afterAll(() => rmSync(file, { force: true }));

  async function roundTrip(pipe: RunnerPipe): Promise<Buffer> {
    const runner = new StepRunner(pipe);
    expect(await runner.start(10_000)).toMatchObject({ ok: true });
    const chunks: Buffer[] = [];
    const end = await runner.run({ prep: '', script: `cat '${file}'`, prefix: [] }, { onStdout: (b) => chunks.push(Buffer.from(b)), onStderr: () => undefined, onPgid: () => undefined });
    expect(end).toEqual({ exitCode: 0 });
    runner.close();
    return Buffer.concat(chunks);
  }

  test('1 MiB of random bytes over SSH arrives exactly', async () => {
    const connection = await openConnection(sshOptions(sshd));
    try {
      const opened = await openChannel(connection.client, 'exec sh');
      const got = await roundTrip({ stdin: opened.channel, stdout: opened.channel, stderr: opened.channel.stderr, closed: opened.closed, destroy: () => opened.channel.close() });
      expect(sha256(got)).toBe(sha256(readFileSync(file)));
    } finally {
      connection.close();
    }
  });

  test('1 MiB of random bytes from the local runner arrives exactly', async () => {
    const child = spawn('sh', [], { stdio: 'pipe', detached: true });
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    const got = await roundTrip({ stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, closed, destroy: () => child.kill(), local: true });
    expect(sha256(got)).toBe(sha256(readFileSync(file)));
  });
});

describe('login shells', () => {
  let odd: Sshd | undefined;
  afterAll(async () => odd?.stop());

  test('a login shell that prints a banner: the runner starts behind it and steps see no banner', async () => {
    const rc = join(process.env.TMPDIR ?? '/tmp', `opsctl-banner-${process.pid}.sh`);
    writeFileSync(rc, 'echo "Welcome to $(hostname)! Authorized use only."\necho "stderr banner" >&2\n');
    odd = await startSshd({ env: { BASH_ENV: rc } });
    const t = new SshTransport(sshOptions(odd));
    try {
      expect(await t.run('echo hi; echo there >&2')).toMatchObject({ exitCode: 0, stdout: 'hi\n', stderr: 'there\n' });
      expect(await t.run('exit 4')).toMatchObject({ exitCode: 4, stdout: '' });
    } finally {
      await t.close();
      await odd.stop();
      odd = undefined;
      rmSync(rc, { force: true });
    }
  });

  test('a host where the runner cannot start: every step falls back to its own exec channel', async () => {
    // The "login shell" gives commands no stdin, so `exec sh` never receives the runner.
    odd = await startSshd({ extraConfig: 'ForceCommand exec sh -c "$SSH_ORIGINAL_COMMAND" </dev/null' });
    const t = new SshTransport(sshOptions(odd));
    try {
      expect(await t.run('echo hi; exit 3')).toMatchObject({ exitCode: 3, stdout: 'hi\n' });
      expect(await t.run('cd /; pwd', { env: { A: 'b' } })).toMatchObject({ exitCode: 0, stdout: '/\n' });
      expect(await t.run('kill -TERM $$')).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
      expect((t as unknown as { session: { runnerUnusable?: string } }).session.runnerUnusable).toMatch(/channel closed before it started|no greeting/);
    } finally {
      await t.close();
      await odd.stop();
      odd = undefined;
    }
  });
});

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
