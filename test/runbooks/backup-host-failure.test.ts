// One broken host does not cost the healthy hosts their work (issue 15), on a three-master lab:
// master-2's rpm database is broken (the lab's rpm then fails as RHEL 7's does) in the middle of
// `backup master --group masters`. The built-in runbook continues the others: they end with
// verified archives, the run fails (exit 1) naming master-2 and the step, and `resume` completes
// only master-2. The same failure under stop-all stops every host after the failing step;
// `--max-failed 1` with two broken hosts stops the rest.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, journal, jsonLines } from '../e2e/cli.js';
import { labCli, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
const MASTERS = ['master-0', 'master-1', 'master-2'];
const inv = () => join(lab.dir, 'inventory.ini');
const cli = (args: string[]) => rawCli([...args, '-i', inv()], { stateDir: lab.stateDir });
const hostPath = (host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);
const breakRpm = (host: string) => writeFileSync(hostPath(host, '/run-lab/rpmdb-damaged'), '');
const mendRpm = (host: string) => rmSync(hostPath(host, '/run-lab/rpmdb-damaged'), { force: true });
const archivesOf = (host: string) => readdirSync(hostPath(host, '/backup')).filter((f) => f.startsWith(`${host}-`) && f.endsWith('.tar.gz')).sort();
const backupDirsOf = (host: string) => (existsSync(hostPath(host, `/backup/${host}`)) ? readdirSync(hostPath(host, `/backup/${host}`)).sort() : []);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const runIdOf = (stdout: string) => /resume with: opsctl resume (\S+)/.exec(stdout)?.[1] ?? '';

// An archive is verified when it lists the critical files and a non-empty packages.txt.
async function verified(host: string, archive: string): Promise<boolean> {
  const file = hostPath(host, `/backup/${archive}`);
  const list = (await execa('tar', ['-tzf', file])).stdout.split('\n');
  const id = archive.slice(host.length + 1, -'.tar.gz'.length);
  const pkgs = await execa('tar', ['-xzOf', file, `backup/${host}/${id}/packages.txt`], { reject: false });
  return list.some((l) => l.endsWith('etc/origin/master/master-config.yaml')) && pkgs.exitCode === 0 && pkgs.stdout.includes('atomic-openshift-node');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-hostfail-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--masters', '3']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('backup master --group masters with master-2 broken mid-backup', () => {
  it('the lab’s rpm fails like a damaged database while the marker is there', async () => {
    breakRpm('master-2');
    const r = await execa('ssh', ['-F', join(lab.dir, 'ssh_config'), 'master-2', 'rpm -qa'], { reject: false, stdin: 'ignore' });
    mendRpm('master-2');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: cannot open Packages database in /var/lib/rpm');
  });

  it('continue-others: the healthy masters end with verified archives, exit 1 names master-2 at packages; resume completes only master-2', async () => {
    breakRpm('master-2');
    const r = await cli(['backup', 'master', '--group', 'masters']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(1);
    // One line per step with each host's result and time; master-2's error under it.
    expect(r.stdout).toMatch(/^\[changed\] copy-files \(.*\)  master-0 \S+ · master-1 \S+ · master-2 \S+$/m);
    expect(r.stdout).toMatch(/^\[failed\]  packages \(.*\)  master-0 changed \S+ · master-1 changed \S+ · master-2 \S+ \(exit 1\)$/m);
    expect(r.stdout).toContain('      error: cannot open Packages database in /var/lib/rpm');
    expect(r.stdout).toMatch(/^\[changed\] archive \(.*\)  master-0 \S+ · master-1 \S+ · master-2 skipped \(master-2 failed at packages\)$/m);
    expect(r.stdout).toMatch(/^\[skipped\] fetch-archive  master-0 · master-1 · master-2  \(no --fetch-to, or --no-compress\)$/m);
    // The end summary per host, then the way on.
    expect(r.stdout).toMatch(/^  master-0  ok\n  master-1  ok\n  master-2  failed at packages \(exit 1\)\nfailed at step packages@master-2 \(exit 1\) — resume with: opsctl resume \S+$/m);
    for (const h of ['master-0', 'master-1']) {
      const [archive] = archivesOf(h);
      expect(archive, h).toBeDefined();
      expect(await verified(h, archive)).toBe(true);
      expect(r.stderr).toContain(`${h}  sha256`);
      expect(r.stderr).toContain(sha256(hostPath(h, `/backup/${archive}`)));
    }
    expect(archivesOf('master-2')).toEqual([]);
    const before = Object.fromEntries(['master-0', 'master-1'].map((h) => [h, statSync(hostPath(h, `/backup/${archivesOf(h)[0]}`)).mtimeMs]));

    mendRpm('master-2');
    const runId = runIdOf(r.stdout);
    const resumed = await rawCli(['resume', runId], { stateDir: lab.stateDir });
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    // Only master-2's steps ran again: the journal segment of the resume starts nothing else.
    const entries = journal(lab.stateDir, runId);
    const segment = entries.slice(entries.findIndex((e) => e.type === 'run.resume'));
    const started = segment.filter((e) => e.type === 'step.start').map((e) => String(e.key));
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((k) => k.endsWith('@master-2'))).toBe(true);
    expect(started[0]).toBe('packages@master-2');
    const [archive] = archivesOf('master-2');
    expect(await verified('master-2', archive)).toBe(true);
    for (const h of ['master-0', 'master-1']) {
      expect(archivesOf(h)).toHaveLength(1);
      expect(statSync(hostPath(h, `/backup/${archivesOf(h)[0]}`)).mtimeMs).toBe(before[h]);
    }
    expect(resumed.stdout).toMatch(/^  master-0  ok\n  master-1  ok\n  master-2  ok$/m);
    expect(resumed.stdout).toMatch(/^\[changed\] archive \(.*\)  master-0, master-1 skipped \(completed in an earlier attempt\) · master-2 \S+$/m);
  });

  it('the same failure in a stop-all runbook stops every host after the failing step', async () => {
    const file = join(root, 'backup-stop-all.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: opsctl/v1',
        'kind: Runbook',
        'metadata: { name: backup-stop-all }',
        'params: { host: { type: string, required: true } }',
        'onHostFailure: stop-all',
        'steps:',
        '  - id: backup',
        '    include: { runbook: master-backup, params: { host: "{{ params.host }}" } }',
        '',
      ].join('\n'),
    );
    const plan = await cli(['plan', file, '-p', 'host=master-0,master-1,master-2']);
    expect(plan.stdout).toContain('on host failure: stop-all (runbook backup-stop-all)');
    const archives = Object.fromEntries(MASTERS.map((h) => [h, archivesOf(h)]));
    const dirs = Object.fromEntries(MASTERS.map((h) => [h, backupDirsOf(h)]));
    breakRpm('master-2');
    try {
      const r = await cli(['run', file, '-p', 'host=master-0,master-1,master-2']);
      expect(r.exitCode, r.stderr + r.stdout).toBe(1);
      expect(r.stdout).toMatch(/^\[failed\]  packages \(.*\)  master-0 changed \S+ · master-1 changed \S+ · master-2 \S+ \(exit 1\)$/m);
      expect(r.stdout).not.toMatch(/verify-files|archive \(/);
      expect(r.stdout).toMatch(/^  master-0  skipped after master-2 failed at packages\n  master-1  skipped after master-2 failed at packages\n  master-2  failed at packages \(exit 1\)$/m);
      for (const h of ['master-0', 'master-1']) {
        // packages ran beside master-2's, then nothing: no archive, the directory left for resume.
        expect(archivesOf(h)).toEqual(archives[h]);
        const fresh = backupDirsOf(h).filter((d) => !dirs[h].includes(d));
        expect(fresh).toHaveLength(1);
        expect(readdirSync(hostPath(h, `/backup/${h}/${fresh[0]}`))).toContain('packages.txt');
      }
    } finally {
      mendRpm('master-2');
    }
  });

  it('--max-failed 1 with two broken masters stops the rest; --max-failed 0 states stop-all in the plan', async () => {
    const dry = await cli(['backup', 'master', '--group', 'masters', '--max-failed', '0', '--dry-run']);
    expect(dry.stdout).toContain("on host failure: stop-all (--max-failed 0); the runbook's: continue-others (runbook master-backup)");
    const bad = await cli(['backup', 'master', '--group', 'masters', '--max-failed', 'lots']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--max-failed expects a count like 1 or a percentage like 25%, got "lots"');

    const archives = archivesOf('master-0');
    breakRpm('master-1');
    breakRpm('master-2');
    try {
      const r = await cli(['backup', 'master', '--group', 'masters', '--max-failed', '1', '-o', 'json']);
      expect(r.exitCode, r.stderr).toBe(1);
      const end = jsonLines(r.stdout).find((e) => e.type === 'run.end') as { type: string; message: string; hosts: unknown[] };
      expect(end).toMatchObject({ type: 'run.end', status: 'failed', exitCode: 1 });
      expect(end.message).toMatch(/^2 failed \(master-[12] at packages, master-[12] at packages\), more than maxFailed 1 allows: the other hosts were stopped/);
      expect(end.hosts).toEqual([
        { host: 'master-0', status: 'skipped', reason: 'after more than maxFailed 1 failed' },
        { host: 'master-1', status: 'failed', stepId: 'packages', key: 'packages@master-1', exitCode: 1 },
        { host: 'master-2', status: 'failed', stepId: 'packages', key: 'packages@master-2', exitCode: 1 },
      ]);
      // JSON keeps one step.end per host.
      expect(jsonLines(r.stdout).filter((e) => e.type === 'step.end' && e.stepId === 'packages')).toHaveLength(3);
      expect(archivesOf('master-0')).toEqual(archives);
    } finally {
      mendRpm('master-1');
      mendRpm('master-2');
    }
  });
});
