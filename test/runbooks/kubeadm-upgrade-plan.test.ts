// `opsctl upgrade kubeadm --dry-run` and `opsctl node ... --dry-run` through the built CLI, with no
// cluster: the path, the asserts, every command per node in the order the upgrade runs them, the
// rolling batches, the package manager's commands, and the refusals a plan can already make.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, jsonLines, ROOT, tempDir } from '../e2e/cli.js';

const INVENTORY = join(ROOT, 'fixtures/inventories/kubeadm-upgrade.ini');
type Ev = Record<string, unknown>;

async function plan(args: string[]) {
  const r = await cli([...args, '-i', INVENTORY, '--dry-run', '-o', 'json'], { stateDir: tempDir() });
  const events = r.exitCode === 0 ? jsonLines(r.stdout) : [];
  const steps = events.filter((e) => e.type === 'plan.step');
  return { ...r, events, steps, run: steps.filter((s) => s.kind !== 'skip') };
}
const upgrade = (...extra: string[]) => plan(['upgrade', 'kubeadm', '--to', 'v1.30.1', '--from', 'v1.28.2', ...extra]);
const at = (steps: Ev[], id: string, host?: string, group?: RegExp) => steps.filter((s) => s.stepId === id && (!host || s.host === host) && (!group || group.test(String(s.group ?? ''))));

