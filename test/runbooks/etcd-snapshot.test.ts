// `opsctl etcd snapshot` and `opsctl backup etcd` end to end against one OCP 3.11 lab (issue 5):
// snapshots in host and pod mode whose key count is what the lab seeded, the snapshot status
// captured and printed, --fetch-to with its checksum, a snapshot that does not read failing the
// run, and the config backup of every member plus one snapshot.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines } from '../e2e/cli.js';
import { etcdctl, labCli, labJson, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
const inv = () => join(lab.dir, 'inventory.ini');
const cli = (args: string[]) => rawCli([...args, '-i', inv()], { stateDir: lab.stateDir });
const hostPath = (host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const summaryValue = (stderr: string, host: string, label: string) => new RegExp(`^${host}  ${label} +(.*)$`, 'm').exec(stderr)?.[1];
type StepEnd = { type: string; stepId: string; host: string; status: string; captures?: Record<string, string> };
const stepEnd = (stdout: string, stepId: string) => jsonLines(stdout).find((e) => e.type === 'step.end' && e.stepId === stepId) as StepEnd | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-snapshot-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--masters', '3']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('etcd snapshot against the lab', () => {
  it('host mode: a snapshot under /var/lib/etcd from the manifest endpoint, status captured and printed, keys as seeded', async () => {
    const seeded = labJson(lab).etcd.seededKeys;
    const r = await cli(['etcd', 'snapshot', '--host', 'master-0', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const pre = stepEnd(r.stdout, 'snapshot-preflight')!;
    expect(pre.captures).toMatchObject({ endpoint: labJson(lab).etcd.endpoints[0], endpointSource: '/etc/origin/node/pods/etcd.yaml' });
    const st = stepEnd(r.stdout, 'snapshot-status')!.captures!;
    expect(st.snapshotFile).toMatch(/^\/var\/lib\/etcd\/snapshot-master-0-\d{8}-\d{6}\.db$/);
    expect(Number(st.snapshotKeys)).toBe(seeded);
    expect(st.snapshotTool).toBe('etcdctl'); // an OCP 3.11 host has no etcdutl
    expect(Number(st.snapshotTotalKey)).toBeGreaterThanOrEqual(seeded); // keys plus etcd's own records
    expect(Number(st.snapshotTotalSize)).toBeGreaterThan(0);
    expect(st.snapshotHash).toMatch(/^\d+$/);
    expect(Number(st.snapshotRevision)).toBeGreaterThan(0);
    const file = hostPath('master-0', st.snapshotFile);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(st.snapshotSha256).toBe(sha256(file));
    // The same figures as the real etcdctl reads from the file, printed for the operator.
    const local = await etcdctl(lab, labJson(lab).etcd.endpoints, ['snapshot', 'status', file, '-w', 'json']);
    const status = JSON.parse(local.stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
    expect(st).toMatchObject({ snapshotHash: String(status.hash), snapshotRevision: String(status.revision), snapshotTotalKey: String(status.totalKey), snapshotTotalSize: String(status.totalSize) });
    for (const [label, value] of [['hash', status.hash], ['revision', status.revision], ['totalKey', status.totalKey], ['totalSize', status.totalSize], ['keys', seeded]]) {
      expect(summaryValue(r.stderr, 'master-0', String(label))).toBe(String(value));
    }
  });

  it('pod mode: etcdctl through oc exec into master-etcd-<node>, the same key count', async () => {
    const r = await cli(['etcd', 'snapshot', '--host', 'master-1', '--mode', 'pod', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(stepEnd(r.stdout, 'snapshot-preflight')!.captures).toMatchObject({ etcdPod: 'master-etcd-master-1' });
    const st = stepEnd(r.stdout, 'snapshot-status')!.captures!;
    expect(Number(st.snapshotKeys)).toBe(labJson(lab).etcd.seededKeys);
    expect(existsSync(hostPath('master-1', st.snapshotFile))).toBe(true);
  });

  it('--fetch-to brings the snapshot home with its sha256 checked; --endpoints picks the endpoint', async () => {
    const dest = join(root, 'snaps');
    const ep = labJson(lab).etcd.endpoints[2];
    const r = await cli(['etcd', 'snapshot', '--host', 'master-2', '--endpoints', `https://127.0.0.1:1,${ep}`, '--fetch-to', dest, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(stepEnd(r.stdout, 'snapshot-preflight')!.captures).toMatchObject({ endpoint: ep, endpointSource: '--endpoints' });
    const st = stepEnd(r.stdout, 'snapshot-status')!.captures!;
    expect(stepEnd(r.stdout, 'fetch-snapshot-matches')!.status).toBe('ok');
    const local = join(dest, st.snapshotFile.split('/').pop()!);
    expect(sha256(local)).toBe(st.snapshotSha256);
    expect(sha256(local)).toBe(sha256(hostPath('master-2', st.snapshotFile)));
    expect(summaryValue(r.stderr, 'master-2', 'fetched to')).toBe(local);
  });

  it('a snapshot that does not read fails the run (exit 1), and preconditions fail before anything (exit 3)', async () => {
    // An etcdctl that "saves" garbage, ahead of the real one on master-2's PATH (/usr/local/sbin is per host).
    const fake = hostPath('master-2', '/usr/local/sbin/etcdctl');
    writeFileSync(fake, '#!/bin/sh\nfor a; do last=$a; done\ncase " $* " in *" snapshot save "*) echo not-a-bolt-db > "$last"; exit 0 ;; esac\nexec /usr/bin/etcdctl "$@"\n');
    chmodSync(fake, 0o755);
    try {
      const r = await cli(['etcd', 'snapshot', '--host', 'master-2']);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/\[failed\] +master-2 +snapshot-status/);
      expect(r.stdout).toContain('snapshot status failed');
      expect(r.stderr).not.toMatch(/^master-2  hash/m); // nothing reported as a good snapshot
    } finally {
      rmSync(fake);
    }
    // The garbage file keeps its name (snapshot-<host>-<second>.db): a run within the same second
    // would be refused for it ("already exists") before reaching the check this test is about.
    for (const f of readdirSync(hostPath('master-2', '/var/lib/etcd'))) {
      const p = hostPath('master-2', `/var/lib/etcd/${f}`);
      if (f.startsWith('snapshot-master-2-') && readFileSync(p, 'utf8').startsWith('not-a-bolt-db')) rmSync(p);
    }
    const bad = await cli(['etcd', 'snapshot', '--host', 'master-2', '--endpoints', 'https://127.0.0.1:1']);
    expect(bad.exitCode).toBe(3);
    expect(bad.stdout).toContain('no healthy etcd endpoint among: https://127.0.0.1:1 (from --endpoints)');
    const pod = await cli(['etcd', 'snapshot', '--host', 'master-2', '--mode', 'pod', '-p', 'dir=/backup']);
    expect(pod.exitCode).toBe(3);
    expect(pod.stdout).toContain('the directory must be under /var/lib/etcd');
  });
});

describe('backup etcd against the lab', () => {
  it('--group etcd: /etc/etcd of every member into /backup/etcd-config-<day>/ and one snapshot', async () => {
    const r = await cli(['backup', 'etcd', '--group', 'etcd', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    const saves = events.filter((e) => e.type === 'step.end' && e.stepId === 'snapshot-save');
    expect(saves.map((e) => e.host)).toEqual(['master-0']);
    for (const h of ['master-0', 'master-1', 'master-2']) {
      const dirs = readdirSync(hostPath(h, '/backup')).filter((d) => d.startsWith('etcd-config-'));
      expect(dirs).toHaveLength(1);
      expect(dirs[0]).toMatch(/^etcd-config-\d{8}$/);
      expect(readFileSync(hostPath(h, `/backup/${dirs[0]}/etcd/etcd.conf`), 'utf8')).toBe(readFileSync(hostPath(h, '/etc/etcd/etcd.conf'), 'utf8'));
      expect(existsSync(hostPath(h, `/backup/${dirs[0]}/etcd/peer.key`))).toBe(true);
    }
    expect(summaryValue(r.stderr, 'master-0', 'keys')).toBe(String(labJson(lab).etcd.seededKeys));
    // Again the same day: a new config dir, never merged into the first; the snapshot from --snapshot-host.
    const again = await cli(['backup', 'etcd', '--host', 'master-1,master-2', '--snapshot-host', 'master-2', '-o', 'json']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readdirSync(hostPath('master-1', '/backup')).filter((d) => d.startsWith('etcd-config-')).sort()[1]).toMatch(/^etcd-config-\d{8}-2$/);
    expect(jsonLines(again.stdout).filter((e) => e.type === 'step.end' && e.stepId === 'snapshot-save').map((e) => e.host)).toEqual(['master-2']);
  });
});
