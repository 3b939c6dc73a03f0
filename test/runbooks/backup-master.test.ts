// `opsctl backup master` end to end against one OCP 3.11 lab (issue 5): a real backup checked
// against the reference listing of the OCP 3.11 docs (5.2.1.1), a host without the optional
// files, two backups the same day, --fetch-to with its checksum, --group in parallel, a run
// killed during tar and resumed, and dry-runs of every backup command touching no host.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines, startCli, waitFor } from '../e2e/cli.js';
import { labCli, ssh, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
const inv = () => join(lab.dir, 'inventory.ini');
const cli = (args: string[]) => rawCli([...args, '-i', inv()], { stateDir: lab.stateDir });
const hostPath = (host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);

// The listing of 5.2.1.1 step 5 (`find ${MYBACKUPDIR} -mindepth 1 -type f -printf '%P\n'`),
// without the lines the docs elide ("...[OUTPUT OMITTED]...") and with the docs' host names.
const REFERENCE = `etc/sysconfig/flanneld
etc/sysconfig/iptables
etc/sysconfig/docker-network
etc/sysconfig/docker-storage
etc/sysconfig/docker-storage-setup
etc/sysconfig/docker-storage-setup.rpmnew
etc/origin/master/ca.crt
etc/origin/master/ca.key
etc/origin/master/ca.serial.txt
etc/origin/master/ca-bundle.crt
etc/origin/master/master.proxy-client.crt
etc/origin/master/master.proxy-client.key
etc/origin/master/service-signer.crt
etc/origin/master/service-signer.key
etc/origin/master/serviceaccounts.private.key
etc/origin/master/serviceaccounts.public.key
etc/origin/master/openshift-master.crt
etc/origin/master/openshift-master.key
etc/origin/master/openshift-master.kubeconfig
etc/origin/master/master.server.crt
etc/origin/master/master.server.key
etc/origin/master/master.kubelet-client.crt
etc/origin/master/master.kubelet-client.key
etc/origin/master/admin.crt
etc/origin/master/admin.key
etc/origin/master/admin.kubeconfig
etc/origin/master/etcd.server.crt
etc/origin/master/etcd.server.key
etc/origin/master/master.etcd-client.key
etc/origin/master/master.etcd-client.csr
etc/origin/master/master.etcd-client.crt
etc/origin/master/master.etcd-ca.crt
etc/origin/master/policy.json
etc/origin/master/scheduler.json
etc/origin/master/htpasswd
etc/origin/master/session-secrets.yaml
etc/origin/master/openshift-router.crt
etc/origin/master/openshift-router.key
etc/origin/master/registry.crt
etc/origin/master/registry.key
etc/origin/master/master-config.yaml
etc/origin/generated-configs/master-master-1.example.com/master.server.crt
etc/origin/cloudprovider/openstack.conf
etc/origin/node/system:node:master-0.example.com.crt
etc/origin/node/system:node:master-0.example.com.key
etc/origin/node/ca.crt
etc/origin/node/system:node:master-0.example.com.kubeconfig
etc/origin/node/server.crt
etc/origin/node/server.key
etc/origin/node/node-dnsmasq.conf
etc/origin/node/resolv.conf
etc/origin/node/node-config.yaml
etc/origin/node/flannel.etcd-client.key
etc/origin/node/flannel.etcd-client.csr
etc/origin/node/flannel.etcd-client.crt
etc/origin/node/flannel.etcd-ca.crt
etc/pki/ca-trust/source/anchors/openshift-ca.crt
etc/pki/ca-trust/source/anchors/registry-ca.crt
etc/dnsmasq.conf
etc/dnsmasq.d/origin-dns.conf
etc/dnsmasq.d/origin-upstream-dns.conf
etc/dnsmasq.d/node-dnsmasq.conf
packages.txt`.split('\n');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-backup-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--masters', '3']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
}, 90_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const archivesOf = (host: string) => readdirSync(hostPath(host, '/backup')).filter((f) => f.startsWith(`${host}-`)).sort();
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
async function tarList(file: string): Promise<string[]> {
  const r = await execa('tar', ['-tzf', file]);
  return r.stdout.split('\n').filter((l) => l && !l.endsWith('/'));
}
const summaryValue = (stderr: string, host: string, label: string) =>
  new RegExp(`^(?:warning: )?${host}  ${label.replace(/[()]/g, '\\$&')} +(.*)$`, 'm').exec(stderr)?.[1];