describe('opsctl upgrade kubeadm --dry-run', () => {
  it('plans the path one minor at a time, the skew asserts first, the etcd snapshot before the first hop', async () => {
    const r = await upgrade();
    expect(r.exitCode, r.stderr).toBe(0);
    const start = r.events.find((e) => e.type === 'run.start') as { params: Record<string, unknown> };
    expect(start.params).toMatchObject({ from: 'v1.28.2', to: 'v1.30.1', path: ['v1.29.x', 'v1.30.1'], controlPlane: ['cp-1', 'cp-2', 'cp-3'], workers: ['worker-1', 'worker-2', 'worker-3'] });
    expect(r.run.slice(0, 2).map((s) => [s.stepId, s.kind, s.host])).toEqual([['batch-within-max-unavailable', 'assert', 'local'], ['version-skew', 'assert', 'local']]);
    const skew = r.run[1];
    expect(skew.name).toContain('v1.28.2 → v1.29.x → v1.30.1');
    expect(skew.command).toBe(`opsctl upgrade check --stage preflight -i ${INVENTORY} --via cp-1 --kubeconfig /etc/kubernetes/admin.conf --from v1.28.2 --to v1.30.1 --path v1.29.x,v1.30.1 --nodes cp-1,cp-2,cp-3,worker-1,worker-2,worker-3`);
    // etcd first: the existing etcd-snapshot in kubeadm mode on cp-1, fetched and checked, before any hop step.
    const snap = r.run.filter((s) => (s.phase as string[]).includes('etcd-snapshot'));
    expect(snap.map((s) => s.stepId)).toEqual(['snapshot-preflight', 'snapshot-save', 'snapshot-status', 'fetch-snapshot', 'fetch-snapshot-matches']);
    expect(snap.every((s) => s.host === 'cp-1')).toBe(true);
    expect(snap[0].command).toContain('mode=kubeadm;');
    const firstHop = r.run.findIndex((s) => String(s.group ?? '').startsWith('hops['));
    expect(r.run.findIndex((s) => s.stepId === 'fetch-snapshot-matches')).toBeLessThan(firstHop);
    // The live re-check runs before every hop but the first (the preflight covered it).
    expect(at(r.steps, 'hop-skew').map((s) => [s.group, s.kind])).toEqual([['hops[v1.29.x]', 'skip'], ['hops[v1.30.1]', 'run']]);
    expect(at(r.steps, 'hop-skew')[1].command).toContain('--stage hop');
  });

  it('per hop: control plane one at a time (apply on the first, node on the others), then every worker', async () => {
    const r = await upgrade();
    for (const hop of ['v1.29.x', 'v1.30.1']) {
      const inHop = r.run.filter((s) => String(s.group ?? '').startsWith(`hops[${hop}]/`));
      const order = inHop.map((s) => `${s.stepId}@${s.host}`);
      const cp1 = inHop.filter((s) => s.group === `hops[${hop}]/control-plane[cp-1]`).map((s) => s.stepId);
      expect(cp1).toEqual(['cp-repository', 'cp-hop-version', 'cp-kubeadm-package', 'upgrade-plan', 'upgrade-apply', 'cp-drain', 'cp-kubelet-package', 'cp-restart-kubelet', 'cp-uncordon', 'cp-ready']);
      const cp2 = inHop.filter((s) => s.group === `hops[${hop}]/control-plane[cp-2]`).map((s) => s.stepId);
      expect(cp2).toEqual(['cp-repository', 'cp-kubeadm-package', 'upgrade-node', 'cp-drain', 'cp-kubelet-package', 'cp-restart-kubelet', 'cp-uncordon', 'cp-ready']);
      for (const w of ['worker-1', 'worker-2', 'worker-3']) {
        const branch = inHop.filter((s) => s.group === `hops[${hop}]/workers[${w}]`);
        expect(branch.map((s) => `${s.stepId}@${s.host}`)).toEqual([
          'worker-drain-check@local', 'worker-drain@cp-1', `worker-repository@${w}`, `worker-kubeadm-package@${w}`, `worker-upgrade-node@${w}`,
          `worker-kubelet-package@${w}`, `worker-restart-kubelet@${w}`, 'worker-uncordon@cp-1', 'worker-ready@cp-1',
        ]);
        expect(branch[1].command).toBe(`sudo: kubectl --kubeconfig /etc/kubernetes/admin.conf drain ${w} --ignore-daemonsets --delete-emptydir-data --timeout=5m`);
        expect(branch[0].command).toContain(`--node ${w} --max-unavailable 1 --pool worker-1,worker-2,worker-3`);
      }
      // Every control-plane step before any worker step.
      const lastCp = Math.max(...order.map((o, i) => (inHop[i].group as string).includes('/control-plane[') ? i : -1));
      const firstWorker = order.findIndex((_, i) => (inHop[i].group as string).includes('/workers['));
      expect(lastCp).toBeLessThan(firstWorker);
    }
    expect(at(r.run, 'upgrade-apply').map((s) => [s.host, s.command])).toEqual([
      ['cp-1', 'sudo: kubeadm upgrade apply --yes <captures.hopVersion>'],
      ['cp-1', 'sudo: kubeadm upgrade apply --yes <captures.hopVersion>'],
    ]);
    expect(at(r.steps, 'upgrade-apply', 'cp-2')[0]).toMatchObject({ kind: 'skip' });
    const pkg = at(r.run, 'cp-kubeadm-package', 'cp-2')[0].command as string;
    expect(pkg).toContain('apt-mark unhold kubeadm && apt-get update -q && apt-get install -y "kubeadm=$v-*" && apt-mark hold kubeadm');
    expect(at(r.run, 'cp-kubelet-package', 'cp-3')[0].command).toContain('apt-mark unhold kubelet kubectl && apt-get install -y "kubelet=$v-*" "kubectl=$v-*" && apt-mark hold kubelet kubectl');
    expect(at(r.run, 'cp-restart-kubelet', 'cp-3')[0].command).toBe('sudo: systemctl daemon-reload && systemctl restart kubelet');
    expect(at(r.run, 'worker-ready', 'cp-1')[0]).toMatchObject({ kind: 'wait', rule: 'every 2s until exitCode == 0 (give up after 600s)' });
    expect(r.run.at(-1)).toMatchObject({ stepId: 'all-at-target', host: 'local' });
    expect(r.run.at(-1)!.command).toContain('--stage verify');
  });

  it('rolls workers in batches of --serial, installs with yum when told', async () => {
    const r = await upgrade('--serial', '2', '--max-unavailable', '2', '--package-manager', 'yum');
    expect(r.exitCode, r.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(String((r.events.at(-1) as { message: string }).message).replace(/^plan saved to /, '')), 'utf8'));
    const hops = saved.nodes.find((n: { key: string }) => n.key === 'hops');
    const workers = hops.branches[0].find((n: { key: string }) => n.key === 'hops[v1.29.x]/workers');
    expect(workers).toMatchObject({ type: 'group', mode: 'rolling', limit: 2, labels: ['worker-1', 'worker-2', 'worker-3'] });
    expect(hops).toMatchObject({ type: 'group', mode: 'rolling', limit: 1 });
    expect(at(r.run, 'worker-kubeadm-package', 'worker-1')[0].command).toContain('*) yum install -y "kubeadm-$v-*" --disableexcludes=kubernetes ;;');
    expect(r.run[0].command).toBe('test 2 -le 2');
  });

  it('refuses what it can before connecting: no --from, a downgrade, no control plane in the inventory', async () => {
    const noFrom = await cli(['upgrade', 'kubeadm', '--to', 'v1.30.1', '--dry-run', '-i', INVENTORY], { stateDir: tempDir() });
    expect(noFrom.exitCode).toBe(2);
    expect(noFrom.stderr).toMatch(/a dry-run connects to nothing, so it cannot read the version the cluster runs: give it with --from/);
    const down = await cli(['upgrade', 'kubeadm', '--to', 'v1.27.9', '--from', 'v1.28.2', '--dry-run', '-i', INVENTORY], { stateDir: tempDir() });
    expect(down.exitCode).toBe(3);
    expect(down.stderr).toMatch(/v1\.27\.9 is older than the cluster's v1\.28\.2: kubeadm does not downgrade/);
    const badTo = await cli(['upgrade', 'kubeadm', '--to', 'v1.30', '--from', 'v1.28.2', '--dry-run', '-i', INVENTORY], { stateDir: tempDir() });
    expect(badTo.exitCode).toBe(2);
    expect(badTo.stderr).toMatch(/--to v1\.30: expected a version like v1\.30\.1/);
    const onlyWorkers = join(tempDir(), 'hosts.ini');
    writeFileSync(onlyWorkers, '[workers]\nw-1\nw-2\n');
    const noCp = await cli(['upgrade', 'kubeadm', '--to', 'v1.30.1', '--from', 'v1.28.2', '--dry-run', '-i', onlyWorkers], { stateDir: tempDir() });
    expect(noCp.exitCode).toBe(2);
    expect(noCp.stderr).toMatch(/no control-plane nodes: .*hosts\.ini has none of the groups kube_control_plane, control_plane, masters/);
    expect(noCp.stderr).toMatch(/--control-plane a,b,c/);
    const same = await upgrade('--to', 'v1.28.2');
    expect(same.exitCode).toBe(0);
    expect(same.steps.filter((s) => s.kind === 'skip').map((s) => s.stepId)).toEqual(['etcd-snapshot', 'hops', 'all-at-target']);
  });
});

