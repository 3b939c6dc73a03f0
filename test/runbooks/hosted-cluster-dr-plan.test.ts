// The hosted-cluster runbooks as plans (no cluster needed: a dry-run connects to nothing): the
// three DR phases in order with every step bound to its cluster, one snapshot per etcd pod under
// an object name carrying the run id, the teardown's gate behind live asserts, the compensation
// steps, and the cluster-target rules (absolute kubeconfigs, one name per cluster).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from '../e2e/cli.js';

const K = { source: '/k/mgmt1.kubeconfig', dest: '/k/mgmt2.kubeconfig', hosted: '/k/prod.kubeconfig' };
const DR = ['dr', 'hosted-cluster', '--name', 'prod', '--source-kubeconfig', K.source, '--dest-kubeconfig', K.dest, '--hosted-kubeconfig', K.hosted, '--bucket', 'prod-etcd', '--backup-dir', '/srv/dr/prod', '--zone-id', 'Z0123', '--dns-domain', 'prod.example.com'];
type Ev = Record<string, unknown> & { stepId: string; host: string; kind: string; phase: string[]; command?: string; final?: boolean; when?: string; gate?: string; readOnly?: boolean };

async function plan(args: string[]) {
  const stateDir = tempDir();
  mkdirSync(join(stateDir, 'plans'));
  const r = await cli([...args, '--dry-run', '-o', 'json'], { stateDir });
  const events = r.exitCode === 0 ? jsonLines(r.stdout) : [];
  const runId = String(events.find((e) => e.type === 'run.start')?.runId ?? '');
  const steps = events.filter((e) => e.type === 'plan.step') as Ev[];
  const saved = runId ? JSON.parse(readFileSync(join(stateDir, 'plans', `${runId}.json`), 'utf8')) : undefined;
  return { ...r, runId, steps, saved, live: steps.filter((s) => s.kind !== 'skip') };
}
const phaseOf = (s: Ev) => s.phase.at(-1);

