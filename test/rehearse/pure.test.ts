// The pure parts of rehearse: argument split, kill points from a journal, sampling, normalising
// end states so that two clean runs compare equal and a repeated step does not.
import { describe, expect, it } from 'vitest';
import { parseRehearseArgs } from '../../src/rehearse/args.js';
import { hookValue, killPoints, pointName, samplePoints } from '../../src/rehearse/kill-points.js';
import { globMatches, normaliseApiJson, normaliseK8sYaml, normaliseText } from '../../src/rehearse/normalise.js';
import { builtinScenarios, fillWords, uncovered } from '../../src/rehearse/scenario.js';
import { compareChanges } from '../../src/rehearse/end-state.js';
import { parseRecordSets } from '../../src/rehearse/hosted-state.js';
import { builtinRunbooksDir } from '../../src/runbook/catalog.js';

describe('rehearse arguments', () => {
  it('keeps its own flags and passes the rest to the rehearsed command', () => {
    expect(parseRehearseArgs(['backup', 'master', '--host', 'master-0', '--lab', '--sample', '3', '--masters', '4', '--faults'])).toMatchObject({
      lab: true,
      faults: true,
      sample: 3,
      labFlags: { masters: 4 },
      command: ['backup', 'master', '--host', 'master-0'],
    });
  });
  it('refuses without --lab, without a command, or with a bad --sample', () => {
    expect(() => parseRehearseArgs(['backup', 'master'])).toThrow(/--lab/);
    expect(() => parseRehearseArgs(['--lab'])).toThrow(/command line/);
    expect(() => parseRehearseArgs(['--all', '--lab', '--sample', '0'])).toThrow(/--sample/);
  });
  it('--except leaves built-in scenarios out, only with --all; a run that executes nothing is refused', () => {
    expect(parseRehearseArgs(['--all', '--except', 'a,b', '--except', 'c', '--lab']).except).toEqual(['a', 'b', 'c']);
    expect(() => parseRehearseArgs(['backup', 'master', '--except', 'a', '--lab'])).toThrow(/only goes with --all/);
    for (const f of ['--dry-run', '--check', '--detach']) expect(() => parseRehearseArgs(['backup', 'master', f, '--lab'])).toThrow(/cannot be rehearsed/);
  });
});

describe('kill points', () => {
  const journal = [
    { type: 'run.start' },
    { type: 'step.start', key: 'a@m0', host: 'm0', attempt: 1 },
    { type: 'step.end', key: 'a@m0', attempt: 1, durationMs: 40 },
    { type: 'step.start', key: 'b@local', host: 'local', attempt: 1 },
    { type: 'step.end', key: 'b@local', attempt: 1, durationMs: 1 },
    { type: 'step.end', key: 'skipped@m0', attempt: 0, durationMs: 0 },
  ];
  it('are the start and the middle of every step that ran, in order', () => {
    const points = killPoints(journal);
    expect(points.map(pointName)).toEqual(['a@m0@start', 'a@m0@middle', 'b@local@start', 'b@local@middle']);
    expect(points.map(hookValue)).toEqual(['a@m0@start', 'a@m0@20', 'b@local@start', 'b@local@1']);
  });
  it('are sampled evenly, named ones first', () => {
    const points = killPoints(journal);
    expect(samplePoints(points, [], undefined)).toHaveLength(4);
    expect(samplePoints(points, ['b@local@start'], 1).map(pointName)).toEqual(['b@local@start']);
    expect(samplePoints(points, [], 2).map(pointName)).toEqual(['a@m0@middle', 'b@local@middle']);
  });
});

