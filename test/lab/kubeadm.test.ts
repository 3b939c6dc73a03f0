// The kubeadm flavour: etcd runs from the static pod manifest, kept in step by the lab's kubelet
// the way the real kubelet does (moving etcd.yaml out stops the member, back starts it).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgrep } from '../helpers/proc.js';
import { eventually, health, isRunning, labCli, labJson, ssh, type Lab } from './helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
const etcdPidFile = () => join(lab.dir, 'hosts/master-0/root/run-lab/etcd.pid');
const etcdPid = () => (existsSync(etcdPidFile()) ? Number(readFileSync(etcdPidFile(), 'utf8')) : 0);

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'opsctl-lab-kubeadm-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--flavor', 'kubeadm', '--masters', '1', '--workers', '1']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 60_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (lab.dir) rmSync(join(lab.dir, '..'), { recursive: true, force: true });
});

describe('kubeadm lab', () => {
  it('lays out a control-plane node and a worker as kubeadm does', async () => {
    const cp = await ssh(lab, 'master-0', 'ls /etc/kubernetes/manifests /etc/kubernetes/pki/etcd && grep -c -- --data-dir=/var/lib/etcd /etc/kubernetes/manifests/etcd.yaml');
    expect(cp.exitCode).toBe(0);
    for (const f of ['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml', 'ca.crt', 'ca.key', 'server.crt', 'peer.key', 'healthcheck-client.crt']) expect(cp.stdout).toContain(f);
    expect((await ssh(lab, 'node-0', 'test -f /etc/kubernetes/kubelet.conf && test ! -e /etc/kubernetes/manifests/etcd.yaml')).exitCode).toBe(0);
    expect(labJson(lab).etcd.endpoints).toHaveLength(1);
    expect(Object.values(await health(lab))).toEqual([true]);
  });

  it('has the kubeadm tools and no etcd unit', async () => {
    const tools = ['systemctl', 'kubectl', 'kubeadm', 'apt-get', 'apt-mark', 'yum'];
    const r = await ssh(lab, 'master-0', tools.map((t) => `${t} --lab-info`).join('; '));
    expect(r.stdout.split('\n').filter((l) => l.includes('opsctl lab tool'))).toHaveLength(tools.length);
    const unit = await ssh(lab, 'master-0', 'systemctl restart etcd');
    expect(unit.exitCode).toBe(5);
    expect(unit.stderr).toContain('Unit etcd.service not found.');
  });

  it('stops etcd when its manifest leaves /etc/kubernetes/manifests and starts it when it is back', async () => {
    const first = etcdPid();
    expect(isRunning(first)).toBe(true);
    expect((await ssh(lab, 'master-0', 'mv /etc/kubernetes/manifests/etcd.yaml /backup/etcd.yaml')).exitCode).toBe(0);
    await eventually(async () => isRunning(first), (alive) => !alive, 10_000);
    expect(isRunning(first)).toBe(false);
    expect((await ssh(lab, 'master-0', 'mv /backup/etcd.yaml /etc/kubernetes/manifests/etcd.yaml')).exitCode).toBe(0);
    const h = await eventually(() => health(lab), (x) => Object.values(x).every(Boolean), 15_000);
    expect(Object.values(h)).toEqual([true]);
    expect(etcdPid()).not.toBe(first);
  });

  it('keeps etcd running when kubelet stops, as static pods outlive their kubelet', async () => {
    const pid = etcdPid();
    const r = await ssh(lab, 'master-0', 'systemctl stop kubelet; systemctl is-active kubelet; systemctl start kubelet; systemctl is-active kubelet');
    expect(r.stdout).toBe('inactive\nactive');
    expect(isRunning(pid)).toBe(true);
  });

  it('goes down without leaving a process', async () => {
    const down = await labCli(lab, ['down']);
    expect(down.exitCode).toBe(0);
    expect(pgrep(lab.dir)).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
  });
});