describe('opsctl node --dry-run', () => {
  it('maintain with --reboot and --run: drain check, drain, command, reboot, back from the new boot, Ready, uncordon', async () => {
    const r = await plan(['node', 'maintain', 'worker-2', '--reboot', '--run', 'apt-get -y upgrade']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.run.map((s) => `${s.stepId}@${s.host}`)).toEqual(['drain-check@local', 'drain@cp-1', 'maintenance-command@worker-2', 'boot-id@worker-2', 'reboot@worker-2', 'back-from-reboot@worker-2', 'node-ready@cp-1', 'uncordon@cp-1']);
    expect(r.run[2].command).toBe('sudo: apt-get -y upgrade');
    expect(r.run[5].command).toContain('[ "$b" != <captures.bootId> ]');
    expect(r.run[0].command).toContain('--node worker-2 --control-plane cp-1,cp-2,cp-3');
  });

  it('drain / cordon / uncordon each plan their one kubectl call; kubectl runs on another control-plane node than the one drained', async () => {
    const drain = await plan(['node', 'drain', 'cp-1']);
    expect(drain.run.map((s) => `${s.stepId}@${s.host}`)).toEqual(['drain-check@local', 'drain@cp-2']);
    const cordon = await plan(['node', 'cordon', 'worker-1']);
    expect(cordon.run.map((s) => [s.stepId, s.host, s.command])).toEqual([['cordon', 'cp-1', 'sudo: kubectl --kubeconfig /etc/kubernetes/admin.conf cordon worker-1']]);
    const uncordon = await plan(['node', 'uncordon', 'worker-1', '--via', 'cp-3']);
    expect(uncordon.run.map((s) => [s.stepId, s.host])).toEqual([['uncordon-only', 'cp-3']]);
  });
});
