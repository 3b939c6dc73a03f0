import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, jsonLines, runIds, journal, startCli, tempDir, waitFor } from './cli.js';

describe('exit codes', () => {
  it('0 when every step succeeds, and the side effects happened once', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['run', fixture('fail-then-fix.yaml'), '-p', `dir=${dir}`], { stateDir });
    expect(r.exitCode).toBe(1);
    writeFileSync(join(dir, 'flag'), '');
    const ok = await cli(['run', fixture('fail-then-fix.yaml'), '-p', `dir=${dir}`], { stateDir });
    expect(ok.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('one\none\ntwo\nthree\n');
  });

  it('1 when a step fails, with the failing step named and the resume command', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['run', fixture('fail-then-fix.yaml'), '-p', `dir=${dir}`], { stateDir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/needs-flag/);
    expect(r.stdout + r.stderr).toMatch(/opsctl resume \d{8}-\d{6}-fail-then-fix-[0-9a-f]{4}/);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('one\n');
  });

  it('2 for a bad runbook, with file:line:col and no stack trace', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: bad }\nsteps:\n  - id: a\n    run: true\n    timeuot: 5s\n');
    const r = await cli(['run', file], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${file}:7:5`);
    expect(r.stderr).toMatch(/timeout/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('3 when an assert fails before anything changed, and the mutating step never ran', async () => {
    const dir = tempDir();
    const r = await cli(['run', fixture('precondition.yaml'), '-p', `dir=${dir}`], { stateDir: tempDir() });
    expect(r.exitCode).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/cluster is not healthy/);
    expect(existsSync(join(dir, 'effects'))).toBe(false);
  });

  it('4 when another run holds the lock on the same target', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const first = startCli(['run', fixture('sleeper.yaml'), '-p', `dir=${dir}`, '-p', 'seconds=30'], { stateDir });
    await waitFor(() => existsSync(join(dir, 'started')));
    const second = await cli(['run', fixture('sleeper.yaml'), '-p', `dir=${tempDir()}`], { stateDir });
    first.kill('SIGINT');
    await first;
    expect(second.exitCode).toBe(4);
    expect(second.stderr).toMatch(/locked by run/);
  });

  it('5 when a host cannot be reached', async () => {
    // An inventory host whose address does not resolve (a name nobody knows is exit 2, see below).
    const inv = join(tempDir(), 'hosts.ini');
    writeFileSync(inv, '[x]\ngone ansible_host=no-such-host.invalid\n');
    const r = await cli(['run', fixture('remote.yaml'), '-p', 'host=gone', '-i', inv], { stateDir: tempDir() });
    expect(r.exitCode).toBe(5);
    expect(r.stdout + r.stderr).toMatch(/gone|no-such-host\.invalid/);
  });

  it('2 when a host name is in neither the inventory nor ssh_config', async () => {
    const r = await cli(['run', fixture('remote.yaml'), '-p', 'host=no-such-host.invalid'], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown host "no-such-host.invalid"');
  });

  it('2 when a confirm gate meets no terminal and no --yes, before anything runs', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['run', fixture('gated.yaml'), '-p', `dir=${dir}`], { stateDir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(runIds(stateDir)).toEqual([]);
    const yes = await cli(['run', fixture('gated.yaml'), '-p', `dir=${dir}`, '--yes'], { stateDir });
    expect(yes.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('changed\n');
  });

  it('130 on SIGINT: the run is journaled as interrupted and resume completes it', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const p = startCli(['run', fixture('counter.yaml'), '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => existsSync(join(dir, 'slow-started')));
    p.kill('SIGINT');
    const r = await p;
    expect(r.exitCode).toBe(130);
    const [id] = runIds(stateDir);
    const entries = journal(stateDir, id);
    expect(entries.at(-1)).toMatchObject({ type: 'run.end', status: 'interrupted', exitCode: 130 });
    const runs = await cli(['runs', '--output', 'json'], { stateDir });
    expect(jsonLines(runs.stdout)[0]).toMatchObject({ runId: id, status: 'interrupted' });
    const resumed = await cli(['resume', id], { stateDir });
    expect(resumed.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toMatch(/^first\nslow\nlast token-\d+\n$/);
  });

  it('2 for an unknown command or option (commander usage errors)', async () => {
    expect((await cli(['frobnicate'], { stateDir: tempDir() })).exitCode).toBe(2);
    expect((await cli(['run'], { stateDir: tempDir() })).exitCode).toBe(2);
  });
});

describe('internal errors', () => {
  it('70 for a bug: says so, writes a debug log without secrets, no stack on the terminal', async () => {
    const stateDir = tempDir();
    const r = await cli(['run', fixture('secret.yaml'), '-p', 'token=hunter2-secret', '-p', 'dir=/tmp'], { stateDir, env: { OPSCTL_INJECT_FAULT: 'internal' } });
    expect(r.exitCode).toBe(70);
    expect(r.stderr).toMatch(/bug in opsctl/);
    const log = /Details are in (\S+);/.exec(r.stderr)![1];
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/injected internal fault/);
    expect(text).not.toContain('hunter2-secret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
