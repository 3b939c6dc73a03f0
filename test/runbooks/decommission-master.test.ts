// `opsctl decommission master` end to end against one lab of 4 masters (real sshd, etcd, haproxy
// -c; simulated oc): the dry-run — one readable plan that touches nothing (host trees hashed, no
// sshd connection); --check with the real haproxy diff; the first master decommissioned for real
// (CA files handed over, haproxy, static pods, node, etcd member, inventory, API endpoints); the
// guards — an even etcd count without a plan, a skipped backup without a reason, fewer than 3
// masters — each exit 3 with nothing changed; master-2 decommissioned with a stated plan.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from '../e2e/cli.js';
import { address, clientUrl, hashLab, haproxyValid, hostFile, hostPath, inventoryGroups, inventoryOf, memberNames, opsctl, sshdLogs, startLab, stopLab, type TopologyLab } from './topology-helpers.js';

let lab: TopologyLab;

beforeAll(async () => {
  lab = await startLab(4);
}, 90_000);
afterAll(async () => {
  await stopLab(lab);
});

const oc = async (args: string[]) => (await execa(join(lab.dir, 'bin/oc'), args, { reject: false, stdin: 'ignore' })).stdout;
const apiEndpoints = async () => /^Endpoints:\s+(\S+)/m.exec(await oc(['describe', 'svc', 'kubernetes', '-n', 'default']))?.[1].split(',') ?? [];
const haproxy = () => hostFile(lab, 'lb-0', '/etc/haproxy/haproxy.cfg');
const inventory = () => readFileSync(inventoryOf(lab), 'utf8');
const pods = (host: string) => readdirSync(hostPath(lab, host, '/etc/origin/node/pods')).sort();
const disabled = (host: string) => readdirSync(hostPath(lab, host, '/etc/origin/node/pods/disabled')).sort();