describe('hosted-cluster-dr plan', () => {
  it('runs backup on the source, restore on the destination, teardown of the source, each command on its cluster', async () => {
    const r = await plan(DR);
    expect(r.exitCode, r.stderr).toBe(0);
    expect([...new Set(r.live.map((s) => s.phase[1]))]).toEqual(['hosted-cluster-dr-backup', 'hosted-cluster-dr-restore', 'hosted-cluster-dr-teardown']);
    expect(r.saved.hosts).toMatchObject({ source: { transport: 'local', cluster: { kubeconfig: K.source } }, dest: { cluster: { kubeconfig: K.dest } }, hosted: { cluster: { kubeconfig: K.hosted } } });
    // Commands never pick a cluster themselves: no --kubeconfig, no KUBECONFIG, and every oc runs on a cluster target.
    for (const s of r.live) {
      expect(s.command ?? '').not.toMatch(/--kubeconfig|KUBECONFIG=/);
      if (/(^|[\s;(|&])oc /.test(s.command ?? '')) expect(['source', 'dest', 'hosted'], s.stepId).toContain(s.host);
    }
    const hostsOf = (phase: string) => new Set(r.live.filter((s) => phaseOf(s) === phase && s.host !== 'local').map((s) => s.host));
    expect(hostsOf('hosted-cluster-dr-backup')).toEqual(new Set(['source']));
    expect(hostsOf('hosted-cluster-etcd-snapshot')).toEqual(new Set(['source'])); // the included runbook's `mgmt` is the same kubeconfig
    expect(hostsOf('hosted-cluster-dr-restore')).toEqual(new Set(['dest', 'hosted']));
    expect(hostsOf('hosted-cluster-dr-teardown')).toEqual(new Set(['source', 'dest', 'hosted']));
    expect(r.stderr).toContain(`cluster source: KUBECONFIG=${K.source}`);
    expect(r.saved.locks).toEqual(['lock:hosted-cluster-clusters-prod']);

    const backup = r.live.filter((s) => s.phase.includes('hosted-cluster-dr-backup')).map((s) => s.stepId);
    for (const id of ['mark-parent-cluster', 'pause-hostedcluster', 'pause-nodepools', 'scale-down-writers', 'snapshot-save', 'snapshot-status', 'snapshot-upload', 'snapshot-in-bucket', 'save-encryption-key', 'dump-hostedcluster', 'dump-secrets', 'dump-control-plane', 'dump-machines', 'delete-routes', 'dns-records-gone']) expect(backup).toContain(id);
    expect(backup.indexOf('scale-down-writers')).toBeLessThan(backup.indexOf('snapshot-save'));
    expect(backup.indexOf('write-backup-env')).toBeLessThan(backup.indexOf('delete-routes'));
    const scale = r.live.find((s) => s.stepId === 'scale-down-writers' && phaseOf(s) === 'hosted-cluster-dr-backup')!;
    expect(scale.command).toBe('oc scale deployment -n clusters-prod --replicas=0 kube-apiserver openshift-apiserver openshift-oauth-apiserver control-plane-operator');
  });

  it('takes one snapshot per etcd pod (3 for HighlyAvailable, 1 for SingleReplica), each under an object name with the run id', async () => {
    const ha = await plan(DR);
    const uploads = ha.live.filter((s) => s.stepId === 'snapshot-upload');
    expect(uploads.map((s) => /key=(\S+)/.exec(s.command!)![1])).toEqual(['etcd-0', 'etcd-1', 'etcd-2'].map((p) => `clusters-prod/${ha.runId}/${p}-snapshot.db`));
    expect(uploads[0].command).toContain('refusing to overwrite');
    const single = await plan([...DR, '--availability', 'SingleReplica']);
    expect(single.live.filter((s) => s.stepId === 'snapshot-save').map((s) => s.command)).toEqual([expect.stringContaining('oc exec etcd-0 ')]);
    expect(single.steps.filter((s) => s.stepId === 'snapshot-save' && s.kind === 'skip')).toHaveLength(2);
  });

  it('puts the teardown behind live asserts on all three clusters and a confirm gate', async () => {
    const r = await plan(DR);
    const teardown = r.live.filter((s) => phaseOf(s) === 'hosted-cluster-dr-teardown');
    const gate = teardown.findIndex((s) => s.kind === 'confirm');
    expect(teardown.slice(0, gate).map((s) => [s.stepId, s.host, s.kind])).toEqual([
      ['source-is-backup-source', 'source', 'assert'],
      ['destination-available', 'dest', 'assert'],
      ['destination-nodes-ready', 'hosted', 'assert'],
      ['snapshots-still-in-bucket', 'local', 'assert'],
    ]);
    expect(teardown[gate].gate).toMatch(/from the SOURCE management cluster \(\/k\/mgmt1\.kubeconfig\)/);
    expect(teardown.slice(gate + 1).every((s) => s.host !== 'dest')).toBe(true);
  });

  it('compensates a failed backup unless told not to, and never after a completed one', async () => {
    const r = await plan(DR);
    const finals = r.live.filter((s) => s.final && phaseOf(s) === 'hosted-cluster-dr-backup');
    expect(finals.map((s) => s.stepId)).toEqual(['compensate-writers', 'compensate-nodepools', 'compensate-hostedcluster']);
    for (const s of finals) expect(s.when).toContain("captures.backupComplete | default('no') != 'yes'");
    const off = await plan([...DR, '--no-compensate']);
    expect(off.steps.filter((s) => s.final && phaseOf(s) === 'hosted-cluster-dr-backup').every((s) => s.kind === 'skip')).toBe(true);
  });

  it('selects one phase with --phase', async () => {
    const restore = await plan([...DR, '--phase', 'restore']);
    expect(new Set(restore.live.map(phaseOf))).toEqual(new Set(['hosted-cluster-dr-restore']));
    expect(Object.keys(restore.saved.hosts).sort()).toEqual(['dest', 'hosted', 'local']);
    const bad = await cli([...DR, '--phase', 'restroe', '--dry-run'], { stateDir: tempDir() });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "restore"/);
  });
});

describe('cluster targets', () => {
  const runbook = (targets: string, step = 'on: a') => {
    const dir = tempDir();
    const file = join(dir, 'rb.yaml');
    writeFileSync(file, `apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nparams:\n  k: { type: string, default: /k/a }\ntargets:\n${targets}\nsteps:\n  - id: s\n    ${step}\n    run: oc get nodes\n`);
    return file;
  };

  it('needs an absolute kubeconfig (a resume may start elsewhere)', async () => {
    const r = await cli(['plan', runbook('  a: { kubeconfig: "{{ params.k }}" }'), '-p', 'k=rel/kubeconfig'], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/kubeconfig must be an absolute path, got "rel\/kubeconfig"/);
  });

  it('refuses one kubeconfig for two roles before anything connects', async () => {
    const r = await cli([...DR.map((a) => (a === K.dest ? K.source : a)), '--dry-run'], { stateDir: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/hosted-cluster-dr\.yaml:\d+:\d+ +targets\.dest +targets source and dest are given the same kubeconfig \/k\/mgmt1\.kubeconfig/);
  });

  it('names the cluster on its steps and keeps the context', async () => {
    const r = await cli(['plan', runbook('  a: { kubeconfig: /k/a, context: admin }'), '-o', 'json'], { stateDir: tempDir() });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(jsonLines(r.stdout).find((e) => e.type === 'plan.step')).toMatchObject({ host: 'a', command: 'oc get nodes' });
    expect(r.stderr).toContain('cluster a: KUBECONFIG=/k/a (context admin)');
  });
});