describe('normalised end states', () => {
  const ctx = { paths: [['/tmp/opsctl-rehearse-abc/lab', '<lab>']] as Array<[string, string]> };
  it('hides what differs between two clean labs: times, ids, addresses, keys, run ids', () => {
    const a = normaliseText('/backup/master-0-20261203.tar.gz 2026-12-03T09:10:03.123Z 127.0.10.11 member 8e9e05c52164694d run 20261203-091003-master-backup-0a1b2c3d /tmp/opsctl-rehearse-abc/lab/x', ctx);
    const b = normaliseText('/backup/master-0-20261204.tar.gz 2026-12-04T01:02:03Z 127.0.11.11 member 91bc3c398fb3c146 run 20261204-010203-master-backup-ffffffff /tmp/opsctl-rehearse-abc/lab/x', ctx);
    expect(a).toBe(b);
    expect(a).toContain('<lab>/x');
  });
  it('hides the time in the names of kubeadm\'s backup directories, not how many there are', () => {
    const dir = (t: string) => normaliseText(`hosts/master-0/root/etc/kubernetes/tmp/kubeadm-backup-manifests-${t}/etcd.yaml`, ctx);
    expect(dir('2026-12-03-13-03-14')).toBe(dir('2026-12-04-01-59-07'));
    expect(dir('2026-12-03-13-03-14')).toBe('hosts/master-0/root/etc/kubernetes/tmp/kubeadm-backup-manifests-<time>/etcd.yaml');
    // Two backups (a repeated `kubeadm upgrade apply`) stay two paths that normalise alike: compareChanges counts them.
    expect(normaliseText('kubeadm-backup-etcd-2026-12-03-13-03-14', ctx)).not.toBe(normaliseText('kubeadm-backup-manifests-2026-12-03-13-03-14', ctx));
  });
  it('keeps what a repeated step would change: a second backup, another member name', () => {
    expect(normaliseText('/backup/master-0-20261203-2', ctx)).not.toBe(normaliseText('/backup/master-0-20261203', ctx));
    expect(normaliseText('master-1', ctx)).not.toBe(normaliseText('master-2', ctx));
  });
  it('hides the etcd snapshot hash and bolt size that differ between two clean members, not revision or totalKey', () => {
    const a = normaliseText('{"hash":3388300411,"revision":2,"totalKey":56,"totalSize":24576}', ctx);
    expect(a).toBe(normaliseText('{"hash":12345,"revision":2,"totalKey":56,"totalSize":20480}', ctx));
    expect(a).not.toBe(normaliseText('{"hash":12345,"revision":3,"totalKey":56,"totalSize":20480}', ctx));
    expect(a).not.toBe(normaliseText('{"hash":12345,"revision":2,"totalKey":57,"totalSize":20480}', ctx));
  });
  it('hides a presigned URL\'s signing time, not its object or lifetime', () => {
    const url = (obj: string, date: string, time: string, expires: number) =>
      `http://127.0.10.2:9000/b/${obj}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=S3RVER%2F${date}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${date}T${time}Z&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=dff7310c8adbbb6a52a300bf832946dcf471eda54662a3266a1cfb7d5c61a21d`;
    const a = normaliseText(url('etcd-0-snapshot.db', '20261203', '130408', 3600), ctx);
    expect(a).toBe(normaliseText(url('etcd-0-snapshot.db', '20261204', '010203', 3600), ctx));
    expect(a).not.toBe(normaliseText(url('etcd-1-snapshot.db', '20261203', '130408', 3600), ctx));
    expect(a).not.toBe(normaliseText(url('etcd-0-snapshot.db', '20261203', '130408', 60), ctx));
  });
  it('compares Kubernetes objects in YAML files like the API\'s: volatile fields and secret values hidden, keys and lengths kept', () => {
    const secret = (pw: string, rv: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: example-kubeadmin-password\n  namespace: clusters\n  resourceVersion: "${rv}"\n  uid: 0b4e2c39-8f0e-4c9a-9d3e-3f6f0a1b2c3d\ndata:\n  password: ${pw}\n`;
    const a = normaliseK8sYaml(secret('MDg2NmJhMGY3YjRjZThlZjQzNzU1YjBj', '103'), ctx);
    expect(a).toBe(normaliseK8sYaml(secret('ZjNhOTE5ZjIyMmFjZmQ3OGMwODM2YjRh', '117'), ctx));
    expect(a).not.toBe(normaliseK8sYaml(secret('', '103'), ctx));
    expect(a).not.toBe(normaliseK8sYaml(secret('MDg2NmJhMGY3YjRjZThlZjQzNzU1YjBj', '103').replace('kubeadmin-password', 'other'), ctx));
    expect(normaliseK8sYaml('RUN_ID=x\n', ctx)).toBeUndefined();
    expect(normaliseK8sYaml('a: [unclosed\n', ctx)).toBeUndefined();
  });
  it('normalises what kubectl apply recorded in last-applied-configuration like the object itself', () => {
    const applied = (pw: string, rv: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', resourceVersion: rv }, data: { password: pw } });
    const obj = (pw: string, rv: string) => JSON.stringify({ s: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied(pw, rv) } }, data: { password: pw } } });
    expect(normaliseApiJson(obj('MDg2NmJhMGY3YjRj', '103'), ctx)).toBe(normaliseApiJson(obj('ZjNhOTE5ZjIyMmFj', '7'), ctx));
    expect(normaliseApiJson(obj('MDg2NmJhMGY3YjRj', '103'), ctx)).not.toContain('MDg2NmJhMGY3YjRj');
  });
  it('reads DNS records from a ListResourceRecordSets answer', () => {
    const xml =
      '<ListResourceRecordSetsResponse><ResourceRecordSets><ResourceRecordSet><Name>api-example.lab.opsctl.local.</Name><Type>A</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>127.0.10.2</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>' +
      '<ResourceRecordSet><Name>lab.opsctl.local.</Name><Type>NS</Type><TTL>1</TTL><ResourceRecords><ResourceRecord><Value>ns-1.</Value></ResourceRecord><ResourceRecord><Value>ns-2.</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets></ListResourceRecordSetsResponse>';
    expect(parseRecordSets(xml)).toEqual(['api-example.lab.opsctl.local. A 127.0.10.2', 'lab.opsctl.local. NS ns-1.,ns-2.']);
  });
  it('globs over normalised paths', () => {
    expect(globMatches('hosts/*/root/backup/**', 'hosts/master-0/root/backup/a/b.tar.gz')).toBe(true);
    expect(globMatches('hosts/*/root/backup/*', 'hosts/master-0/root/etc/x')).toBe(false);
  });
  it('compares two runs\' changes path by path', () => {
    const ref = new Map([['a', ['added:text 1']], ['b', ['removed']]]);
    expect(compareChanges(ref, new Map(ref))).toEqual([]);
    expect(compareChanges(ref, new Map([['a', ['added:text 1', 'added:text 1']], ['c', ['added']]]))).toEqual([
      'differs: a (reference added:text 1; here added:text 1, added:text 1)',
      'missing: b (removed)',
      'extra: c (added)',
    ]);
  });
});

describe('built-in scenarios', () => {
  it('load, and cover every built-in runbook', () => {
    const scenarios = builtinScenarios(builtinRunbooksDir());
    expect(scenarios.length).toBeGreaterThan(0);
    expect(uncovered(builtinRunbooksDir(), scenarios)).toEqual([]);
  });
  it('count a runbook included by a rehearsed one as covered, and nothing else', () => {
    const scenario = (runbook: string) => ({ runbook, lab: {}, setup: [], command: ['x'], volatile: [], sample: [] });
    const all = uncovered(builtinRunbooksDir(), []);
    expect(all).toContain('hosted-cluster-dr-backup');
    // hosted-cluster-dr includes its three phases, and the backup phase hosted-cluster-etcd-snapshot.
    expect(all.filter((n) => !uncovered(builtinRunbooksDir(), [scenario('hosted-cluster-dr')]).includes(n))).toEqual([
      'hosted-cluster-dr',
      'hosted-cluster-dr-backup',
      'hosted-cluster-dr-restore',
      'hosted-cluster-dr-teardown',
      'hosted-cluster-etcd-snapshot',
    ]);
    expect(uncovered(builtinRunbooksDir(), [scenario('etcd-snapshot')])).toContain('kubeadm-upgrade');
  });
  it('fill {{ names }} in command words, and refuse unknown ones', () => {
    expect(fillWords(['--ip', '{{ address.master-2 }}'], { 'address.master-2': '127.0.10.12' }, 'x')).toEqual(['--ip', '127.0.10.12']);
    expect(() => fillWords(['{{ nope }}'], {}, 'x')).toThrow(/not known/);
  });
});