describe('decommission master against the lab', () => {
  it('dry-run: one readable plan with the commands, edit rules, inventory diff, gates and quorum arithmetic; nothing touched', async () => {
    const before = { tree: hashLab(lab), logs: sshdLogs(lab) };
    const ip = address(lab, 'master-2');
    const [text, json] = await Promise.all([
      opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--dry-run', '--show-commands']),
      opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--dry-run', '-o', 'json']),
    ]);
    expect(text.exitCode, text.stderr).toBe(0);
    const plan = text.stdout;
    expect(plan).toContain(`hostIp         ${ip}`);
    expect(plan).toContain('etcd quorum guard (inventory [etcd]: 4 → 3 (master-0, master-1, master-3): quorum ⌊3/2⌋+1 = 2, tolerates 1 failure; odd, fine)');
    expect(plan).toMatch(/at least 3 masters Ready before\)\s+assert @ master-0/);
    expect(plan).toContain('── phase: master-backup (included from master-decommission)');
    // The included backup follows the decommission's stop-all, not its own continue-others.
    expect(plan).toContain('on host failure: stop-all (runbook master-decommission)');
    expect(plan).not.toContain('continue-others');
    expect(plan).toMatch(/skip ca-to-other-masters @ local: not the first master: only it holds ca\.serial\.txt/);
    expect(plan).toContain(`rule: remove haproxy server ${ip} from every backend`);
    expect(plan).toContain('rule: remove haproxy server master-2 from every backend');
    expect(plan).toMatch(/haproxy-validate .*run @ lb-0\n\s+haproxy -c -f \/etc\/haproxy\/haproxy.cfg/);
    expect(plan).toMatch(/undo: cp -p \/etc\/haproxy\/haproxy.cfg.opsctl-\S+\.orig \/etc\/haproxy\/haproxy.cfg && systemctl restart haproxy/);
    expect(plan).toMatch(/mv -f "\$p\/\$f" "\$p\/disabled\/\$f"/);
    expect(plan).toContain('⚠ CONFIRM: Drain node master-2 and delete it from the cluster?');
    expect(plan).toContain('oc adm drain master-2 --ignore-daemonsets --delete-local-data --force --timeout=300s');
    expect(plan).toContain('── phase: etcd-member-remove (included from master-decommission)');
    // The inventory is on this machine: the plan carries its real diff.
    expect(plan).toContain('rule: remove host master-2 from [masters], [nodes], [etcd]; keep a backup');
    expect(plan.match(/^\s+-master-2 ansible_host=/gm)).toHaveLength(3);
    expect(plan).toMatch(/grep -qxF -- 127\.0\.\d+\.12/);
    expect(plan).toMatch(/steps on 6 hosts, \d+ mutating, 2 gates/);
    expect(plan).toContain('dry run — nothing was executed');
    const events = jsonLines(json.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'planned' });
    const inv = events.find((e) => e.type === 'plan.step' && e.stepId === 'inventory');
    expect(String(inv?.diff)).toContain('-master-2 ansible_host=');
    expect(events.some((e) => e.type === 'plan.step' && e.kind === 'confirm')).toBe(true);
    // Nothing changed, nothing connected, nothing journaled.
    expect(hashLab(lab)).toBe(before.tree);
    expect(sshdLogs(lab)).toEqual(before.logs);
    expect(existsSync(join(lab.stateDir, 'runs'))).toBe(false);
  }, 180_000);

  it('--check runs the preconditions for real and shows the real haproxy diff, changing nothing', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--check']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ +-\\s+server +master2 ${address(lab, 'master-2').replace(/\./g, '\\.')}:8443 check$`, 'm'));
    expect(r.stdout).toMatch(/^ +- +server master-2 \S+:8443 check$/m);
    expect(r.stdout).toMatch(/\[ok\] +master-0 +masters-healthy/);
    expect(r.stdout).toMatch(/\[ok\] +local +etcd-quorum/);
    expect(r.stdout).toMatch(/\[skipped\] +master-0 +drain +check: would run/);
    expect(hashLab(lab)).toBe(before);
  }, 180_000);

  it('refuses --skip-backup without --reason (exit 3, nothing changed)', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--skip-backup', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout + r.stderr).toContain('--skip-backup needs --reason TEXT');
    expect(hashLab(lab)).toBe(before);
  }, 180_000);

  it('decommissions master-0, the first master: CA files to the others, haproxy, static pods, node, etcd member, inventory, endpoints', async () => {
    const ip = address(lab, 'master-0');
    const cfgBefore = haproxy();
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-0', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/master-0 +backup archive +\/backup\/master-0-\d{8}\.tar\.gz/);
    // 1. the first master's CA bookkeeping now lives on every master that stays.
    for (const h of ['master-1', 'master-2', 'master-3']) {
      expect(hostFile(lab, h, '/etc/origin/master/ca.serial.txt')).toBe(hostFile(lab, 'master-0', '/etc/origin/master/ca.serial.txt'));
      expect(hostFile(lab, h, '/etc/etcd/ca/ca.key')).toBe(hostFile(lab, 'master-0', '/etc/etcd/ca/ca.key'));
      expect(readdirSync(hostPath(lab, h, '/etc/etcd/generated_certs')).sort()).toEqual(readdirSync(hostPath(lab, 'master-0', '/etc/etcd/generated_certs')).sort());
    }
    // 2. haproxy: valid, without master-0, the original kept.
    expect(await haproxyValid(lab, 'lb-0')).toMatchObject({ ok: true });
    expect(haproxy()).not.toContain(`${ip}:`);
    expect(haproxy()).toMatch(/server +master1 /);
    const kept = readdirSync(hostPath(lab, 'lb-0', '/etc/haproxy')).filter((f) => f.endsWith('.orig'));
    expect(kept).toHaveLength(1);
    expect(hostFile(lab, 'lb-0', `/etc/haproxy/${kept[0]}`)).toBe(cfgBefore);
    // 3. static pods.
    expect(pods('master-0')).toEqual(['disabled']);
    expect(disabled('master-0')).toEqual(['apiserver.yaml', 'controller.yaml', 'etcd.yaml']);
    // 4.-5. node and etcd member.
    expect(await oc(['get', 'nodes', '-o', 'name'])).not.toContain('master-0');
    expect(await memberNames(lab, clientUrl(lab, 'master-1'))).toEqual(['master-1', 'master-2', 'master-3']);
    // 6. inventory.
    const groups = inventoryGroups(inventory());
    for (const g of ['masters', 'nodes', 'etcd']) expect(groups[g], g).toEqual(['master-1', 'master-2', 'master-3']);
    // 7. the kubernetes service.
    expect((await apiEndpoints()).map((e) => e.split(':')[0])).toEqual(['master-1', 'master-2', 'master-3'].map((h) => address(lab, h)));
  }, 180_000);

  it('refuses master-2 without --even-plan (3 → 2 etcd members is even): exit 3, nothing changed', async () => {
    const before = { tree: hashLab(lab), members: await memberNames(lab, clientUrl(lab, 'master-1')) };
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/refused: 2 members is an even count.*pass --even-plan TEXT/);
    expect(hashLab(lab)).toBe(before.tree);
    expect(await memberNames(lab, clientUrl(lab, 'master-1'))).toEqual(before.members);
  }, 180_000);

  it('decommissions master-2 with a stated plan and --skip-backup --reason: haproxy, pods, inventory diff, endpoints', async () => {
    const ip = address(lab, 'master-2');
    const invBefore = inventory();
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-2', '--even-plan', 'add master-4 on Monday', '--skip-backup', '--reason', 'backed up by hand', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('accepted with the plan "add master-4 on Monday"');
    expect(r.stdout).toContain('backup skipped, reason: backed up by hand');
    expect(readdirSync(hostPath(lab, 'master-2', '/backup')).filter((f) => f.startsWith('master-2-'))).toEqual([]);
    expect(await haproxyValid(lab, 'lb-0')).toMatchObject({ ok: true });
    expect(haproxy()).not.toMatch(/server +master-?2 /);
    expect(haproxy()).not.toContain(`${ip}:`);
    expect(disabled('master-2')).toEqual(['apiserver.yaml', 'controller.yaml', 'etcd.yaml']);
    // The inventory lost exactly master-2's lines; comments and everything else stay.
    expect(inventory()).toBe(invBefore.split('\n').filter((l) => !l.startsWith('master-2 ')).join('\n'));
    expect(inventory().split('\n')[0]).toMatch(/^# opsctl lab/);
    expect(readdirSync(lab.dir).filter((f) => /^inventory\.ini\.opsctl-.*\.bak$/.test(f)).length).toBeGreaterThanOrEqual(2);
    expect((await apiEndpoints()).map((e) => e.split(':')[0])).toEqual([address(lab, 'master-1'), address(lab, 'master-3')]);
    expect(await memberNames(lab, clientUrl(lab, 'master-1'))).toEqual(['master-1', 'master-3']);
  }, 180_000);

  it('refuses to go below 3 masters: decommissioning master-1 of 2 is exit 3, nothing changed', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['decommission', 'master', '--host', 'master-1', '--even-plan', 'x', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    expect(r.stdout + r.stderr).toContain('decommissioning needs at least 3 healthy masters before');
    expect(r.stdout + r.stderr).toContain('2 masters Ready');
    expect(hashLab(lab)).toBe(before);
  }, 180_000);
});
