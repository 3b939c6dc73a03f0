// `opsctl etcd remove-member` end to end against one lab of 4 masters and a worker (real etcd
// over TLS): by name 4 → 3; the quorum guard from both sides — 3 → 2 refused without --allow-even,
// then accepted with it (by hex id) with every config that lists the member checked, and 2 → 1
// refused with nothing changed; and that 3 → 2 run killed after `member remove` but before the
// etcd.conf edits, which `resume` finishes without a second `member remove`.
import { closeSync, constants, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, waitFor } from '../e2e/cli.js';
import {
  clientUrl,
  envValue,
  etcdctl,
  hashLab,
  hostFile,
  hostPath,
  inventoryGroups,
  inventoryOf,
  memberNames,
  members,
  opsctl,
  seedKeys,
  startedSteps,
  startLab,
  stopLab,
  type TopologyLab,
} from './topology-helpers.js';

let lab: TopologyLab;
const masters = ['master-0', 'master-1', 'master-2', 'master-3'];
const flannelHosts = [...masters, 'node-0'];

beforeAll(async () => {
  lab = await startLab(4, 1);
}, 90_000);
afterAll(async () => {
  await stopLab(lab);
});

const endpoint = () => clientUrl(lab, 'master-0');
const initialCluster = (host: string) => envValue(hostFile(lab, host, '/etc/etcd/etcd.conf'), 'ETCD_INITIAL_CLUSTER') ?? '';
const flannelEndpoints = (host: string) => envValue(hostFile(lab, host, '/etc/sysconfig/flanneld'), 'FLANNEL_ETCD_ENDPOINTS') ?? '';
const restarts = (host: string) => {
  try {
    return hostFile(lab, host, '/run-lab/master-restarts.log');
  } catch {
    return '';
  }
};

// Everything that listed a member, after it left: nowhere among the hosts that stay.
function expectGone(gone: string, stay: string[]) {
  for (const h of stay) {
    expect(initialCluster(h), `${h} etcd.conf`).not.toContain(`${gone}=https://`);
    for (const s of stay) expect(initialCluster(h), `${h} etcd.conf`).toContain(`${s}=https://`);
  }
  for (const h of flannelHosts.filter((x) => x !== gone)) {
    expect(flannelEndpoints(h), `${h} flanneld`).not.toContain(clientUrl(lab, gone));
    for (const s of stay) expect(flannelEndpoints(h), `${h} flanneld`).toContain(clientUrl(lab, s));
  }
  const groups = inventoryGroups(readFileSync(inventoryOf(lab), 'utf8'));
  expect(groups.etcd).toEqual(stay);
  expect(groups.masters).toContain(gone); // only [etcd] is this runbook's business
}

