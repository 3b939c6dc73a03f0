// `opsctl etcd restore` end to end against one OCP 3.11 lab (issue 5): a snapshot restored on
// every member into a fresh data dir and the keys read back (master-0 with etcdutl, the others
// with etcdctl), the confirm gate, the refusal to restore part of a multi-member cluster, and a
// failed verification putting the old data back.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines } from '../e2e/cli.js';
import { etcdctl, eventually, health, labCli, labJson, type Lab } from '../lab/helpers.js';
import { installHostTool } from '../../src/lab/wrappers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
let snapshot = ''; // on this machine, fetched from master-0
const inv = () => join(lab.dir, 'inventory.ini');
const cli = (args: string[]) => rawCli([...args, '-i', inv()], { stateDir: lab.stateDir });
const hostPath = (host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);
const members = ['master-0', 'master-1', 'master-2'];
const dataDir = (h: string) => /^ETCD_DATA_DIR=(.*)$/m.exec(readFileSync(hostPath(h, '/etc/etcd/etcd.conf'), 'utf8'))![1];
const ep = () => labJson(lab).etcd.endpoints;
async function get(key: string, prefix = false) {
  const r = await etcdctl(lab, ep(), ['get', key, ...(prefix ? ['--prefix'] : []), '-w', 'json']);
  const out = JSON.parse(r.stdout || '{}') as { kvs?: Array<{ key: string; value: string }>; count?: number };
  return (out.kvs ?? []).map((kv) => [Buffer.from(kv.key, 'base64').toString(), Buffer.from(kv.value, 'base64').toString()]);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-restore-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--masters', '3']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
  const snap = await cli(['etcd', 'snapshot', '--host', 'master-0', '--fetch-to', join(root, 'snaps'), '-o', 'json']);
  if (snap.exitCode !== 0) throw new Error(`snapshot failed:\n${snap.stderr}\n${snap.stdout}`);
  const path = jsonLines(snap.stdout).find((e) => e.type === 'step.end' && e.stepId === 'fetch-snapshot') as { captures: { path: string } };
  snapshot = path.captures.path;
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('etcd restore against the lab', () => {
  it('refuses to restore one member of a three-member cluster (exit 3) and touches nothing', async () => {
    const before = members.map(dataDir);
    const r = await cli(['etcd', 'restore', '--upload', snapshot, '--host', 'master-0', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('etcd.conf lists 3 members');
    expect(r.stdout).toContain('restore every member together');
    expect(members.map(dataDir)).toEqual(before);
    expect(Object.values(await health(lab))).toEqual([true, true, true]);
  });

  it('--check runs the preconditions for real and changes nothing', async () => {
    const before = members.map(dataDir);
    const r = await cli(['etcd', 'restore', '--upload', snapshot, '--group', 'etcd', '--check', '-o', 'json']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.type === 'step.end' && e.stepId === 'restore-preflight' && e.status === 'ok')).toHaveLength(3);
    expect(events.find((e) => e.type === 'step.end' && e.stepId === 'stop-etcd')).toMatchObject({ status: 'skipped', reason: 'check: would run' });
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'checked' });
    expect(members.map(dataDir)).toEqual(before);
  });

  it('without a terminal and without --yes the gate refuses the run before anything (exit 2)', async () => {
    const r = await cli(['etcd', 'restore', '--upload', snapshot, '--group', 'etcd']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('confirm gate');
  });

  it('restores the snapshot on every member into a fresh data dir, and the keys read back', async () => {
    const seeded = await get(labJson(lab).etcd.seedPrefix, true);
    expect(seeded).toHaveLength(labJson(lab).etcd.seededKeys);
    // Written after the snapshot: a restore must not have it.
    expect((await etcdctl(lab, ep(), ['put', '/test/after-snapshot', 'x'])).exitCode).toBe(0);
    const previous = members.map(dataDir);
    // master-0 plays an etcd ≥ 3.5 host (the lab's etcdutl stand-in), the others keep etcdctl
    // only: one restore runs both paths of the runbook (etcd 3.6 has no `etcdctl snapshot restore`).
    installHostTool(lab.dir, 'master-0', 'etcdutl', labJson(lab).toolsDir);
    const r = await cli(['etcd', 'restore', '--upload', snapshot, '--group', 'etcd', '--yes', '-o', 'json']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const calls = readFileSync(join(lab.dir, 'calls.log'), 'utf8');
    expect(calls).toMatch(/^master-0 etcdutl -w json snapshot status \/var\/lib\/etcd\/opsctl-restore-/m);
    expect(calls).toMatch(/^master-0 etcdutl snapshot restore \/var\/lib\/etcd\/opsctl-restore-\S+ --data-dir \/var\/lib\/etcd\/restore-\d{8}-\d{6}\.part --name master-0 /m);
    expect(calls).not.toMatch(/^master-[12] etcdutl/m);
    const events = jsonLines(r.stdout);
    const pre = events.find((e) => e.type === 'step.end' && e.stepId === 'restore-preflight') as { captures: Record<string, string> };
    const fresh = pre.captures.restoredDataDir;
    expect(fresh).toMatch(/^\/var\/lib\/etcd\/restore-\d{8}-\d{6}$/);
    for (const h of members) {
      expect(dataDir(h)).toBe(fresh);
      expect(existsSync(hostPath(h, `${fresh}/member/snap/db`))).toBe(true);
      expect(existsSync(hostPath(h, '/var/lib/etcd/member/snap/db'))).toBe(true); // the old data is kept
      expect(existsSync(hostPath(h, '/etc/origin/node/pods/apiserver.yaml'))).toBe(true); // started again
    }
    expect(previous.every((d) => d.startsWith('/var/lib/etcd'))).toBe(true);
    await eventually(() => health(lab), (hl) => Object.values(hl).filter(Boolean).length === 3);
    expect(await get(labJson(lab).etcd.seedPrefix, true)).toEqual(seeded);
    expect(await get('/test/after-snapshot')).toEqual([]);
    const verify = events.filter((e) => e.type === 'step.end' && e.stepId === 'verify-keys') as unknown as Array<{ captures: Record<string, string> }>;
    expect(verify.map((v) => v.captures.restoredKeys)).toEqual(members.map(() => String(seeded.length)));
    expect(r.stdout).not.toContain('"type":"step.undo"');
    const summary = events.filter((e) => e.type === 'message').map((e) => e.text as string);
    expect(summary).toContain(`master-1  keys after restore        ${seeded.length}`);
  }, 90_000);

  it('a restore whose key check fails is undone: etcd back on the previous data dir, healthy, keys intact', async () => {
    const current = members.map(dataDir);
    expect((await etcdctl(lab, ep(), ['put', '/test/marker', 'kept'])).exitCode).toBe(0);
    const r = await cli(['etcd', 'restore', '--upload', snapshot, '--group', 'etcd', '--yes', '--expect-keys', '7', '-p', 'dataDir=/var/lib/etcd/restore-rollback']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('expected 7');
    expect(r.stdout).toMatch(/\[undo ok\] +master-0 +point-etcd-at-new-dir/);
    expect(r.stdout).toMatch(/\[undo ok\] +master-2 +stop-etcd/);
    expect(members.map(dataDir)).toEqual(current);
    await eventually(() => health(lab), (hl) => Object.values(hl).filter(Boolean).length === 3, 30_000);
    expect(await get('/test/marker')).toEqual([['/test/marker', 'kept']]);
    for (const h of members) expect(existsSync(hostPath(h, '/etc/origin/node/pods/apiserver.yaml'))).toBe(true);
  }, 90_000);
});
