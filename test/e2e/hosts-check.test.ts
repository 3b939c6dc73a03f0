// `opsctl hosts check` and `hosts trust --group` against a lab (one real sshd per host): one line
// per host saying what works and what to fix; unknown keys trusted per group, then checked again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './cli.js';
import { labCli, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: join(tempDir('opsctl-hosts-lab-'), 'lab'), stateDir: tempDir() };
let untrusted = '';

beforeAll(async () => {
  const up = await labCli(lab, ['up', '--masters', '2']);
  expect(up.exitCode, up.stderr).toBe(0);
  // The same hosts with an empty known_hosts file: every key is unknown there.
  const dir = tempDir();
  untrusted = join(dir, 'hosts.ini');
  const text = readFileSync(join(lab.dir, 'inventory.ini'), 'utf8').replace(/UserKnownHostsFile=\S+/, `UserKnownHostsFile=${join(dir, 'known_hosts')}`);
  writeFileSync(untrusted, `${text}\n[dead]\ndead-0 ansible_host=127.0.0.1 ansible_port=1\n`);
  writeFileSync(join(dir, 'known_hosts'), '');
}, 180_000);

afterAll(async () => {
  await labCli(lab, ['down']);
});

const opsctl = (args: string[]) => cli(args, { stateDir: lab.stateDir });

describe('hosts check / hosts trust --group', () => {
  it('one line per host: reached, key trusted, authenticated, sudo -n, and the runbook tools not found (kubeadm: the ocp311 lab has none)', async () => {
    const r = await opsctl(['hosts', 'check', '--group', 'masters', '--runbook', 'etcd-snapshot', '-i', join(lab.dir, 'inventory.ini')]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, l] of lines.entries()) {
      expect(l).toMatch(new RegExp(`^master-${i} +warn +reached, key trusted, authenticated as root@master-${i}; sudo -n ok; not found: kubeadm \\(the runbook calls them on some paths\\)`));
    }
  });

  it('says what to fix: unknown keys (exit 5, with the trust command) and a dead port', async () => {
    const r = await opsctl(['hosts', 'check', '-i', untrusted]);
    expect(r.exitCode).toBe(5);
    expect(r.stdout).toMatch(/^master-0 +FAIL +.*host key.*fix: .*opsctl hosts trust/m);
    expect(r.stdout).toMatch(/^dead-0 +FAIL +.*(refused|ECONNREFUSED|cannot reach)/m);
    const json = r.stdout;
    expect(json.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('trust --group records each key after --yes; check passes afterwards; typos get a did-you-mean', async () => {
    const typo = await opsctl(['hosts', 'trust', '--group', 'mastrs', '-i', untrusted]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "masters"?');
    const t = await opsctl(['hosts', 'trust', '--group', 'masters', '-i', untrusted, '--yes']);
    expect(t.exitCode, t.stderr).toBe(0);
    expect(t.stderr.match(/added to /g)).toHaveLength(2);
    const again = await opsctl(['hosts', 'check', '--group', 'masters', '-i', untrusted]);
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/^master-1 +ok +reached, key trusted, authenticated as root@master-1; sudo -n ok$/m);
    const unknownName = await opsctl(['hosts', 'check', 'master-9', '-i', untrusted]);
    expect(unknownName.exitCode).toBe(2);
    expect(unknownName.stderr).toContain('did you mean');
  });
});