describe('etcd remove-member against the lab', () => {
  it('removes master-3 by name (4 → 3): member list, etcd.conf, [etcd], flanneld on every host, master restarts', async () => {
    const r = await opsctl(lab, ['etcd', 'remove-member', '--member', 'master-3', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/removed member id +[0-9a-f]+/);
    expect(r.stdout + r.stderr).toContain('4 → 3 members, 3 healthy left; quorum 2, tolerates 1 failure');
    expect(await memberNames(lab, endpoint())).toEqual(masters.slice(0, 3));
    expectGone('master-3', masters.slice(0, 3));
    // The removed member's own files are left alone (it may be dead; it is not ours to edit).
    expect(initialCluster('master-3')).toContain('master-3=https://');
    for (const h of masters.slice(0, 3)) expect(restarts(h)).toMatch(/ api [\s\S]* controllers /);
    expect(restarts('master-3')).toBe('');
    expect(await seedKeys(lab, endpoint())).toBe(100);
  }, 180_000);

  it('refuses 3 → 2 (even) without --allow-even: exit 3, the arithmetic, nothing changed', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['etcd', 'remove-member', '--member', 'master-2', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    const out = r.stdout + r.stderr;
    expect(out).toContain('now:     3 members (master-0');
    expect(out).toContain('after:   2 members, 2 healthy; quorum ⌊2/2⌋+1 = 2, tolerates 0 failures');
    expect(out).toMatch(/refused: 2 members is an even count/);
    expect(out).toContain('nothing was changed');
    expect(hashLab(lab)).toBe(before);
    expect(await memberNames(lab, endpoint())).toEqual(masters.slice(0, 3));
  }, 180_000);

  it('removes master-2 by hex id with --allow-even (3 → 2); killed after member remove, resume finishes without a second remove', async () => {
    const id = (await members(lab, endpoint())).find((m) => m.name === 'master-2')!.id;
    // master-0's etcd.conf becomes a FIFO: the edit's `cat` blocks there, after member remove ran
    // through master-1 (--via), so the run can be killed between the two.
    const conf = hostPath(lab, 'master-0', '/etc/etcd/etcd.conf');
    const original = readFileSync(conf, 'utf8');
    renameSync(conf, `${conf}.test-orig`);
    let runId = '';
    let removesBeforeKill = 0;
    try {
      execaSync('mkfifo', [conf]);
      const earlier = new Set(readdirSync(join(lab.stateDir, 'runs')));
      const child = startCli(['etcd', 'remove-member', '--member', id, '--via', 'master-1', '--allow-even', '--yes', '-i', inventoryOf(lab)], { stateDir: lab.stateDir });
      await waitFor(() => {
        runId = readdirSync(join(lab.stateDir, 'runs')).find((d) => !earlier.has(d)) ?? '';
        try {
          return runId !== '' && startedSteps(lab.stateDir, runId).includes('etcd-conf@master-0');
        } catch {
          return false;
        }
      }, 40_000);
      expect(await memberNames(lab, clientUrl(lab, 'master-1'))).toEqual(['master-0', 'master-1']);
      child.kill('SIGKILL');
      await child;
      removesBeforeKill = startedSteps(lab.stateDir, runId).filter((k) => k === 'member-remove@master-1').length;
    } finally {
      // Unblock the stuck remote `cat` if it still waits, then put the real file back.
      try {
        const fd = openSync(conf, constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, original);
        closeSync(fd);
      } catch {
        // no reader left
      }
      rmSync(conf, { force: true });
      renameSync(`${conf}.test-orig`, conf);
    }
    expect(removesBeforeKill).toBeGreaterThanOrEqual(1);
    expect(initialCluster('master-0')).toContain('master-2=https://'); // its edit never happened
    const resumed = await opsctl(lab, ['resume', runId, '--yes']);
    expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toMatch(/\[skipped\] master-1 +member-remove +completed in an earlier attempt/);
    const started = startedSteps(lab.stateDir, runId);
    expect(started.filter((k) => k === 'member-remove@master-1')).toHaveLength(removesBeforeKill);
    expect(started.filter((k) => k === 'etcd-conf@master-0')).toHaveLength(2);
    expect(await memberNames(lab, endpoint())).toEqual(['master-0', 'master-1']);
    expectGone('master-2', ['master-0', 'master-1']);
    const health = await etcdctl(lab, [clientUrl(lab, 'master-0'), clientUrl(lab, 'master-1')], ['endpoint', 'health']);
    expect(health.exitCode, health.stderr).toBe(0);
    expect(await seedKeys(lab, endpoint())).toBe(100);
  }, 180_000);

  it('refuses 2 → 1 (a two-member cluster) with exit 3 even with --allow-even, and changes nothing', async () => {
    const before = hashLab(lab);
    const r = await opsctl(lab, ['etcd', 'remove-member', '--member', 'master-1', '--allow-even', '--yes']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/refused: the cluster has two members; etcd's docs call removing a member of a two-member cluster unsafe/);
    expect(hashLab(lab)).toBe(before);
    expect(await memberNames(lab, endpoint())).toEqual(['master-0', 'master-1']);
  }, 180_000);

  it('refuses an unknown member, listing the members (exit 3)', async () => {
    const r = await opsctl(lab, ['etcd', 'remove-member', '--member', 'deadbeef', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/no member named or with id "deadbeef"; members: master-\d [0-9a-f]+, master-\d [0-9a-f]+/);
  }, 180_000);
});
