// Ending remote commands for real: a timeout or an abort must leave no process behind on the host
// (checked with pgrep), and a host that dies mid-command must fail the step, never pass it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { sshOptions } from '../helpers/ssh-options.js';
import { pgrep } from '../helpers/proc.js';
import { SshTransport } from '../../src/transport/ssh-transport.js';
import { HostError } from '../../src/errors.js';

let sshd: Sshd;
let ssh: SshTransport;

beforeAll(async () => {
  sshd = await startSshd();
  ssh = new SshTransport(sshOptions(sshd));
});

afterAll(async () => {
  await ssh?.close();
  await sshd?.stop();
});

// A foreground sleep, a background one and a subshell, each findable by a unique marker.
function busyCommand(): { command: string; markers: string[] } {
  const id = `${Date.now() % 100000}.${randomBytes(3).readUIntBE(0, 3)}`;
  const markers = [`4242${id}`, `4343${id}`, `opsctl-sub-${id}`];
  return { command: `sleep ${markers[0]} & sh -c 'sleep 600; :' ${markers[2]} & sleep ${markers[1]}; echo never`, markers };
}

function leftovers(markers: string[]): number[] {
  return markers.flatMap((m) => pgrep(m));
}

test('a timeout kills the whole remote process group', async () => {
  const { command, markers } = busyCommand();
  const running = ssh.run(command, { timeoutMs: 700 });
  const r = await running;
  expect(r).toMatchObject({ timedOut: true, canceled: false, exitCode: null, signal: 'SIGTERM' });
  expect(r.stdout).toBe('');
  expect(r.durationMs).toBeLessThan(5000);
  expect(leftovers(markers)).toEqual([]);
});

test('a process that ignores SIGTERM is killed after the grace period', async () => {
  const marker = `opsctl-stubborn-${randomBytes(4).toString('hex')}`;
  const r = await ssh.run(`trap '' TERM; sh -c 'while :; do sleep 1; done' ${marker}`, { timeoutMs: 300 });
  expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
  expect(r.durationMs).toBeGreaterThanOrEqual(2000);
  expect(r.durationMs).toBeLessThan(8000);
  expect(pgrep(marker)).toEqual([]);
});

test('aborting the signal cancels the command and kills what it started', async () => {
  const { command, markers } = busyCommand();
  const controller = new AbortController();
  const running = ssh.run(command, { signal: controller.signal });
  await waitFor(() => markers.every((m) => pgrep(m).length > 0));
  controller.abort();
  const r = await running;
  expect(r).toMatchObject({ canceled: true, timedOut: false, exitCode: null });
  expect(leftovers(markers)).toEqual([]);
});

test('an already-aborted signal runs nothing', async () => {
  const flag = `/tmp/opsctl-never-${randomBytes(4).toString('hex')}`;
  const r = await ssh.run(`touch ${flag}`, { signal: AbortSignal.abort() });
  expect(r).toMatchObject({ canceled: true, exitCode: null });
  expect(existsSync(flag)).toBe(false);
});

test('a host that dies mid-command fails the run with a HostError, and the next run reconnects', async () => {
  expect((await ssh.run('true')).exitCode).toBe(0);
  const connectionsBefore = sshd.connectionCount();
  const running = ssh.run('sleep 30');
  const outcome = running.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  await waitFor(() => pgrep('sleep 30').length > 0);
  await sshd.kill9();
  const settled = await outcome;
  expect(settled).toHaveProperty('error');
  const error = (settled as { error: HostError }).error;
  expect(error).toBeInstanceOf(HostError);
  expect(error.exitCode).toBe(5);
  expect(error.message).toMatch(/connection to .*127\.0\.0\.1:\d+.* lost while running `sleep 30`/);

  // The host comes back (same address, same key): the next command opens a new connection once.
  await sshd.start();
  const r = await ssh.run('echo back');
  expect(r).toMatchObject({ exitCode: 0, stdout: 'back\n' });
  expect(sshd.connectionCount()).toBe(connectionsBefore + 1);
});

test('a host that stays down fails the next run with a HostError', async () => {
  await sshd.kill9();
  await expect(ssh.run('true')).rejects.toThrow(HostError);
  await expect(ssh.run('true')).rejects.toThrow(/ECONNREFUSED/);
  await sshd.start();
  expect((await ssh.run('true')).exitCode).toBe(0);
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
