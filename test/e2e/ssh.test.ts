// opsctl over real OpenSSH: inventory hosts, verified host keys (unknown, changed, hashed),
// `hosts trust`, and an sshd killed in the middle of a step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { cli, fixture, journal, jsonLines, runIds, startCli, tempDir, waitFor } from './cli.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

function inventory(knownHosts: string): string {
  const dir = tempDir();
  const file = join(dir, 'hosts.ini');
  writeFileSync(
    file,
    [
      '[masters]',
      `master-0 ansible_host=${sshd.host} ansible_port=${sshd.port} ansible_user=${sshd.user} ansible_ssh_private_key_file=${sshd.clientKeyPath}`,
      '',
      '[all:vars]',
      `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes'`,
      '',
    ].join('\n'),
  );
  return file;
}

const env = { SSH_AUTH_SOCK: '' };

describe('runs over SSH', () => {
  it('runs steps on an inventory host with a verified key, over one connection', async () => {
    const dir = tempDir();
    const before = sshd.connectionCount();
    const r = await cli(['run', fixture('remote-steps.yaml'), '-i', inventory(sshd.knownHostsFile), '-p', 'host=master-0', '-p', `dir=${dir}`, '-o', 'json'], { stateDir: tempDir(), env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe(`first ${sshd.user}\nlast\n`);
    const ends = jsonLines(r.stdout).filter((e) => e.type === 'step.end');
    expect(ends.every((e) => e.host === 'master-0')).toBe(true);
    expect(sshd.connectionCount() - before).toBe(1);
  });

  it('an unknown host key: exit 5 before authenticating, with the fingerprint and how to trust it', async () => {
    const dir = tempDir();
    const empty = join(tempDir(), 'known_hosts');
    writeFileSync(empty, '');
    const accepted = sshd.acceptedCount();
    const r = await cli(['run', fixture('remote-steps.yaml'), '-i', inventory(empty), '-p', 'host=master-0', '-p', `dir=${dir}`], { stateDir: tempDir(), env });
    expect(r.exitCode).toBe(5);
    expect(r.stdout + r.stderr).toContain(sshd.hostKeyFingerprint);
    expect(r.stdout + r.stderr).toMatch(/opsctl hosts trust/);
    expect(sshd.acceptedCount()).toBe(accepted);
    expect(existsSync(join(dir, 'effects'))).toBe(false);
  });

  it('hosts trust shows the fingerprint and records the key; then the run works', async () => {
    const kh = join(tempDir(), 'known_hosts');
    writeFileSync(kh, '');
    const inv = inventory(kh);
    const refused = await cli(['hosts', 'trust', 'master-0', '-i', inv], { stateDir: tempDir(), env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(sshd.hostKeyFingerprint);
    expect(readFileSync(kh, 'utf8')).toBe('');
    const ok = await cli(['hosts', 'trust', 'master-0', '-i', inv, '--yes'], { stateDir: tempDir(), env });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(readFileSync(kh, 'utf8')).toContain(sshd.hostKeyPub.split(' ')[1]);
    const dir = tempDir();
    const r = await cli(['run', fixture('remote-steps.yaml'), '-i', inv, '-p', 'host=master-0', '-p', `dir=${dir}`], { stateDir: tempDir(), env });
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('a hashed known_hosts entry is accepted', async () => {
    const kh = join(tempDir(), 'known_hosts');
    writeFileSync(kh, readFileSync(sshd.knownHostsFile));
    execFileSync('ssh-keygen', ['-H', '-f', kh], { stdio: 'ignore' });
    expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|/);
    const dir = tempDir();
    const r = await cli(['run', fixture('remote-steps.yaml'), '-i', inventory(kh), '-p', 'host=master-0', '-p', `dir=${dir}`], { stateDir: tempDir(), env });
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('an sshd killed in the middle of a step (with its sessions and commands): the step is unknown, not failed; resume re-runs it (idempotent)', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const inv = inventory(sshd.knownHostsFile);
    const p = startCli(['run', fixture('remote-steps.yaml'), '-i', inv, '-p', 'host=master-0', '-p', `dir=${dir}`, '-p', 'slowSeconds=30'], { stateDir, env });
    await waitFor(() => existsSync(join(dir, 'slow-started')));
    await sshd.kill9();
    const r = await p;
    expect(r.exitCode).not.toBe(0);
    const [id] = runIds(stateDir);
    const ends = journal(stateDir, id).filter((e) => e.type === 'step.end' && e.stepId === 'slow');
    expect(ends.length).toBeGreaterThan(0);
    // Its outcome cannot be known: the host is unreachable, so its record cannot be read either.
    expect(ends.every((e) => e.status === 'failed' && e.unknown === true)).toBe(true);
    expect((await cli(['runs', 'show', id], { stateDir, env })).stdout).toMatch(/^unknown +slow +master-0 /m);
    await sshd.start();
    const resumed = await cli(['resume', id], { stateDir, env });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe(`first ${sshd.user}\nlast\n`);
  });

  it('a connection dropped in the middle of a step: the step is not failed, and it never runs twice', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const inv = inventory(sshd.knownHostsFile);
    const p = startCli(['run', fixture('remote-once.yaml'), '-i', inv, '-p', 'host=master-0', '-p', `dir=${dir}`, '-p', 'seconds=2'], { stateDir, env });
    await waitFor(() => existsSync(join(dir, 'once-started')));
    expect(sshd.dropConnections()).toBeGreaterThan(0);
    const r = await p;
    const [id] = runIds(stateDir);
    if (r.exitCode !== 0) {
      const resumed = await cli(['resume', id], { stateDir, env });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
    }
    const ends = journal(stateDir, id).filter((e) => e.type === 'step.end' && e.stepId === 'once');
    expect(ends.some((e) => e.status === 'failed')).toBe(false);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('once-start\nonce-end\nlast\n');
  });

  it('resume arriving while the host refuses connections (rebooting): it asks the step\'s record again until the host answers, and does not run it twice', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const inv = inventory(sshd.knownHostsFile);
    const p = startCli(['run', fixture('remote-once.yaml'), '-i', inv, '-p', 'host=master-0', '-p', `dir=${dir}`, '-p', 'seconds=2'], { stateDir, env });
    await waitFor(() => existsSync(join(dir, 'once-started')));
    p.kill('SIGKILL');
    await p.catch(() => undefined);
    await sshd.stopListening();
    const [id] = runIds(stateDir);
    const resuming = startCli(['resume', id], { stateDir, env });
    let said = '';
    resuming.stderr?.on('data', (b: Buffer) => (said += b.toString()));
    resuming.stdout?.on('data', (b: Buffer) => (said += b.toString()));
    await waitFor(() => /ECONNREFUSED.*asking again for up to 5 min/.test(said), 20_000);
    await sshd.start();
    const resumed = await resuming;
    expect(resumed.exitCode, said).toBe(0);
    expect(said).toMatch(/read back from its record, exit 0/);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('once-start\nonce-end\nlast\n');
    const end = journal(stateDir, id).filter((e) => e.type === 'step.end' && e.stepId === 'once');
    expect(end.at(-1)).toMatchObject({ status: 'changed', exitCode: 0, recovered: true });
  });

  it('the step runner killed under a step (the connection lives on): the step is not failed; its record is asked, and it runs once', async () => {
    const dir = tempDir();
    const file = join(tempDir(), 'runner-dies.yaml');
    // The step's $PPID is its record wrapper, whose parent is the runner.
    writeFileSync(
      file,
      `apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: runner-dies\nparams:\n  dir: { type: string, required: true }\ntargets:\n  target: master-0\nsteps:\n  - id: once\n    on: target\n    run: |\n      echo once-start >> {{ params.dir }}/effects\n      kill -9 $(cut -d' ' -f4 /proc/$PPID/stat)\n      sleep 1\n      echo once-end >> {{ params.dir }}/effects\n  - id: last\n    on: target\n    run: echo last >> {{ params.dir }}/effects\n`,
    );
    const stateDir = tempDir();
    const r = await cli(['run', file, '-i', inventory(sshd.knownHostsFile), '-p', `dir=${dir}`], { stateDir, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/step runner .* went away while running/);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('once-start\nonce-end\nlast\n');
    const [id] = runIds(stateDir);
    const ends = journal(stateDir, id).filter((e) => e.type === 'step.end' && e.stepId === 'once');
    expect(ends).toEqual([expect.objectContaining({ status: 'changed', exitCode: 0, recovered: true })]);
  });

  it('a changed host key: exit 5 with a MITM warning and the ssh-keygen -R command', async () => {
    await sshd.rotateHostKey();
    const dir = tempDir();
    const r = await cli(['run', fixture('remote-steps.yaml'), '-i', inventory(sshd.knownHostsFile), '-p', 'host=master-0', '-p', `dir=${dir}`], { stateDir: tempDir(), env });
    expect(r.exitCode).toBe(5);
    expect(r.stdout + r.stderr).toMatch(/ssh-keygen -R/);
    expect(r.stdout + r.stderr).toContain(sshd.hostKeyFingerprint);
    expect(existsSync(join(dir, 'effects'))).toBe(false);
  });
});
