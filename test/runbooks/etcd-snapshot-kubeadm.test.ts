// `opsctl etcd snapshot --mode kubeadm` against a one-control-plane kubeadm lab (issue 5): the
// endpoint from /etc/kubernetes/manifests/etcd.yaml, the /etc/kubernetes/pki/etcd certificates,
// the keys the lab seeded; and `etcd restore` refusing a kubeadm static-pod etcd (no etcd.conf).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines } from '../e2e/cli.js';
import { labCli, labJson, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
const cli = (args: string[]) => rawCli([...args, '-i', join(lab.dir, 'inventory.ini')], { stateDir: lab.stateDir });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-kubeadm-snap-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--flavor', 'kubeadm', '--masters', '1']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('etcd snapshot on kubeadm', () => {
  it('--mode kubeadm: endpoint from the etcd manifest, pki/etcd certificates, the seeded keys', async () => {
    const r = await cli(['etcd', 'snapshot', '--host', 'master-0', '--mode', 'kubeadm', '-o', 'json']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const events = jsonLines(r.stdout);
    const pre = events.find((e) => e.type === 'step.end' && e.stepId === 'snapshot-preflight') as { captures: Record<string, string> };
    expect(pre.captures).toMatchObject({ endpoint: labJson(lab).etcd.endpoints[0], endpointSource: '/etc/kubernetes/manifests/etcd.yaml' });
    const st = events.find((e) => e.type === 'step.end' && e.stepId === 'snapshot-status') as { captures: Record<string, string> };
    expect(Number(st.captures.snapshotKeys)).toBe(labJson(lab).etcd.seededKeys);
    // A kubeadm control-plane node is the lab's etcd ≥ 3.5 kind: the file is read with etcdutl.
    expect(st.captures.snapshotTool).toBe('etcdutl');
    expect(readFileSync(join(lab.dir, 'calls.log'), 'utf8')).toMatch(/^master-0 etcdutl -w json snapshot status \/var\/lib\/etcd\/snapshot-master-0-/m);
    expect(existsSync(join(lab.dir, 'hosts/master-0/root', st.captures.snapshotFile))).toBe(true);
    // host mode looks for /etc/etcd certificates, which a kubeadm node does not have: exit 3.
    const host = await cli(['etcd', 'snapshot', '--host', 'master-0']);
    expect(host.exitCode).toBe(3);
    expect(host.stdout).toContain('certificate /etc/etcd/ca.crt is missing or unreadable');
    // etcd-restore works on env-file etcd only and says so before touching anything.
    const restore = await cli(['etcd', 'restore', '--snapshot', st.captures.snapshotFile, '--host', 'master-0', '--yes']);
    expect(restore.exitCode).toBe(3);
    expect(restore.stdout).toContain('/etc/etcd/etcd.conf is missing or unreadable');
  });
});
