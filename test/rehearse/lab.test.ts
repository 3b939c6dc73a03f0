// CI's rehearsal: every built-in runbook on fresh labs, the uninterrupted run then one sampled
// kill point each (the scenario's named one, or one spread over the steps), resumed with no flags;
// every trial must converge to the uninterrupted run's end state. `npm run rehearse` tries every
// kill point of every runbook.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { cli, jsonLines, startCli, tempDir, waitFor } from '../e2e/cli.js';
import { gone, pgrep } from '../engine/helpers.js';

describe('opsctl rehearse --all (sampled)', () => {
  it('every built-in runbook converges after a kill, resumed with no flags', async () => {
    // hosted-cluster-dr and kubeadm-upgrade are the two longest labs, and their own end-to-end
    // tests already kill and resume them (test/runbooks/hosted-cluster-dr.test.ts: 3 kills, 4
    // resumes; kubeadm-upgrade.test.ts: killed with a worker drained); `npm run rehearse` has them.
    const r = await cli(['rehearse', '--all', '--except', 'hosted-cluster-dr,kubeadm-upgrade', '--lab', '--sample', '1', '--jobs', '2', '-o', 'json'], { stateDir: tempDir() });
    const lines = jsonLines(r.stdout);
    const trials = lines.filter((l) => l.type === 'trial');
    const totals = lines.find((l) => l.type === 'totals');
    for (const t of trials) process.stdout.write(`${t.runbook} ${t.step} ${t.point}: ${t.verdict} (${t.resumed})${(t.differences as string[]).length ? ` ${JSON.stringify(t.differences)}` : ''}${t.note ? ` note: ${t.note}` : ''}\n`);
    expect(totals).toMatchObject({ uncovered: [] });
    expect(trials.filter((t) => t.verdict !== 'converged' && t.verdict !== 'not reached')).toEqual([]);
    expect(new Set(trials.map((t) => t.runbook)).size).toBe(trials.length);
    expect(r.exitCode).toBe(0);
  }, 1_200_000);
});

describe('opsctl rehearse, interrupted', () => {
  it('Ctrl-C while trials run: exit 130; the trials\' opsctl processes killed, every lab it started (those still coming up too) down and its directory removed', async () => {
    const tmp = tempDir();
    const p = startCli(['rehearse', '--scenario', 'runbooks/rehearse/etcd-snapshot.yaml', '--lab', '--jobs', '2'], { stateDir: tempDir(), env: { TMPDIR: tmp } });
    let said = '';
    p.stderr?.on('data', (b: Buffer) => (said += b.toString()));
    // The reference run is done, a trial's opsctl is running against its lab and another lab is
    // coming up or up.
    await waitFor(() => /uninterrupted run in/.test(said), 180_000);
    await waitFor(() => readdirSync(tmp).filter((n) => n.startsWith('opsctl-rehearse-')).length >= 2 && pgrep(`snapshot --host master-0 --fetch-to ${tmp}`).length > 0, 120_000);
    p.kill('SIGINT');
    const r = await p;
    expect(r.exitCode, said).toBe(130);
    expect(said).toMatch(/interrupted; taking the labs down/);
    // The trials it cut short are not reported as results.
    expect(r.stdout).not.toMatch(/trial broken/);
    // Nothing it started outlives it (a trial's opsctl left running re-created its directory), and
    // nothing is left in its temporary directory.
    expect(await gone(tmp, 10_000)).toBe(true);
    expect(readdirSync(tmp).filter((n) => n.startsWith('opsctl-rehearse-'))).toEqual([]);
  }, 300_000);
});