describe('backup master against the lab', () => {
  it('dry-runs of backup master / backup etcd / etcd snapshot / etcd restore touch no host', async () => {
    // Everything a host could change (its per-host trees), and every sshd's log of connections.
    const hashTrees = () => {
      const h = createHash('sha256');
      for (const host of ['master-0', 'master-1', 'master-2', 'lb-0']) {
        for (const sub of ['etc', 'backup', 'var/lib/etcd', 'usr/local/sbin']) {
          for (const f of filesUnder(hostPath(host, sub)).sort()) {
            if (f.includes('/var/lib/etcd/member/')) continue; // etcd's own WAL/db, written by etcd itself
            h.update(relative(lab.dir, f)).update(readFileSync(f));
          }
        }
      }
      return h.digest('hex');
    };
    const sshdLogs = () => ['master-0', 'master-1', 'master-2', 'lb-0'].map((h) => readFileSync(join(lab.dir, 'hosts', h, 'root/run-lab/sshd.log'), 'utf8'));
    const before = { trees: hashTrees(), logs: sshdLogs() };
    const runs = await Promise.all([
      cli(['backup', 'master', '--group', 'masters', '--fetch-to', join(root, 'dry'), '--dry-run', '--show-commands']),
      cli(['backup', 'etcd', '--group', 'etcd', '--dry-run', '-o', 'json']),
      cli(['etcd', 'snapshot', '--host', 'master-1', '--mode', 'pod', '--dry-run', '--show-commands']),
      cli(['etcd', 'restore', '--snapshot', '/var/lib/etcd/x.db', '--group', 'etcd', '--dry-run', '--show-commands']),
    ]);
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    expect(runs[0].stdout).toContain('dry run — nothing was executed');
    expect(runs[0].stdout).toMatch(/tar -C \/ -zcf/);
    expect(jsonLines(runs[1].stdout).at(-1)).toMatchObject({ type: 'run.end', status: 'planned' });
    expect(runs[3].stdout).toContain('⚠ CONFIRM');
    expect(hashTrees()).toBe(before.trees);
    expect(sshdLogs()).toEqual(before.logs);
    expect(existsSync(join(root, 'dry'))).toBe(false);
    expect(existsSync(join(lab.stateDir, 'runs'))).toBe(false);
  });

  it('backs up master-0: every file the lab has in the backed-up paths is in the verified archive', async () => {
    const r = await cli(['backup', 'master', '--host', 'master-0']);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const [archive] = archivesOf('master-0');
    expect(archive).toMatch(/^master-0-\d{8}\.tar\.gz$/);
    const id = archive.slice('master-0-'.length, -'.tar.gz'.length);
    const listed = (await tarList(hostPath('master-0', `/backup/${archive}`))).map((l) => {
      expect(l.startsWith(`backup/master-0/${id}/`)).toBe(true); // the source's layout: tar of $MYBACKUPDIR
      return l.slice(`backup/master-0/${id}/`.length);
    });
    // The reference listing, as far as the lab has those files.
    const expected = REFERENCE.filter((f) => f === 'packages.txt' || existsSync(hostPath('master-0', `/${f}`)));
    expect(expected.length).toBeGreaterThan(50);
    for (const f of expected) expect(listed, f).toContain(f);
    // Every file the lab has in those paths (a master is a node too: all of /etc/origin).
    for (const dir of ['/etc/origin', '/etc/sysconfig', '/etc/dnsmasq.d', '/etc/cni', '/etc/pki/ca-trust/source/anchors', '/etc/etcd/ca', '/etc/etcd/generated_certs']) {
      for (const f of filesUnder(hostPath('master-0', dir))) expect(listed).toContain(relative(hostPath('master-0', '/'), f));
    }
    expect(listed).toContain('etc/origin/node/pods/etcd.yaml');
    expect(listed).not.toContain('etc/sysconfig/sysconfig/iptables'); // the source's cp would nest it
    const rpm = await ssh(lab, 'master-0', 'rpm -qa | sort');
    const pkgs = await execa('tar', ['-xzOf', hostPath('master-0', `/backup/${archive}`), `backup/master-0/${id}/packages.txt`]);
    expect(pkgs.stdout).toBe(rpm.stdout);
    expect(existsSync(hostPath('master-0', `/backup/master-0/${id}`))).toBe(false); // removed after verification
    expect(summaryValue(r.stderr, 'master-0', 'archive')).toBe(`/backup/${archive}`);
    expect(summaryValue(r.stderr, 'master-0', 'sha256')).toBe(sha256(hostPath('master-0', `/backup/${archive}`)));
    expect(summaryValue(r.stderr, 'master-0', 'name')).toMatch(/^first backup of \d{8}/);
    // master-0 holds ca.serial.txt and the extra CA dirs: the operator is told to keep them off-host.
    expect(summaryValue(r.stderr, 'master-0', 'keep off-host')).toMatch(/ca\.serial\.txt.*\/etc\/etcd\/ca \/etc\/etcd\/generated_certs/);
    expect(r.stderr).toMatch(/^warning: master-0  keep off-host/m);
  });

  it('a second backup the same day gets a new name and leaves the first untouched', async () => {
    const [first] = archivesOf('master-0');
    const firstSum = sha256(hostPath('master-0', `/backup/${first}`));
    const r = await cli(['backup', 'master', '--host', 'master-0']);
    expect(r.exitCode, r.stderr).toBe(0);
    const archives = archivesOf('master-0');
    expect(archives).toHaveLength(2);
    const second = archives.find((a) => a !== first)!;
    expect(second).toBe(first.replace('.tar.gz', '-2.tar.gz'));
    expect(sha256(hostPath('master-0', `/backup/${first}`))).toBe(firstSum);
    expect(summaryValue(r.stderr, 'master-0', 'name')).toMatch(new RegExp(`^new name master-0-\\d{8}-2: a backup of \\d{8} already exists \\(.*${first.replace(/\./g, '\\.')}`));
    expect((await tarList(hostPath('master-0', `/backup/${second}`))).every((l) => /^backup\/master-0\/\d{8}-2\//.test(l))).toBe(true);
  });

  it('a host without the optional files: absent ones are listed, not fatal', async () => {
    const rm = await ssh(lab, 'master-2', 'rm -f /etc/sysconfig/iptables /etc/sysconfig/flanneld && rm -rf /etc/cni/* && ls -A /etc/cni | wc -l');
    expect(rm.stdout.trim()).toBe('0');
    const r = await cli(['backup', 'master', '--host', 'master-2', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const copy = jsonLines(r.stdout).find((e) => e.type === 'step.end' && e.stepId === 'copy-files') as { captures: Record<string, string> };
    expect(copy.captures.absent.split(' ')).toEqual(expect.arrayContaining(['/etc/sysconfig/iptables', '/etc/sysconfig/flanneld', '/etc/cni', '/etc/dnsmasq.conf']));
    const [archive] = archivesOf('master-2');
    const listed = await tarList(hostPath('master-2', `/backup/${archive}`));
    expect(listed.some((l) => l.endsWith('etc/sysconfig/iptables'))).toBe(false);
    expect(listed.some((l) => l.endsWith('etc/origin/master/master-config.yaml'))).toBe(true);
    // master-2 is not the first master: no ca.serial.txt warning.
    expect(r.stderr).not.toContain('keep off-host');
  });

  it('--check runs the preconditions for real and writes nothing', async () => {
    const before = readdirSync(hostPath('master-1', '/backup'));
    const r = await cli(['backup', 'master', '--host', 'master-1', '--fetch-to', join(root, 'check'), '--check', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.find((e) => e.type === 'step.end' && e.stepId === 'preflight')).toMatchObject({ status: 'ok', captures: { hostname: 'master-1' } });
    expect(events.find((e) => e.type === 'step.end' && e.stepId === 'archive')).toMatchObject({ status: 'skipped', reason: 'check: would run' });
    expect(events.at(-1)).toMatchObject({ type: 'run.end', status: 'checked' });
    expect(readdirSync(hostPath('master-1', '/backup'))).toEqual(before);
    expect(existsSync(join(root, 'check'))).toBe(false);
  });

  it('a host that is not a master fails the precondition (exit 3) and nothing is written', async () => {
    const r = await cli(['backup', 'master', '--host', 'lb-0']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('missing or unreadable: /etc/origin/master/master-config.yaml');
    expect(readdirSync(hostPath('lb-0', '/backup'))).toEqual([]);
  });

  it('killed during tar, resume finishes with one archive', async () => {
    // A large incompressible file makes the tar step last long enough to be killed in it.
    writeFileSync(hostPath('master-1', '/etc/origin/master/big.bin'), randomBytes(24 * 2 ** 20));
    try {
      const runsDir = join(lab.stateDir, 'runs');
      const earlier = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
      const p = startCli(['backup', 'master', '--host', 'master-1', '-i', inv()], { stateDir: lab.stateDir });
      let runId = '';
      await waitFor(() => {
        const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !earlier.has(d)) : [];
        runId = ids.find((d) => existsSync(join(runsDir, d, 'journal.jsonl')) && readFileSync(join(runsDir, d, 'journal.jsonl'), 'utf8').includes('"stepId":"archive"')) ?? '';
        return runId !== '';
      }, 40_000);
      await new Promise((r) => setTimeout(r, 300));
      p.kill('SIGKILL');
      await p;
      const journalText = readFileSync(join(runsDir, runId, 'journal.jsonl'), 'utf8');
      expect(journalText).not.toContain('"type":"run.end"');
      expect(journalText).not.toMatch(/"type":"step.end","key":"archive@master-1"/); // killed inside the tar step
      const resumed = await rawCli(['resume', runId], { stateDir: lab.stateDir });
      expect(resumed.exitCode, resumed.stderr + resumed.stdout).toBe(0);
      expect(resumed.stdout).toMatch(/\[changed\] +master-1 +archive/);
      const backup = readdirSync(hostPath('master-1', '/backup'));
      expect(backup.filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
      expect(backup.filter((f) => f.includes('.part'))).toEqual([]);
      expect(backup).not.toContain('master-1'); // the directory went after the archive verified
      const listed = await tarList(hostPath('master-1', `/backup/${backup.find((f) => f.endsWith('.tar.gz'))}`));
      expect(listed.some((l) => l.endsWith('etc/origin/master/big.bin'))).toBe(true);
      expect(resumed.stderr).toMatch(/^master-1  archive +\/backup\/master-1-\d{8}\.tar\.gz$/m);
    } finally {
      rmSync(hostPath('master-1', '/etc/origin/master/big.bin'), { force: true });
    }
  }, 90_000);

  it('--fetch-to brings the archive home, its sha256 checked against the host', async () => {
    const dest = join(root, 'fetched');
    const r = await cli(['backup', 'master', '--host', 'master-1', '--fetch-to', dest, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    const status = events.find((e) => e.type === 'step.end' && e.stepId === 'fetch-matches');
    expect(status).toMatchObject({ status: 'ok' });
    const name = (events.find((e) => e.type === 'step.end' && e.stepId === 'archive') as { captures: Record<string, string> }).captures.archive;
    const local = join(dest, name.split('/').pop()!);
    const remote = await ssh(lab, 'master-1', `sha256sum ${name}`);
    expect(remote.stdout.split(' ')[0]).toBe(sha256(local));
    expect(statSync(local).size).toBeGreaterThan(1000);
  });

  it('--group masters backs up every master in parallel', async () => {
    const r = await cli(['backup', 'master', '--group', 'masters', '--no-compress', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const events = jsonLines(r.stdout);
    const copies = events.filter((e) => e.type === 'step.start' && e.stepId === 'copy-files').map((e) => e.host);
    expect(copies.sort()).toEqual(['master-0', 'master-1', 'master-2']);
    // Side by side: every host started copying before the first one finished.
    const firstEnd = events.findIndex((e) => e.type === 'step.end' && e.stepId === 'copy-files');
    const lastStart = events.map((e, i) => (e.type === 'step.start' && e.stepId === 'copy-files' ? i : -1)).reduce((a, b) => Math.max(a, b));
    expect(lastStart).toBeLessThan(firstEnd);
    // --no-compress: directories kept, with the listing checked; no new archive.
    for (const h of ['master-0', 'master-1', 'master-2']) {
      const dirs = readdirSync(hostPath(h, `/backup/${h}`));
      expect(dirs.length).toBe(1);
      expect(existsSync(hostPath(h, `/backup/${h}/${dirs[0]}/etc/origin/master/master-config.yaml`))).toBe(true);
      expect(existsSync(hostPath(h, `/backup/${h}/${dirs[0]}/packages.txt`))).toBe(true);
    }
    expect(events.some((e) => e.type === 'step.start' && e.stepId === 'archive')).toBe(false);
  });

  it('rejects --host with --group, an unknown group, and --fetch-to with --no-compress', async () => {
    const both = await cli(['backup', 'master', '--host', 'master-0', '--group', 'masters', '--dry-run']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('--host and --group cannot be used together');
    const typo = await cli(['backup', 'master', '--group', 'mastrs', '--dry-run']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('did you mean "masters"');
    const fetch = await cli(['backup', 'master', '--host', 'master-0', '--no-compress', '--fetch-to', join(root, 'x')]);
    expect(fetch.exitCode).toBe(3);
    expect(fetch.stdout).toContain('cannot be used with --no-compress');
  });
});
