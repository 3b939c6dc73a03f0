// A run a person can look at: `runs show` per-step details, the --timeline page rendered in
// headless Chromium (Debian's chromium, driven by playwright-core) with lanes, bars, gates, the
// kill and the resumes where they happened, and `runs show -f` following a live run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cli, jsonLines, runIds, startCli, tempDir, waitFor } from './cli.js';

const RUNBOOK = `apiVersion: opsctl/v1
kind: Runbook
metadata: { name: timeline-demo }
params:
  dir: { type: string, required: true }
steps:
  - id: gate
    confirm: "Go ahead in {{ params.dir }}?"
  - id: fan-out
    on: nodes
    run: echo hello from a node
  - id: mark
    run: touch {{ params.dir }}/started
  - id: sleep
    run: sleep 2 && echo slept
  - id: check
    run: test -f {{ params.dir }}/flag || { echo "no flag yet"; exit 1; }
  - id: after
    run: echo done
`;

const dir = tempDir();
const stateDir = tempDir();
let runId = '';
let browser: Browser;

beforeAll(async () => {
  writeFileSync(join(dir, 'runbook.yaml'), RUNBOOK);
  writeFileSync(join(dir, 'hosts.ini'), '[nodes]\nnode-a ansible_connection=local\nnode-b ansible_connection=local\n');
  const args = [join(dir, 'runbook.yaml'), '-p', `dir=${dir}`, '-i', join(dir, 'hosts.ini'), '--yes'];
  // 1: killed (-9) while `sleep` runs; 2: resumed, `check` fails; 3: resumed again, succeeds.
  const first = startCli(['run', ...args], { stateDir });
  await waitFor(() => existsSync(join(dir, 'started')));
  await new Promise((r) => setTimeout(r, 300));
  first.kill('SIGKILL');
  await first;
  runId = runIds(stateDir)[0];
  const second = await cli(['resume', runId, '--retry-unknown', '--yes'], { stateDir });
  expect(second.exitCode, second.stderr + second.stdout).toBe(1);
  writeFileSync(join(dir, 'flag'), '');
  const third = await cli(['resume', runId, '--yes'], { stateDir });
  expect(third.exitCode, third.stderr + third.stdout).toBe(0);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('runs show', () => {
  it('lists every step with host, state, start, duration, attempts (and those on resume), exit code and log', async () => {
    const r = await cli(['runs', 'show', runId], { stateDir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^STATE +STEP +HOST +START +TOOK +TRIES +EXIT +LOG( +NOTE)?$/m);
    // Killed under opsctl, `sleep` went on on its host; resume read its outcome back instead of running it again.
    expect(r.stdout).toMatch(/^done +sleep +local +\d\d:\d\d:\d\d +\S+ +1 \(1 on resume\) +0 +read back from its host$/m);
    expect(r.stdout).toMatch(/^done +check +local +\d\d:\d\d:\d\d +\S+ +2 \(2 on resume\) +0 +steps\/\d{3}-check\.log$/m);
    expect(r.stdout).toMatch(/^done +fan-out\S* +node-a /m);
    expect(r.stdout).toContain('resumed 2×');
    const json = jsonLines((await cli(['runs', 'show', runId, '-o', 'json'], { stateDir })).stdout)[0] as { runId: string; steps: Array<Record<string, unknown>> };
    expect(json.runId).toBe(runId);
    const check = json.steps.find((s) => s.stepId === 'check')!;
    expect(check).toMatchObject({ host: 'local', state: 'done', attempts: 2, resumeAttempts: 2 });
    expect(existsSync(String(check.log))).toBe(true);
    expect(json.steps.find((s) => s.stepId === 'sleep')).toMatchObject({ host: 'local', state: 'done', attempts: 1, resumeAttempts: 1 });
    // How long it ran comes from its host's record (`sleep 2`), not 0ms.
    const took = Number(json.steps.find((s) => s.stepId === 'sleep')!.durationMs);
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(10_000);
  });

  it('--timeline writes one self-contained page that Chromium renders with a lane per host and a bar per attempt', async () => {
    const file = join(dir, 'run.html');
    const r = await cli(['runs', 'show', runId, '--timeline', file], { stateDir });
    expect(r.exitCode, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    // A bar per attempt, and one for an outcome read back from its host on resume (no new start).
    const journalLines = readFileSync(join(stateDir, 'runs', runId, 'journal.jsonl'), 'utf8').split('\n');
    const starts = journalLines.filter((l) => l.includes('"type":"step.start"') || (l.includes('"type":"step.end"') && l.includes('"recovered":true'))).length;

    const page = await browser.newPage({ viewport: { width: 1200, height: 500 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);
    const lanes = await page.$$eval('.lane', (els) => els.map((e) => (e as HTMLElement).dataset.host));
    expect(lanes.sort()).toEqual(['local', 'node-a', 'node-b']);
    const bars = await page.$$eval('.bar', (els) =>
      els.map((e) => {
        const box = e.getBoundingClientRect();
        const lane = e.closest('.lane')!.getBoundingClientRect();
        return { key: (e as HTMLElement).dataset.key!, status: (e as HTMLElement).dataset.status!, cls: e.className, x: box.x, w: box.width, h: box.height, inLane: box.y >= lane.y && box.bottom <= lane.bottom, colour: getComputedStyle(e).backgroundColor, title: e.getAttribute('title') ?? '' };
      }),
    );
    expect(bars).toHaveLength(starts);
    for (const b of bars) {
      expect(b.w, b.key).toBeGreaterThanOrEqual(3);
      expect(b.h).toBe(20);
      expect(b.inLane, b.key).toBe(true);
    }
    const killed = bars.filter((b) => b.cls.includes('killed'));
    expect(killed.map((b) => b.key)).toEqual(['sleep@local']);
    expect(killed[0].colour).toBe('rgb(106, 63, 181)');
    const failed = bars.find((b) => b.status === 'failed')!;
    expect(failed.key).toBe('check@local');
    expect(failed.colour).toBe('rgb(209, 47, 47)');
    expect(failed.title).toContain('exit 1');
    expect(failed.title).toContain('test -f');
    expect(failed.title).toContain('no flag yet');
    expect(bars.filter((b) => b.cls.includes('gate'))).toHaveLength(3);
    expect(bars.filter((b) => b.status === 'changed' && b.key === 'sleep@local')).toHaveLength(1);
    // Bars of later attempts lie to the right of earlier ones, past the resume markers.
    const resumes = await page.$$eval('.resume', (els) => els.map((e) => e.getBoundingClientRect().x));
    expect(resumes).toHaveLength(2);
    const sleeps = bars.filter((b) => b.key === 'sleep@local');
    expect(sleeps[0].x).toBeLessThan(resumes[0]);
    expect(sleeps[1].x).toBeGreaterThanOrEqual(resumes[0] - 1);
    await page.hover('.bar.failed');
    const png = join(dir, 'run.png');
    await page.screenshot({ path: png, fullPage: true });
    if (process.env.OPSCTL_KEEP_SCREENSHOT) writeFileSync(process.env.OPSCTL_KEEP_SCREENSHOT, readFileSync(png));
    expect(statSync(png).size).toBeGreaterThan(5_000);
    await page.close();
  });

  it('-f follows a live run to its end and exits with its exit code', async () => {
    const d = tempDir();
    const sd = tempDir();
    writeFileSync(join(d, 'runbook.yaml'), RUNBOOK.replace('sleep 2', 'sleep 3').replace(/ {2}- id: gate\n {4}confirm: .*\n/, ''));
    writeFileSync(join(d, 'flag'), '');
    writeFileSync(join(d, 'hosts.ini'), '[nodes]\nnode-a ansible_connection=local\n');
    const run = startCli(['run', join(d, 'runbook.yaml'), '-p', `dir=${d}`, '-i', join(d, 'hosts.ini')], { stateDir: sd });
    await waitFor(() => existsSync(join(d, 'started')));
    const followed = await cli(['runs', 'show', runIds(sd)[0], '-f'], { stateDir: sd });
    await run;
    expect(followed.exitCode).toBe(0);
    expect(followed.stdout).toMatch(/\[start\] +local +sleep@local/);
    expect(followed.stdout).toMatch(/\[changed\] +local +after@local/);
    expect(followed.stdout).toMatch(/run succeeded \(exit 0\)$/);
  });
});
