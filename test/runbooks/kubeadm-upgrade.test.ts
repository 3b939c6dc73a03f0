// `opsctl upgrade kubeadm` and `opsctl node ...` end to end against one kubeadm lab of 3
// control-plane nodes and 3 workers (real sshd per host, real etcd, simulated API and packages),
// in the order a cluster lives through them: dry-runs touch nothing; a node maintained with a
// reboot (sshd really restarted) comes back Ready and uncordoned; a failed maintenance leaves its
// node cordoned, says so, and resumes; drains refused for a budget and
// for the last Ready control-plane node; a batch larger than --max-unavailable and a kubelet three
// minors behind refused with exit 3 before anything changes; then the upgrade v1.28.2 → v1.30.1
// (two minors) killed with SIGKILL while the second worker of the first hop is drained, and
// resumed: the order of every call on every host, the etcd snapshot (read with etcdutl), every
// node Ready at v1.30.1. <lab>/calls.log (one line per simulated tool call, in order) is the
// witness for what ran where.
import { closeSync, constants, existsSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines, startCli, waitFor } from '../e2e/cli.js';
import { labCli, labJson, ssh, type Lab } from '../lab/helpers.js';
import { startedSteps } from './topology-helpers.js';

const lab: Lab & { root: string } = { root: '', dir: '', stateDir: '' };
const CP = ['master-0', 'master-1', 'master-2'];
const WORKERS = ['node-0', 'node-1', 'node-2'];
const inventory = () => join(lab.dir, 'inventory.ini');
const opsctl = (args: string[]) => rawCli([...args, '-i', inventory()], { stateDir: lab.stateDir });
const hostPath = (host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);
const calls = () => (existsSync(join(lab.dir, 'calls.log')) ? readFileSync(join(lab.dir, 'calls.log'), 'utf8').split('\n').filter(Boolean) : []);
const kubectl = (args: string[]) => execaSync(join(lab.dir, 'bin/kubectl'), args, { reject: false });
const sshdLogs = () => [...CP, ...WORKERS].map((h) => readFileSync(hostPath(h, 'run-lab/sshd.log'), 'utf8'));

// NAME → [STATUS, VERSION] from `kubectl get nodes`.
function nodes(): Record<string, [string, string]> {
  const out = String(kubectl(['get', 'nodes', '--no-headers']).stdout);
  return Object.fromEntries(out.trim().split('\n').map((l) => l.trim().split(/\s+/)).map((c) => [c[0], [c[1], c[4]]]));
}
// Tool calls that change something, from calls.log line `start` on.
const MUTATING = /^(\S+) (apt-get install|apt-mark (un)?hold|kubeadm upgrade (apply|node)|systemctl (restart|stop|start|daemon-reload|reboot)|kubectl .*\b(drain|cordon|uncordon)\b)/;
const mutatingSince = (start: number) => calls().slice(start).filter((l) => MUTATING.test(l));

