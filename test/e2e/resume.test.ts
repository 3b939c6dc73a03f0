import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, journal, runIds, startCli, tempDir, waitFor } from './cli.js';
import { pgrep } from '../engine/helpers.js';

function killGroupOf(marker: string): void {
  for (const pid of pgrep(marker)) {
    try {
      process.kill(-Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]), 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

describe('journal and resume', () => {
  it('kill -9 in the middle of a step: resume finishes without repeating any completed step', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const p = startCli(['run', fixture('counter.yaml'), '-p', `dir=${dir}`, '-p', 'slowSeconds=2'], { stateDir });
    await waitFor(() => existsSync(join(dir, 'slow-started')));
    p.kill('SIGKILL');
    await p;
    const [id] = runIds(stateDir);
    const before = journal(stateDir, id);
    // The slow step's start is durable, its end never came: it is unknown.
    expect(before.filter((e) => e.type === 'step.start' && e.stepId === 'slow')).toHaveLength(1);
    expect(before.some((e) => e.type === 'step.end' && e.stepId === 'slow')).toBe(false);
    const shown = await cli(['runs', 'show', id], { stateDir });
    expect(shown.stdout).toMatch(/crashed/);
    expect(shown.stdout).toMatch(/^unknown +slow +local /m);

    const r = await cli(['resume', id], { stateDir });
    expect(r.exitCode).toBe(0);
    const effects = readFileSync(join(dir, 'effects'), 'utf8').trim().split('\n');
    // first ran once, slow (idempotent, unknown) ran again once, last saw the restored capture.
    expect(effects[0]).toBe('first');
    expect(effects.filter((l) => l === 'first')).toHaveLength(1);
    expect(effects.slice(1)).toEqual(['slow', expect.stringMatching(/^last token-\d+$/)]);
    const token = before.find((e) => e.type === 'step.end' && e.stepId === 'capture-token') as { captures: { token: string } };
    expect(effects[2]).toBe(`last ${token.captures.token}`);
    const after = journal(stateDir, id);
    expect(after.filter((e) => e.type === 'step.start' && e.stepId === 'first')).toHaveLength(1);
    expect(after.at(-1)).toMatchObject({ type: 'run.end', status: 'succeeded' });
  });

  it('an unknown step that is not idempotent stops resume until --retry-unknown', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = join(dir, 'rb.yaml');
    writeFileSync(rb, readFileSync(fixture('counter.yaml'), 'utf8').replace('idempotent: true', 'idempotent: false'));
    const p = startCli(['run', rb, '-p', `dir=${dir}`], { stateDir });
    await waitFor(() => existsSync(join(dir, 'slow-started')));
    p.kill('SIGKILL');
    await p;
    // The step's processes die too, wrapper and all (a crash of the machine would do the same):
    // its record on the host has no exit status, so the host cannot tell either.
    killGroupOf(dir);
    const [id] = runIds(stateDir);
    const refused = await cli(['resume', id], { stateDir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr + refused.stdout).toMatch(/outcome is unknown|unknown/);
    expect(refused.stderr + refused.stdout).toMatch(/--retry-unknown/);
    expect(refused.stderr + refused.stdout).toMatch(/ended without recording an exit status/);
    const ok = await cli(['resume', id, '--retry-unknown'], { stateDir });
    expect(ok.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8').trim().split('\n').filter((l) => l === 'first')).toHaveLength(1);
  });

  it('a failed step runs again on resume; steps before it do not', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const r = await cli(['run', fixture('fail-then-fix.yaml'), '-p', `dir=${dir}`], { stateDir });
    expect(r.exitCode).toBe(1);
    const [id] = runIds(stateDir);
    writeFileSync(join(dir, 'flag'), '');
    const res = await cli(['resume', id], { stateDir });
    expect(res.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('one\ntwo\nthree\n');
    const again = await cli(['resume', id], { stateDir });
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(/already succeeded/);
  });

  it('resume refuses when the runbook changed since the run started, unless --force', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = join(dir, 'rb.yaml');
    copyFileSync(fixture('fail-then-fix.yaml'), rb);
    expect((await cli(['run', rb, '-p', `dir=${dir}`], { stateDir })).exitCode).toBe(1);
    const [id] = runIds(stateDir);
    appendFileSync(rb, '\n# edited\n');
    writeFileSync(join(dir, 'flag'), '');
    const refused = await cli(['resume', id], { stateDir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/changed since run/);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('one\n');
    const forced = await cli(['resume', id, '--force'], { stateDir });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'effects'), 'utf8')).toBe('one\ntwo\nthree\n');
  });
});
