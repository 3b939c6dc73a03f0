// `opsctl etcd recover-single` and `opsctl etcd add-member` end to end against one 3-master lab
// (real etcd over TLS), the seed's scale-in/scale-out procedure: refused while the cluster still
// serves; every member stopped; master-0 brought back alone from its live db (--skip-hash-check);
// master-1 then master-2 added back one at a time; the seeded keys intact at each stage and
// every member's env file listing all three with ETCD_INITIAL_CLUSTER_STATE=existing.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientUrl, envValue, hashLab, hostFile, hostPath, memberNames, members, opsctl, peerUrl, seedKeys, ssh, startLab, stopLab, type TopologyLab } from './topology-helpers.js';

let lab: TopologyLab;
const masters = ['master-0', 'master-1', 'master-2'];

beforeAll(async () => {
  lab = await startLab(3);
}, 90_000);
afterAll(async () => {
  await stopLab(lab);
});

const conf = (host: string) => hostFile(lab, host, '/etc/etcd/etcd.conf');
const endpoint = () => clientUrl(lab, 'master-0');

describe('etcd recover-single + add-member against the lab', () => {
  it('refuses to recover a member while the cluster serves (exit 3, nothing changed)', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['etcd', 'recover-single', '--host', 'master-0', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/still serves: recovering master-0 alone would split the cluster/);
    expect(r.stdout + r.stderr).toMatch(/serving: https:\/\//);
    expect(hashLab(lab)).toBe(before);
    expect(await memberNames(lab, endpoint())).toEqual(masters);
  }, 180_000);

  it('brings master-0 back alone from its live db once every member is down: one member, every key', async () => {
    for (const h of masters) expect((await ssh(lab, h, 'systemctl stop etcd')).exitCode).toBe(0);
    const r = await opsctl(lab, ['etcd', 'recover-single', '--host', 'master-0', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/master-0 +keys +100/);
    expect(await memberNames(lab, endpoint())).toEqual(['master-0']);
    expect(await seedKeys(lab, endpoint())).toBe(100);
    expect(envValue(conf('master-0'), 'ETCD_INITIAL_CLUSTER')).toBe(`master-0=${peerUrl(lab, 'master-0')}`);
    // The live db was kept aside before anything was removed.
    const saved = readdirSync(hostPath(lab, 'master-0', '/backup')).filter((d) => d.startsWith('etcd-recover-'));
    expect(saved).toHaveLength(1);
    expect(readdirSync(hostPath(lab, 'master-0', `/backup/${saved[0]}`))).toEqual(['current.db']);
  }, 180_000);

  it('adds master-1 (1 → 2), saying writes stop until it has started; the keys are there', async () => {
    const r = await opsctl(lab, ['etcd', 'add-member', '--host', 'master-1', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('1 → 2 members; quorum 2, tolerates 0 failures; writes stop until master-1 has started');
    expect(await memberNames(lab, endpoint())).toEqual(['master-0', 'master-1']);
    expect(await seedKeys(lab, clientUrl(lab, 'master-1'))).toBe(100);
    const two = `master-0=${peerUrl(lab, 'master-0')},master-1=${peerUrl(lab, 'master-1')}`;
    for (const h of ['master-0', 'master-1']) {
      expect(envValue(conf(h), 'ETCD_INITIAL_CLUSTER'), h).toBe(two);
      expect(envValue(conf(h), 'ETCD_INITIAL_CLUSTER_STATE'), h).toBe('existing');
    }
  }, 180_000);

  it('refuses to add a host that is already a started member (exit 3, nothing changed)', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['etcd', 'add-member', '--host', 'master-1', '--via', 'master-0', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/refused: https:\/\/\S+:2380 is already the peer URL of started member master-1/);
    expect(hashLab(lab)).toBe(before);
  }, 180_000);

  it('adds master-2 (2 → 3): every env file lists all three, existing; all healthy; every key', async () => {
    const r = await opsctl(lab, ['etcd', 'add-member', '--host', 'master-2', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/members +3/);
    expect(await memberNames(lab, endpoint())).toEqual(masters);
    expect((await members(lab, endpoint())).every((m) => m.clientURLs.length === 1)).toBe(true);
    const three = masters.map((h) => `${h}=${peerUrl(lab, h)}`).join(',');
    for (const h of masters) {
      expect(envValue(conf(h), 'ETCD_INITIAL_CLUSTER'), h).toBe(three);
      expect(envValue(conf(h), 'ETCD_INITIAL_CLUSTER_STATE'), h).toBe('existing');
      expect(await seedKeys(lab, clientUrl(lab, h)), h).toBe(100);
    }
    // A member restarts from its env file now that it names every member.
    expect((await ssh(lab, 'master-2', 'systemctl restart etcd')).exitCode).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await seedKeys(lab, clientUrl(lab, 'master-2'))).toBe(100);
  }, 180_000);
});
