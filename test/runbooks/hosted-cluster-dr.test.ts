// `opsctl dr hosted-cluster` and `opsctl hosted-cluster snapshot` end to end against one lab
// (issue 9): three simulated clusters (source `lab`, destination `lab-dest`, hosted `example`),
// the hosted cluster's real etcd, S3 (s3rver) and Route53 stand-ins on loopback, the real aws CLI.
// One lab for the whole file; the tests run in order and the migration happens once, killed with
// kill -9 in backup, restore and teardown and resumed each time.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli, jsonLines, startCli, waitFor } from '../e2e/cli.js';
import { labCli, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
let env: Record<string, string> = {};
let kc = { source: '', dest: '', hosted: '' };
let services: { s3: { endpoint: string; bucket: string }; route53: { endpoint: string; zoneId: string; domain: string } };
let network = '';

const AWS = '/usr/bin/aws';
const cli = (args: string[], extra: Record<string, string> = {}) => rawCli(args, { stateDir: lab.stateDir, env: { ...env, ...extra } });
const oc = (kubeconfig: string, args: string[]) => {
  try {
    return execFileSync(join(lab.dir, 'bin/oc'), args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return `ERROR ${(e as { stderr?: string }).stderr ?? ''}`;
  }
};
const aws = (args: string[]) => execFileSync(AWS, ['--endpoint-url', services.s3.endpoint, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
const etcdctl = (endpoint: string, args: string[]) => {
  const tls = join(lab.dir, 'hosted-etcd/tls/client');
  return execFileSync('etcdctl', [`--endpoints=${endpoint}`, `--cacert=${tls}/etcd-client-ca.crt`, `--cert=${tls}/etcd-client.crt`, `--key=${tls}/etcd-client.key`, ...args], { env: { ETCDCTL_API: '3' }, encoding: 'utf8' });
};
const drFlags = (backupDir: string, over: Record<string, string> = {}) => {
  const f: Record<string, string> = {
    '--name': 'example',
    '--source-kubeconfig': kc.source,
    '--dest-kubeconfig': kc.dest,
    '--hosted-kubeconfig': kc.hosted,
    '--bucket': services.s3.bucket,
    '--s3-endpoint': services.s3.endpoint,
    '--route53-endpoint': services.route53.endpoint,
    '--zone-id': services.route53.zoneId,
    '--dns-domain': services.route53.domain,
    '--backup-dir': backupDir,
    ...over,
  };
  return ['dr', 'hosted-cluster', ...Object.entries(f).flat()];
};
type Ev = Record<string, unknown> & { type: string; stepId?: string; phase?: string[]; status?: string };
const ends = (stdout: string) => jsonLines(stdout).filter((e) => e.type === 'step.end') as Ev[];
const starts = (stdout: string) => jsonLines(stdout).filter((e) => e.type === 'step.start') as Ev[];
const paused = (kubeconfig: string) => oc(kubeconfig, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'jsonpath={.spec.pausedUntil}']);
const replicas = (kubeconfig: string, d: string) => oc(kubeconfig, ['get', 'deployment', d, '-n', 'clusters-example', '-o', 'jsonpath={.spec.replicas}']);
const apiState = () => execFileSync('sh', ['-c', `cd ${lab.dir}/api && find . -type f -name '*.json' -exec sha256sum {} + | sort`], { encoding: 'utf8' });
const journalOf = (runId: string) => join(lab.stateDir, 'runs', runId, 'journal.jsonl');
const runIdOf = (stdout: string) => String(jsonLines(stdout).find((e) => e.type === 'run.start')?.runId ?? '');

// Starts a run, kills it with SIGKILL once `when` holds for a journal line, returns its run id.
async function killWhen(args: string[], when: (e: Record<string, unknown>) => boolean): Promise<string> {
  const before = new Set(existsSync(join(lab.stateDir, 'runs')) ? readdirSync(join(lab.stateDir, 'runs')) : []);
  const child = startCli(args, { stateDir: lab.stateDir, env });
  let runId = '';
  await waitFor(() => {
    const now = existsSync(join(lab.stateDir, 'runs')) ? readdirSync(join(lab.stateDir, 'runs')).filter((r) => !before.has(r)) : [];
    if (now.length) runId = now[0];
    if (!runId || !existsSync(journalOf(runId))) return false;
    return jsonLines(readFileSync(journalOf(runId), 'utf8')).some(when);
  }, 600_000);
  child.kill('SIGKILL');
  await child;
  return runId;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-dr-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  const up = await labCli(lab, ['up', '--masters', '1']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
  const state = JSON.parse(readFileSync(join(lab.dir, 'lab.json'), 'utf8'));
  services = state.services;
  network = state.network;
  // The operator's own copies of the three kubeconfigs (a test re-points one of them).
  const kdir = join(root, 'kube');
  mkdirSync(kdir);
  kc = { source: join(kdir, 'mgmt1.kubeconfig'), dest: join(kdir, 'mgmt2.kubeconfig'), hosted: join(kdir, 'example.kubeconfig') };
  copyFileSync(join(lab.dir, 'api/lab/kubeconfig'), kc.source);
  copyFileSync(join(lab.dir, 'api/lab-dest/kubeconfig'), kc.dest);
  copyFileSync(join(lab.dir, 'api/example/kubeconfig'), kc.hosted);
  // Debian's aws CLI v2 first (a pyenv v1 shim may come earlier), the lab's oc next.
  const bin = join(root, 'bin');
  mkdirSync(bin);
  execFileSync('ln', ['-s', AWS, join(bin, 'aws')]);
  env = { PATH: `${bin}:${join(lab.dir, 'bin')}:${process.env.PATH}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_DEFAULT_REGION: 'us-east-1' };
}, 120_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('hosted-cluster DR against the lab', () => {
  it('--dry-run shows every command per cluster, opens no connection and changes nothing', async () => {
    const before = apiState();
    const dir = join(root, 'never');
    const r = await cli([...drFlags(dir), '--dry-run', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const steps = jsonLines(r.stdout).filter((e) => e.type === 'plan.step') as Ev[];
    const on = (host: string) => steps.filter((s) => s.host === host && s.kind !== 'skip');
    // Every oc command names its cluster: the step's host is the cluster target.
    for (const s of steps.filter((x) => typeof x.command === 'string' && /(^|\s)oc /.test(x.command as string))) expect(['source', 'dest', 'hosted']).toContain(s.host);
    expect(on('source').map((s) => s.stepId)).toEqual(expect.arrayContaining(['pause-hostedcluster', 'scale-down-writers', 'snapshot-save', 'delete-routes', 'delete-source-hostedcluster']));
    expect(on('dest').map((s) => s.stepId)).toEqual(expect.arrayContaining(['delete-namespaces', 'apply-hostedcluster', 'hostedcluster-available']));
    expect(on('hosted').map((s) => s.stepId)).toEqual(['nodes-ready', 'destination-nodes-ready', 'restart-ovn']);
    expect(steps.filter((s) => s.stepId === 'snapshot-save').map((s) => s.command)).toEqual(['etcd-0', 'etcd-1', 'etcd-2'].map((p) => expect.stringContaining(`oc exec ${p} -n clusters-example`)));
    expect(r.stderr).toContain(`cluster dest: KUBECONFIG=${kc.dest}`);
    expect(apiState()).toBe(before);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(lab.stateDir, 'runs'))).toBe(false);
    expect(aws(['s3', 'ls', `s3://${services.s3.bucket}/`, '--recursive'])).toBe('');
  }, 120_000);

  it('swapped kubeconfigs stop the run with exit 3 before anything changes', async () => {
    const before = apiState();
    const swapped = await cli([...drFlags(join(root, 'swapped'), { '--source-kubeconfig': kc.dest, '--dest-kubeconfig': kc.source }), '--yes']);
    expect(swapped.exitCode, swapped.stdout).toBe(3);
    expect(swapped.stdout + swapped.stderr).toMatch(/not on the source management cluster .*mgmt2\.kubeconfig.*were the kubeconfigs swapped\?/);
    // The same file for two roles is bad input; two files that reach one cluster are caught by identity.
    const same = await cli([...drFlags(join(root, 'same'), { '--dest-kubeconfig': kc.source }), '--yes']);
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toMatch(/targets source and dest are given the same kubeconfig \S+mgmt1\.kubeconfig/);
    const copy = join(root, 'kube', 'mgmt1-copy.kubeconfig');
    copyFileSync(kc.source, copy);
    const one = await cli([...drFlags(join(root, 'one'), { '--dest-kubeconfig': copy }), '--yes']);
    expect(one.exitCode).toBe(3);
    expect(one.stdout + one.stderr).toMatch(/targets source and dest are the same cluster https:\/\/\S+ \(kube-system uid [0-9a-f-]+\): kubeconfigs \S+mgmt1\.kubeconfig and \S+mgmt1-copy\.kubeconfig/);
    expect(apiState()).toBe(before);
  }, 180_000);

  it('teardown is refused (exit 3, nothing deleted) while the destination is not Available', async () => {
    const dir = join(root, 'premature');
    mkdirSync(join(dir, 'etcd'), { recursive: true });
    const uid = oc(kc.source, ['get', 'ns', 'kube-system', '-o', 'jsonpath={.metadata.uid}']);
    writeFileSync(join(dir, 'backup.env'), `RUN_ID=x\nSOURCE_UID=${uid}\nNODE_POOL_REPLICAS=2\n`);
    writeFileSync(join(dir, 'etcd/snapshots.txt'), '');
    // As a backup leaves it: the source marked as the parent (4.2.3 step 1).
    oc(kc.source, ['create', 'configmap', 'mgmt-parent-cluster', '-n', 'default', '--from-literal=from=lab']);
    const before = apiState();
    const r = await cli([...drFlags(dir, { '--phase': 'teardown' }), '--yes']);
    expect(r.exitCode, r.stdout).toBe(3);
    expect(r.stdout).toMatch(/not Available on the destination; the source is kept/);
    expect(apiState()).toBe(before);
    expect(oc(kc.source, ['get', 'hc', '-n', 'clusters', '-o', 'name'])).toBe('hostedcluster.hypershift.openshift.io/example\n');
  }, 180_000);

  it('a failed snapshot upload scales the source back and unpauses it, and says so', async () => {
    // Fault injection: an aws that fails `s3 cp` (a network cut at the right moment cannot be timed).
    const shim = join(root, 'shim');
    mkdirSync(shim);
    writeFileSync(join(shim, 'aws'), `#!/bin/sh\ncase " $* " in *" s3 cp "*) echo "upload failed: connection reset (injected)" >&2; exit 1 ;; esac\nexec ${AWS} "$@"\n`);
    chmodSync(join(shim, 'aws'), 0o755);
    const r = await cli([...drFlags(join(root, 'failed-upload'), { '--phase': 'backup', '--availability': 'HighlyAvailable' }), '-o', 'json'], { PATH: `${shim}:${env.PATH}` });
    expect(r.exitCode).toBe(1);
    const e = ends(r.stdout);
    expect(e.find((x) => x.stepId === 'snapshot-upload' && x.status === 'failed')).toBeDefined();
    for (const id of ['compensate-writers', 'compensate-nodepools', 'compensate-hostedcluster']) expect(e.find((x) => x.stepId === id)?.status, id).toBe('changed');
    expect(jsonLines(r.stdout).filter((x) => x.type === 'step.start').map((x) => x.name)).toContain("backup failed: scale the source's writers back up");
    expect(paused(kc.source)).toBe('');
    expect(oc(kc.source, ['get', 'np', 'example-us-east-1a', '-n', 'clusters', '-o', 'jsonpath={.spec.pausedUntil}'])).toBe('');
    for (const d of ['kube-apiserver', 'openshift-apiserver', 'openshift-oauth-apiserver']) expect(replicas(kc.source, d)).toBe('3');
    expect(replicas(kc.source, 'control-plane-operator')).toBe('1');
    expect(oc(kc.source, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}'])).toBe('True');
  }, 300_000);

  it('migrates source → destination through kill -9 in backup, restore and teardown; keys, snapshots and captures survive', async () => {
    // Data written into the hosted cluster's etcd before the migration must be there after it.
    const src = `https://${network}.200:2379`;
    etcdctl(src, ['put', '/hosted/canary/before-dr', 'written-before-the-migration']);
    const ovnBefore = oc(kc.hosted, ['get', 'pods', '-n', 'openshift-ovn-kubernetes', '-o', 'name']);
    const secretValues = ['example-etcd-encryption-key', 'example-kubeadmin-password'].map((s) => oc(kc.source, ['get', 'secret', s, '-n', 'clusters', '-o', 'jsonpath={.data.*}']));
    const backupDir = join(root, 'dr');
    const args = [...drFlags(backupDir), '--yes', '-o', 'json'];
    const started = Date.now();
    const outputs: string[] = [];

    // 1. killed in backup, right after the source was scaled down.
    const runId = await killWhen(args, (e) => e.type === 'step.start' && e.stepId === 'snapshot-save');
    expect(replicas(kc.source, 'kube-apiserver')).toBe('0');
    expect(paused(kc.source)).toBe('true');

    // 2. resumed, killed in the middle of restore.
    const resume = ['resume', runId, '--yes', '-o', 'json'];
    const beforeRestore = jsonLines(readFileSync(journalOf(runId), 'utf8')).length;
    const child = startCli(resume, { stateDir: lab.stateDir, env });
    await waitFor(() => jsonLines(readFileSync(journalOf(runId), 'utf8')).slice(beforeRestore).some((e) => e.type === 'step.start' && e.stepId === 'apply-nodepools'), 600_000);
    child.kill('SIGKILL');
    outputs.push(String((await child).stdout));
    const second = outputs[0];
    // The resume went on from the kill: the steps before it were not run again.
    const secondStarts = starts(second).map((s) => s.stepId);
    expect(secondStarts).not.toContain('pause-hostedcluster');
    expect(secondStarts).not.toContain('scale-down-writers');

    // 3. a kubeconfig re-pointed before the resume: refused, nothing run.
    const saved = readFileSync(kc.dest, 'utf8');
    writeFileSync(kc.dest, readFileSync(kc.source, 'utf8'));
    const refused = await cli(resume);
    expect(refused.exitCode).toBe(3);
    expect(refused.stdout + refused.stderr).toMatch(new RegExp(`cluster dest: kubeconfig ${kc.dest.replace(/[.]/g, '\\.')} now points at https://\\S+:8443 \\(kube-system uid [0-9a-f-]+\\), but this run started against https://\\S+:16443`));
    expect(starts(refused.stdout)).toEqual([]);
    writeFileSync(kc.dest, saved);

    // 4. resumed: no backup step runs again; killed in teardown between two deletions.
    const beforeTeardown = jsonLines(readFileSync(journalOf(runId), 'utf8')).length;
    const third = startCli(resume, { stateDir: lab.stateDir, env });
    await waitFor(() => jsonLines(readFileSync(journalOf(runId), 'utf8')).slice(beforeTeardown).some((e) => e.type === 'step.end' && e.stepId === 'delete-source-machines'), 600_000);
    third.kill('SIGKILL');
    const thirdOut = String((await third).stdout);
    const backupRan = starts(thirdOut).filter((s) => (s.key as string).startsWith('backup/'));
    expect(backupRan).toEqual([]);
    expect(ends(thirdOut).filter((s) => (s.key as string).startsWith('backup/') && s.status !== 'skipped')).toEqual([]);

    // 5. resumed to the end.
    const last = await cli(resume);
    expect(last.exitCode, last.stdout.slice(-3000)).toBe(0);
    const elapsed = Date.now() - started;
    expect(starts(last.stdout).filter((s) => !(s.key as string).startsWith('teardown/'))).toEqual([]);
    expect(starts(last.stdout).map((s) => s.stepId)).not.toContain('delete-source-nodepools');
    process.stderr.write(`DR migration on the lab with 3 kills and 4 resumes: ${(elapsed / 1000).toFixed(1)} s\n`);

    // The backup's captures survived every kill: the restore used exactly the uploaded objects.
    const journal = jsonLines(readFileSync(journalOf(runId), 'utf8'));
    const captureOf = (id: string, name: string) => journal.filter((e) => e.type === 'step.end' && e.stepId === id).map((e) => (e.captures as Record<string, string>)[name]).filter(Boolean);
    const objects = captureOf('snapshot-manifest', 'snapshotObjects')[0].trim().split(' ');
    expect(objects).toEqual(['etcd-0', 'etcd-1', 'etcd-2'].map((p) => `s3://${services.s3.bucket}/clusters-example/${runId}/${p}-snapshot.db`));
    expect(captureOf('restore-manifest', 'restoredObjects').at(-1)!.trim()).toBe(objects.join(' '));
    expect(captureOf('snapshot-status', 'snapshotTotalKey').length).toBe(3);
    // Three distinct objects, each with the sha256 of its own snapshot.
    const listing = aws(['s3', 'ls', `s3://${services.s3.bucket}/clusters-example/${runId}/`]);
    expect(listing.trim().split('\n')).toHaveLength(3);
    const restoreYaml = readFileSync(join(backupDir, 'namespaces/clusters/hc-example-restore.yaml'), 'utf8');
    expect(restoreYaml.match(/^\s+- "http:\/\/\S+X-Amz-Signature=\S+"$/gm)).toHaveLength(3);
    expect(restoreYaml).not.toMatch(/pausedUntil/);

    // The hosted cluster's data is on the destination's etcd, restored from those snapshots.
    const dst = `https://${network}.210:2379`;
    expect(etcdctl(dst, ['get', '/hosted/canary/before-dr', '--print-value-only']).trim()).toBe('written-before-the-migration');
    expect(etcdctl(dst, ['get', '/hosted/seed/', '--prefix', '--keys-only']).trim().split('\n').filter(Boolean)).toHaveLength(50);
    expect(oc(kc.dest, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}'])).toBe('True');
    expect(oc(kc.dest, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'jsonpath={.spec.pausedUntil}'])).toBe('');

    // The source holds nothing of it but the snapshots in the bucket.
    expect(oc(kc.source, ['get', 'hc', '-A', '-o', 'name'])).toBe('');
    expect(oc(kc.source, ['get', 'ns', 'clusters-example', '-o', 'name'])).toMatch(/NotFound/);
    expect(existsSync(join(lab.dir, 'hosted-etcd/lab/clusters-example'))).toBe(false);
    expect(() => etcdctl(src, ['--dial-timeout=1s', 'endpoint', 'health'])).toThrow();
    // The OVN pods were deleted (their daemonset made new ones).
    const ovnAfter = oc(kc.hosted, ['get', 'pods', '-n', 'openshift-ovn-kubernetes', '-o', 'name']);
    expect(ovnAfter.trim().split('\n')).toHaveLength(ovnBefore.trim().split('\n').length);
    for (const p of ovnBefore.trim().split('\n')) expect(ovnAfter).not.toContain(p);

    // Secrets: in the backup dir (mode 700), never in the state dir, logs or output.
    expect(statSync(backupDir).mode & 0o777).toBe(0o700);
    const stateText = execFileSync('sh', ['-c', `find ${lab.stateDir} -type f -exec cat {} +`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const v of secretValues) {
      expect(v).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
      const plain = Buffer.from(v, 'base64').toString();
      for (const text of [stateText, last.stdout, last.stderr, ...outputs, thirdOut]) {
        expect(text).not.toContain(v);
        expect(text).not.toContain(plain);
      }
    }
  }, 1_500_000);

  it('hosted-cluster snapshot on the destination: killed after the scale-down, resumed, always scaled back and unpaused', async () => {
    const backupDir = join(root, 'snap');
    const args = ['hosted-cluster', 'snapshot', '--name', 'example', '--kubeconfig', kc.dest, '--bucket', services.s3.bucket, '--s3-endpoint', services.s3.endpoint, '--backup-dir', backupDir, '-o', 'json'];
    const runId = await killWhen(args, (e) => e.type === 'step.start' && e.stepId === 'snapshot-save');
    expect(paused(kc.dest)).toBe('true');
    expect(replicas(kc.dest, 'kube-apiserver')).toBe('0');
    const r = await cli(['resume', runId, '-o', 'json']);
    expect(r.exitCode, r.stdout.slice(-2000)).toBe(0);
    expect(starts(r.stdout).map((x) => x.stepId)).not.toContain('pause-hostedcluster');
    expect(ends(r.stdout).filter((x) => ['writers-back', 'unpause-hostedcluster'].includes(x.stepId!)).map((x) => x.status)).toEqual(['changed', 'changed']);
    expect(paused(kc.dest)).toBe('');
    expect(replicas(kc.dest, 'kube-apiserver')).toBe('3');
    // Three new objects under this run's id; the migration's snapshots are still there.
    expect(aws(['s3', 'ls', `s3://${services.s3.bucket}/clusters-example/${runId}/`]).trim().split('\n')).toHaveLength(3);
    expect(aws(['s3', 'ls', `s3://${services.s3.bucket}/clusters-example/`]).trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect(statSync(join(backupDir, 'encryption-key-secret.yaml')).mode & 0o777).toBe(0o600);
    const summary = jsonLines(r.stdout).filter((e) => e.type === 'message').map((e) => String(e.text));
    expect(summary.find((t) => t.startsWith('local  snapshots'))).toMatch(/s3:\/\/\S+etcd-0-snapshot\.db s3:\/\/\S+etcd-1-snapshot\.db s3:\/\/\S+etcd-2-snapshot\.db/);
  }, 900_000);
});
