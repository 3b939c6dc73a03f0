// The host-side outcome record, driven through a real `sh` exactly as a transport would run it:
// the wrapper records exit status and output, streams output while the command runs, survives
// the caller going away, and the read-back tells finished, running, never started and lost apart.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrepare, parseReadBack, prepareScript, readBackScript, wrapCommand, cleanupScript } from '../../src/engine/host-record.js';
import { processStartTicks } from '../../src/state/process-alive.js';
import { tempDir } from './helpers.js';

const sh = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8' });
const runIds: string[] = [];
function prepared(): string {
  const runId = `20260301-030405-t-${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')}`;
  runIds.push(runId);
  const p = parsePrepare(sh(prepareScript(runId)).stdout);
  if (!p.ok) throw new Error(p.why);
  return p.dir;
}
afterEach(() => {
  for (const id of runIds.splice(0)) rmSync(`/var/tmp/opsctl-${process.getuid!()}/${id}`, { recursive: true, force: true });
});
const readBack = (dir: string, rec: string) => {
  const r = sh(readBackScript(dir, rec));
  return parseReadBack('h', { exitCode: r.status, stdout: r.stdout, stderr: r.stderr });
};

describe('host records', () => {
  it('prepare makes a private per-user run directory', () => {
    const dir = prepared();
    expect(dir).toMatch(new RegExp(`^/var/tmp/opsctl-${process.getuid!()}/20260301-030405-t-`));
    const mode = spawnSync('stat', ['-c', '%a %U', `/var/tmp/opsctl-${process.getuid!()}`], { encoding: 'utf8' }).stdout.trim();
    expect(mode.split(' ')[0]).toBe('700');
  });

  it('the wrapper passes output and exit status through, and records both', () => {
    const dir = prepared();
    const r = sh(wrapCommand(`printf 'a b\\n'; echo "it's" >&2; printf 'no newline'; exit 7`, dir, '1-aa'));
    expect([r.status, r.stdout, r.stderr]).toEqual([7, 'a b\nno newline', "it's\n"]);
    expect(readBack(dir, '1-aa')).toEqual({ state: 'finished', exitCode: 7, stdout: 'a b\nno newline', stderr: "it's\n", durationMs: expect.any(Number) });
    expect(readFileSync(`${dir}/1-aa/exit`, 'utf8')).toBe('7\n');
  });

  it('the read-back gives how long the command ran on its host (runs show had 0ms for it)', () => {
    const dir = prepared();
    expect(sh(wrapCommand('sleep 0.4', dir, '1-bb')).status).toBe(0);
    const rb = readBack(dir, '1-bb');
    expect(rb.state).toBe('finished');
    const ms = (rb as { durationMs?: number }).durationMs;
    expect(ms).toBeGreaterThanOrEqual(380);
    expect(ms).toBeLessThan(5_000);
    // A host whose date cannot tell (busybox) answers without it: the duration stays unknown.
    expect(parseReadBack('h', { exitCode: 0, stdout: 'opsctl-record exit 0\nout', stderr: '' })).toEqual({ state: 'finished', exitCode: 0, stdout: 'out', stderr: '' });
  });

  it('records the start with the boot id, the pid and its start time', () => {
    const dir = prepared();
    sh(wrapCommand('true', dir, '2-aa'));
    const [boot, pid, ticks] = readFileSync(`${dir}/2-aa/start`, 'utf8').trim().split(' ');
    expect(boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    expect(Number(pid)).toBeGreaterThan(1);
    expect(ticks).toMatch(/^\d+$/);
  });

  it('streams output while the command runs', async () => {
    const dir = prepared();
    const child = spawn('sh', ['-c', wrapCommand('echo first; sleep 2; echo second', dir, '3-aa')]);
    const first = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      child.stdout.once('data', () => resolve(Date.now() - t0));
    });
    expect(first).toBeLessThan(1800);
    await new Promise((r) => child.once('exit', r));
  });

  it('the command finishes and is recorded after the caller is gone (no SIGPIPE)', async () => {
    const dir = prepared();
    const out = `${tempDir()}/effect`;
    const child = spawn('sh', ['-c', wrapCommand(`echo start; sleep 0.5; echo printed-after; echo done > ${out}`, dir, '4-aa')], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise((r) => child.stdout.once('data', r));
    // The caller vanishes: nobody reads the pipes any more.
    child.stdout.destroy();
    child.stderr.destroy();
    expect(readBack(dir, '4-aa').state).toBe('running');
    const end = Date.now() + 10_000;
    while (readBack(dir, '4-aa').state !== 'finished' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(readBack(dir, '4-aa')).toMatchObject({ state: 'finished', exitCode: 0, stdout: 'start\nprinted-after\n' });
    expect(readFileSync(out, 'utf8')).toBe('done\n');
  });

  it('a record never started is claimed by the read-back, and the late command then refuses to run', () => {
    const dir = prepared();
    const out = `${tempDir()}/effect`;
    expect(readBack(dir, '5-aa')).toEqual({ state: 'never' });
    expect(readBack(dir, '5-aa')).toEqual({ state: 'never' });
    const r = sh(wrapCommand(`echo ran > ${out}`, dir, '5-aa'));
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/claimed by a resume/);
    expect(existsSync(out)).toBe(false);
  });

  it('a wrapper killed with its command leaves a record the host cannot finish: lost, saying why', async () => {
    const dir = prepared();
    const child = spawn('sh', ['-c', wrapCommand('sleep 29.7', dir, '6-aa')], { detached: true, stdio: 'ignore' });
    const end = Date.now() + 5000;
    while (!existsSync(`${dir}/6-aa/start`) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(readBack(dir, '6-aa').state).toBe('running');
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(readBack(dir, '6-aa')).toEqual({ state: 'lost', why: expect.stringMatching(/ended without recording an exit status/) });
  });

  it('tells a reboot and a pid reused by another process from a running step', async () => {
    const dir = prepared();
    const other = spawn('sleep', ['29.7'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const ticks = processStartTicks(other.pid!);
      sh(`mkdir ${dir}/7-aa`);
      writeFileSync(`${dir}/7-aa/start`, `00000000-0000-0000-0000-000000000000 ${other.pid} ${ticks}\n`);
      expect(readBack(dir, '7-aa')).toEqual({ state: 'lost', why: expect.stringMatching(/rebooted/) });
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      writeFileSync(`${dir}/7-aa/start`, `${boot} ${other.pid} 1\n`);
      expect(readBack(dir, '7-aa')).toEqual({ state: 'lost', why: expect.stringMatching(/ended without recording/) });
      writeFileSync(`${dir}/7-aa/start`, `${boot} ${other.pid} ${ticks}\n`);
      expect(readBack(dir, '7-aa')).toEqual({ state: 'running', pid: other.pid });
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('says so when the run\'s records are gone, and cleanup removes them', () => {
    const dir = prepared();
    sh(wrapCommand('true', dir, '8-aa'));
    expect(sh(cleanupScript(dir)).status).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(readBack(dir, '8-aa')).toEqual({ state: 'lost', why: expect.stringMatching(/records on h are gone/) });
  });

  it('runs the command unrecorded when the record directory was removed, and refuses hostile names', () => {
    const dir = prepared();
    rmSync(dir, { recursive: true });
    expect(sh(wrapCommand('echo hi', dir, '9-aa'))).toMatchObject({ status: 0, stdout: 'hi\n' });
    expect(() => wrapCommand('true', dir, '../x')).toThrow(/refusing/);
    expect(() => prepareScript("x'; rm -rf /")).toThrow(/refusing/);
  });

  it('does not trust a base directory that another user owns', () => {
    const base = tempDir();
    const r = sh(prepareScript('20260301-030405-t-abcd').replace(/b=\/var\/tmp\/opsctl-\$\(id -u\)/, `b=${base}/not-mine; mkdir -p $b; chown 65534 $b`));
    expect(parsePrepare(r.stdout)).toEqual({ ok: false, why: expect.stringMatching(/not a private directory/) });
  });
});