beforeAll(async () => {
  lab.root = mkdtempSync(join(tmpdir(), 'opsctl-kubeadm-upgrade-'));
  lab.dir = join(lab.root, 'lab');
  lab.stateDir = join(lab.root, 'state');
  const up = await labCli(lab, ['up', '--flavor', 'kubeadm', '--masters', '3', '--workers', '3']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (lab.root) rmSync(lab.root, { recursive: true, force: true });
});

describe('kubeadm lab: node maintenance, refusals, the upgrade', () => {
  it('dry-runs of the upgrade and of a maintenance connect to nothing and change nothing', async () => {
    const before = { logs: sshdLogs(), calls: calls().length };
    const [up, maintain] = await Promise.all([
      opsctl(['upgrade', 'kubeadm', '--to', 'v1.30.1', '--from', 'v1.28.2', '--dry-run']),
      opsctl(['node', 'maintain', 'node-1', '--reboot', '--dry-run', '-o', 'json']),
    ]);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/read-only +local +version-skew +versions on master-0, version skew of every hop/);
    expect(up.stdout).toContain('path=["v1.29.x","v1.30.1"]');
    expect(up.stdout).toContain('sudo: kubeadm upgrade apply --yes <captures.hopVersion>');
    expect(jsonLines(maintain.stdout).at(-1)).toMatchObject({ type: 'run.end', status: 'planned' });
    expect(sshdLogs()).toEqual(before.logs);
    expect(calls()).toHaveLength(before.calls);
    expect(existsSync(join(lab.stateDir, 'runs'))).toBe(false);
  }, 60_000);

  it('maintains node-1 with a command and a reboot: drained, rebooted for real, Ready, uncordoned', async () => {
    const bootId = readFileSync(hostPath('node-1', 'run-lab/boot_id'), 'utf8');
    const sshdPid = labJson(lab).hosts.find((h) => h.name === 'node-1')!.sshd.pid;
    const start = calls().length;
    const r = await opsctl(['node', 'maintain', 'node-1', '--reboot', '--run', 'date > /etc/kubernetes/patched-at', '-o', 'json']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const ends = new Map(jsonLines(r.stdout).filter((e) => e.type === 'step.end').map((e) => [e.stepId, e]));
    for (const id of ['drain-check', 'drain', 'maintenance-command', 'reboot', 'back-from-reboot', 'node-ready', 'uncordon']) expect(ends.get(id)?.status, id).not.toBe('failed');
    expect(readFileSync(hostPath('node-1', 'etc/kubernetes/patched-at'), 'utf8')).toMatch(/\d{4}/);
    // A real restart: a new boot id, a new sshd (recorded for lab status/down), the same host key.
    expect(readFileSync(hostPath('node-1', 'run-lab/boot_id'), 'utf8')).not.toBe(bootId);
    expect(labJson(lab).hosts.find((h) => h.name === 'node-1')!.sshd.pid).not.toBe(sshdPid);
    expect(readFileSync(hostPath('node-1', 'run-lab/boot.log'), 'utf8')).toMatch(/sshd listening again[\s\S]*reboot: up/);
    expect((await ssh(lab, 'node-1', 'hostname')).stdout.trim()).toBe('node-1');
    expect(mutatingSince(start)).toEqual([
      'master-0 kubectl --kubeconfig /etc/kubernetes/admin.conf drain node-1 --ignore-daemonsets --delete-emptydir-data --timeout=5m',
      'node-1 systemctl reboot',
      'master-0 kubectl --kubeconfig /etc/kubernetes/admin.conf uncordon node-1',
    ]);
    expect(nodes()['node-1']).toEqual(['Ready', 'v1.28.2']);
    expect((await labCli(lab, ['status'])).exitCode).toBe(0);
  }, 120_000);

  it('a maintenance that fails leaves the node cordoned and says how to uncordon it; resume continues it', async () => {
    const r = await opsctl(['node', 'maintain', 'node-0', '--run', 'test -e /etc/kubernetes/maintenance-ok']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(1);
    const runId = /opsctl resume (\S+)/.exec(r.stdout + r.stderr)![1];
    expect(r.stderr).toContain(`warning: node-0 is left cordoned (drained by this run, which stopped before uncordoning it). Once it is healthy: kubectl --kubeconfig /etc/kubernetes/admin.conf uncordon node-0   (on master-0) — or continue the run: opsctl resume ${runId}`);
    expect(nodes()['node-0'][0]).toBe('Ready,SchedulingDisabled');
    writeFileSync(hostPath('node-0', 'etc/kubernetes/maintenance-ok'), '');
    const resumed = await rawCli(['resume', runId], { stateDir: lab.stateDir });
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toMatch(/\[skipped\] master-0 +drain +completed in an earlier attempt/);
    expect(resumed.stderr).not.toContain('left cordoned');
    expect(nodes()['node-0'][0]).toBe('Ready');
  }, 90_000);

  it('refuses a drain against a PodDisruptionBudget, and the last Ready control-plane node (exit 3, nothing cordoned)', async () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: default }\nspec: { minAvailable: "100%", selector: { matchLabels: { app: web } } }\n';
    execaSync(join(lab.dir, 'bin/kubectl'), ['apply', '-f', '-'], { input: pdb });
    const webNode = String(kubectl(['get', 'pods', '-n', 'default', '-l', 'app=web', '-o', 'jsonpath={.items[0].spec.nodeName}']).stdout);
    const start = calls().length;
    try {
      const r = await opsctl(['node', 'drain', webNode]);
      expect(r.exitCode, r.stderr + r.stdout).toBe(3);
      expect(r.stdout).toMatch(/PodDisruptionBudget default\/web allows no disruption now \(minAvailable 100%, 3 healthy of 3, 3 required\) and \S+ runs default\/web-\S+: the drain could not evict them/);
    } finally {
      kubectl(['delete', 'pdb', 'web', '-n', 'default']);
    }
    for (const h of ['master-1', 'master-2']) expect((await ssh(lab, h, 'systemctl stop kubelet')).exitCode).toBe(0);
    try {
      expect(nodes()['master-1'][0]).toBe('NotReady');
      const r = await opsctl(['node', 'drain', 'master-0']);
      expect(r.exitCode, r.stderr + r.stdout).toBe(3);
      expect(r.stdout).toContain('master-0 is the last Ready control-plane node: draining it would leave no Ready control plane to schedule onto');
    } finally {
      for (const h of ['master-1', 'master-2']) await ssh(lab, h, 'systemctl start kubelet');
    }
    expect(mutatingSince(start).filter((l) => !/systemctl (stop|start) kubelet$/.test(l))).toEqual([]);
    expect(Object.values(nodes()).map(([s]) => s)).toEqual(Array(6).fill('Ready'));
  }, 90_000);

  it('refuses a batch larger than --max-unavailable and a kubelet three minors behind: exit 3, nothing changed', async () => {
    const start = calls().length;
    const batch = await opsctl(['upgrade', 'kubeadm', '--to', 'v1.29.3', '--serial', '2']);
    expect(batch.exitCode, batch.stderr + batch.stdout).toBe(3);
    expect(batch.stdout).toContain('--serial 2 would drain 2 workers at once, more than --max-unavailable 1 allows');

    // node-2's kubelet goes back to 1.25 (three minors behind 1.28: allowed now, four after the hop to 1.29).
    const repo = hostPath('node-2', 'etc/apt/sources.list.d/kubernetes.list');
    const original = readFileSync(repo, 'utf8');
    writeFileSync(repo, original.replace('/v1.28/', '/v1.25/'));
    const old = await ssh(lab, 'node-2', 'apt-get install -y --allow-downgrades --allow-change-held-packages kubelet=1.25.16-1.1 && systemctl restart kubelet');
    writeFileSync(repo, original);
    expect(old.exitCode, old.stderr).toBe(0);
    expect(nodes()['node-2']).toEqual(['Ready', 'v1.25.16']);
    const mark = calls().length;
    try {
      const skew = await opsctl(['upgrade', 'kubeadm', '--to', 'v1.29.3']);
      expect(skew.exitCode, skew.stderr + skew.stdout).toBe(3);
      expect(skew.stdout).toMatch(/kubelet +v1\.25\.16 +node-2\n/);
      expect(skew.stdout).toContain('hop to v1.29: kubelet v1.25.16 on node-2: would be 4 minors behind kube-apiserver v1.29 (at most 3 from 1.28 on); upgrade this node first');
      expect(mutatingSince(mark)).toEqual([]);
      expect(readdirSync(hostPath('master-0', 'var/lib/etcd')).filter((f) => f.startsWith('snapshot-'))).toEqual([]);
    } finally {
      await ssh(lab, 'node-2', 'apt-get install -y --allow-change-held-packages kubelet=1.28.2-1.1 && systemctl restart kubelet');
    }
    expect(mutatingSince(start).filter((l) => !l.startsWith('node-2 '))).toEqual([]);
    expect(nodes()['node-2']).toEqual(['Ready', 'v1.28.2']);
  }, 120_000);

  it('upgrades 3 control-plane nodes and 3 workers v1.28.2 → v1.30.1; killed while node-1 is drained, resume finishes without redoing anything', async () => {
    const start = calls().length;
    // node-1's repository file becomes a FIFO: its first upgrade step after the drain blocks
    // reading it, with node-1 drained, and the run is killed right there.
    const repo = hostPath('node-1', 'etc/apt/sources.list.d/kubernetes.list');
    const original = readFileSync(repo, 'utf8');
    rmSync(repo);
    execaSync('mkfifo', [repo]);
    const t0 = Date.now();
    let runId = '';
    let killedAfterMs = 0;
    try {
      const child = startCli(['upgrade', 'kubeadm', '--to', 'v1.30.1', '-i', inventory(), '-o', 'json'], { stateDir: lab.stateDir });
      const runsDir = join(lab.stateDir, 'runs');
      const earlier = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
      await waitFor(() => {
        runId = (existsSync(runsDir) ? readdirSync(runsDir) : []).find((d) => !earlier.has(d)) ?? '';
        try {
          return runId !== '' && startedSteps(lab.stateDir, runId).includes('hops[v1.29.x]/workers[node-1]/worker-repository@node-1');
        } catch {
          return false;
        }
      }, 360_000);
      expect(nodes()['node-1'][0]).toBe('Ready,SchedulingDisabled');
      child.kill('SIGKILL');
      await child;
      killedAfterMs = Date.now() - t0;
    } finally {
      // The step outlives opsctl on its host (its outcome is read back on resume), so it must go on
      // for real: the original file goes back in place first, then the blocked reader gets its content
      // through the FIFO (kept reachable by a second link) and the step edits the real file.
      const fifo = join(dirname(dirname(repo)), 'kubernetes.list.fifo');
      linkSync(repo, fifo);
      writeFileSync(`${repo}.new`, original);
      renameSync(`${repo}.new`, repo);
      try {
        const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, original);
        closeSync(fd);
      } catch {
        // nobody reads it any more
      }
      rmSync(fifo, { force: true });
    }
    const before = startedSteps(lab.stateDir, runId);
    const t1 = Date.now();
    const resumed = await rawCli(['resume', runId, '-o', 'json'], { stateDir: lab.stateDir });
    const resumeMs = Date.now() - t1;
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    console.log(`kubeadm upgrade on the lab (3+3 nodes, 2 hops): killed after ${(killedAfterMs / 1000).toFixed(1)} s, resume ${(resumeMs / 1000).toFixed(1)} s`);

    // Resume ran nothing of the control plane's first hop or of node-0's, and began with node-1.
    const events = jsonLines(resumed.stdout);
    const restarted = events.filter((e) => e.type === 'step.start').map((e) => String(e.key));
    expect(restarted.filter((k) => /^(hops\[v1\.29\.x\]\/control-plane|hops\[v1\.29\.x\]\/workers\[node-0\])/.test(k) || !k.startsWith('hops['))).toEqual(['all-at-target@local']);
    // The step killed under opsctl finished on node-1 by itself: its outcome is read back, not re-run.
    expect(events.find((e) => e.type === 'step.end' && e.key === 'hops[v1.29.x]/workers[node-1]/worker-repository@node-1')).toMatchObject({ status: 'changed', reason: expect.stringMatching(/read back from its record/) });
    expect(restarted[0]).toBe('hops[v1.29.x]/workers[node-1]/worker-kubeadm-package@node-1');
    const skipped = events.filter((e) => e.type === 'step.end' && e.reason === 'completed in an earlier attempt').map((e) => String(e.key));
    expect(skipped).toContain('hops[v1.29.x]/control-plane[master-0]/upgrade-apply@master-0');
    expect(skipped).toContain('hops[v1.29.x]/workers[node-1]/worker-drain@master-0');
    for (const k of restarted) expect(before.filter((b) => b === k && !k.endsWith('worker-repository@node-1'))).toEqual([]);

    // What ran where, in order (calls.log): per hop every control-plane node before any worker,
    // never two workers drained at once, the package and kubeadm calls of every node.
    const log = calls().slice(start);
    const hop1 = log.find((l) => /^master-0 apt-get install -y kubeadm=1\.29\.\d+-\*$/.test(l))!.split('=')[1].replace('-*', '');
    expect(hop1).toBe('1.29.15');
    let drained = new Set<string>();
    for (const l of log) {
      const m = / kubectl .* (drain|uncordon) (\S+)/.exec(l);
      if (!m) continue;
      drained = new Set(drained);
      if (m[1] === 'drain') drained.add(m[2]);
      else drained.delete(m[2]);
      expect([...drained].filter((n) => WORKERS.includes(n)).length, l).toBeLessThanOrEqual(1);
      expect(drained.size, l).toBeLessThanOrEqual(1);
    }
    for (const v of [hop1, '1.30.1']) {
      const idx = (re: RegExp) => log.findIndex((l) => re.test(l));
      const lastCp = Math.max(...CP.map((h) => log.findLastIndex((l) => l.startsWith(`${h} apt-get install -y kubelet=${v}-* kubectl=${v}-*`))));
      const firstWorker = Math.min(...WORKERS.map((h) => idx(new RegExp(`^${h} apt-get install -y kubeadm=${v.replace(/\./g, '\\.')}-\\*$`))));
      expect(lastCp).toBeGreaterThan(-1);
      expect(lastCp).toBeLessThan(firstWorker);
      for (const h of [...CP, ...WORKERS]) {
        const mine = log.filter((l) => l.startsWith(`${h} `) && !/ kubectl /.test(l) && !/apt-get update|apt-cache|kubeadm version|kubeadm upgrade plan|etcdutl/.test(l)).map((l) => l.slice(h.length + 1));
        const seq = [`apt-mark unhold kubeadm`, `apt-get install -y kubeadm=${v}-*`, `apt-mark hold kubeadm`, h === 'master-0' ? `kubeadm upgrade apply --yes v${v}` : 'kubeadm upgrade node', 'apt-mark unhold kubelet kubectl', `apt-get install -y kubelet=${v}-* kubectl=${v}-*`, 'apt-mark hold kubelet kubectl', 'systemctl daemon-reload', 'systemctl restart kubelet'];
        const at = mine.indexOf(seq[1]);
        expect(mine.slice(at - 1, at - 1 + seq.length), `${h} ${v}`).toEqual(seq);
      }
    }
    expect(log.filter((l) => l.includes('kubeadm upgrade apply'))).toEqual(['master-0 kubeadm upgrade apply --yes v1.29.15', 'master-0 kubeadm upgrade apply --yes v1.30.1']);

    // Backed up first, read with etcdutl (a kubeadm control-plane node is the etcd ≥ 3.5 kind), fetched.
    const firstApply = log.findIndex((l) => l.includes('kubeadm upgrade apply'));
    expect(log.findIndex((l) => /^master-0 etcdutl -w json snapshot status \/var\/lib\/etcd\/snapshot-master-0-/.test(l))).toBeLessThan(firstApply);
    const fetched = readdirSync(join(lab.stateDir, 'backups')).filter((f) => f.startsWith('snapshot-master-0-'));
    expect(fetched).toHaveLength(1);

    // Every node Ready at the target, uncordoned; the before/after table printed.
    expect(nodes()).toEqual(Object.fromEntries([...CP, ...WORKERS].map((n) => [n, ['Ready', 'v1.30.1']])));
    expect(resumed.stderr).toMatch(/upgrade path: v1\.28\.2 → v1\.29\.x → v1\.30\.1/);
    expect(resumed.stderr).toMatch(/node-2 +v1\.28\.2 +v1\.30\.1/);
    const images = String(kubectl(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '-o', 'jsonpath={.items[*].spec.containers[0].image}']).stdout);
    expect(images.split(' ').filter((i) => /kube-(apiserver|controller-manager|scheduler):/.test(i)).every((i) => i.endsWith(':v1.30.1'))).toBe(true);
    expect((await ssh(lab, 'node-1', 'cat /etc/apt/sources.list.d/kubernetes.list')).stdout).toContain('/core:/stable:/v1.30/deb/');
  }, 600_000);

  it('etcdutl stand-in: etcdutl status/restore formats over the etcd 3.4 code, and what 3.4 cannot do refused', async () => {
    const snap = readdirSync(hostPath('master-0', 'var/lib/etcd')).find((f) => f.startsWith('snapshot-master-0-'))!;
    const f = `/var/lib/etcd/${snap}`;
    const st = await ssh(lab, 'master-0', `etcdutl -w json snapshot status ${f} && etcdutl snapshot status ${f} && ETCDCTL_API=3 etcdctl -w json snapshot status ${f}`);
    expect(st.exitCode, st.stderr).toBe(0);
    const [utl, simple, ctl] = st.stdout.trim().split('\n');
    const a = JSON.parse(utl);
    expect(a).toEqual({ ...JSON.parse(ctl), version: '' });
    expect(simple).toBe(`${a.hash.toString(16)}, ${a.revision}, ${a.totalKey}, ${simple.split(', ')[3]}, `);
    const restore = await ssh(lab, 'master-0', `etcdutl snapshot restore ${f} --data-dir /var/lib/etcd/utl-restore --name x --initial-cluster x=https://127.0.0.1:2390 --initial-advertise-peer-urls https://127.0.0.1:2390 && etcdutl -w json snapshot status /var/lib/etcd/utl-restore/member/snap/db`);
    expect(restore.exitCode, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout.trim().split('\n').at(-1)!).totalKey).toBe(a.totalKey);
    const bump = await ssh(lab, 'master-0', `etcdutl snapshot restore ${f} --data-dir /var/lib/etcd/utl-bump --bump-revision 100 --mark-compacted`);
    expect(bump.exitCode).toBe(4);
    expect(bump.stderr).toContain('not served by the opsctl lab stand-in, whose data path is etcd 3.4');
    expect((await ssh(lab, 'node-0', 'command -v etcdutl || echo none')).stdout.trim()).toBe('none');
  }, 60_000);
});
