// The HyperShift procedures against the lab: pause before scaling (an unpaused HostedCluster
// puts its control plane back), the etcd encryption key, the backup dump, and the restore and
// teardown on two management clusters, with the hosted API up only where its apiserver runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeLab, oc, rows, type Lab } from './helpers.js';

const CP = 'clusters-example';
const WRITERS = ['kube-apiserver', 'openshift-apiserver', 'openshift-oauth-apiserver'];
const ready = async (lab: Lab, name: string, env = {}) =>
  (await oc(lab, ['get', 'deployment', name, '-n', CP, '-o', 'jsonpath={.status.readyReplicas}'], { env })).stdout;

describe('hosted-cluster etcd snapshot', () => {
  it('scaling the writers down without pausing is undone; paused, it holds until unpaused', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const scaled = await oc(lab, ['scale', 'deployment', '-n', CP, '--replicas=0', ...WRITERS]);
    expect(scaled.stdout).toBe(WRITERS.map((w) => `deployment.apps/${w} scaled\n`).join(''));
    expect(await ready(lab, 'kube-apiserver')).toBe('3');

    const pause = await oc(lab, ['patch', '-n', 'clusters', 'hostedclusters/example', '-p', '{"spec":{"pausedUntil":"true"}}', '--type=merge']);
    expect(pause.stdout).toBe('hostedcluster.hypershift.openshift.io/example patched\n');
    expect((await oc(lab, ['patch', '-n', 'clusters', 'hostedclusters/example', '-p', '{"spec":{"pausedUntil":"true"}}', '--type=merge'])).stdout).toBe(
      'hostedcluster.hypershift.openshift.io/example patched (no change)\n',
    );
    await oc(lab, ['scale', 'deployment', '-n', CP, '--replicas=0', ...WRITERS]);
    expect(await ready(lab, 'kube-apiserver')).toBe('');
    const table = rows((await oc(lab, ['get', 'deploy', '-n', CP])).stdout);
    expect(table.find((r) => r[0] === 'kube-apiserver')?.slice(1, 4)).toEqual(['0/0', '0', '0']);
    expect((await oc(lab, ['get', 'pods', '-n', CP, '-l', 'app=kube-apiserver', '-o', 'name'])).stdout).toBe('');
    const hc = await oc(lab, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}']);
    expect(hc.stdout).toBe('False');

    await oc(lab, ['patch', '-n', 'clusters', 'hostedclusters/example', '-p', '{"spec":{"pausedUntil":null}}', '--type=merge']);
    // The operator reacted to the unpause itself, before any later call (read the stored state, not through oc).
    const stored = JSON.stringify(JSON.parse(readFileSync(join(lab.dir, 'api', 'lab', 'objects', 'clusters', 'hostedclusters.json'), 'utf8')));
    expect(stored).toMatch(/"type":"ReconciliationActive","status":"True"|"status":"True","type":"ReconciliationActive"/);
    expect(await ready(lab, 'kube-apiserver')).toBe('3');
  });

  it('custom resources refuse a strategic merge patch, as the API server does', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const r = await oc(lab, ['patch', '-n', 'clusters', 'hc', 'example', '-p', '{"spec":{"pausedUntil":"true"}}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: application\/strategic-merge-patch\+json is not supported by hostedclusters\.hypershift\.openshift\.io/);
  });

  it('the etcd pods exist per availability policy and the encryption key can be saved', async () => {
    const lab = makeLab({ flavor: 'kubeadm', workers: 1 });
    expect((await oc(lab, ['get', 'pods', '-n', CP, '-l', 'app=etcd', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout).toBe('etcd-0 etcd-1 etcd-2');
    const ref = await oc(lab, ['get', 'hostedcluster', 'example', '-n', 'clusters', '-o=jsonpath={.spec.secretEncryption.aescbc}']);
    expect(JSON.parse(ref.stdout)).toEqual({ activeKey: { name: 'example-etcd-encryption-key' } });
    const key = await oc(lab, ['get', 'secret', 'example-etcd-encryption-key', '-n', 'clusters', '-o=jsonpath={.data.key}']);
    expect(Buffer.from(key.stdout, 'base64').toString()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('hosted-cluster DR', () => {
  it('backs up on the source, restores on the destination, tears the source down', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const dest = { KUBECONFIG: lab.kubeconfigs['lab-dest'] };
    const hosted = ['--kubeconfig', lab.kubeconfigs.example];
    const backup = join(lab.dir, 'backup');
    mkdirSync(join(backup, 'clusters'), { recursive: true });
    mkdirSync(join(backup, CP), { recursive: true });

    expect((await oc(lab, ['create', 'configmap', 'mgmt-parent-cluster', '-n', 'default', '--from-literal=from=lab'])).stdout).toBe('configmap/mgmt-parent-cluster created\n');
    expect((await oc(lab, ['create', 'configmap', 'mgmt-parent-cluster', '-n', 'default', '--from-literal=from=lab'])).stderr).toBe('error: failed to create configmap: configmaps "mgmt-parent-cluster" already exists\n');
    await oc(lab, ['patch', '-n', 'clusters', 'hostedclusters/example', '-p', '{"spec":{"pausedUntil":"true"}}', '--type=merge']);
    await oc(lab, ['patch', '-n', 'clusters', 'nodepools/example-us-east-1a', '-p', '{"spec":{"pausedUntil":"true"}}', '--type=merge']);
    await oc(lab, ['scale', 'deployment', '-n', CP, '--replicas=0', ...WRITERS, 'control-plane-operator']);
    const hcYaml = (await oc(lab, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'yaml'])).stdout.replace(/^status:$[\s\S]*/m, '');
    writeFileSync(join(backup, 'clusters/hc-example.yaml'), hcYaml.replace(/^ {2}pausedUntil:.*\n/m, ''));
    writeFileSync(join(backup, 'clusters/np.yaml'), (await oc(lab, ['get', 'np', 'example-us-east-1a', '-n', 'clusters', '-o', 'yaml'])).stdout);
    const secrets = (await oc(lab, ['get', 'secret', '-n', 'clusters'])).stdout.split('\n').filter((l) => l.startsWith('example')).map((l) => l.split(/\s+/)[0]);
    expect(secrets).toContain('example-etcd-encryption-key');
    for (const s of secrets) writeFileSync(join(backup, `clusters/secret-${s}.yaml`), (await oc(lab, ['get', 'secret', s, '-n', 'clusters', '-o', 'yaml'])).stdout);
    const machines = (await oc(lab, ['get', 'machine', '-n', CP, '-o', 'name'])).stdout.trim().split('\n');
    expect(machines[0]).toMatch(/^machine\.cluster\.x-k8s\.io\/example-us-east-1a-/);
    for (const m of machines) writeFileSync(join(backup, CP, `machine-${m.split('/')[1]}.yaml`), (await oc(lab, ['get', '-n', CP, m, '-o', 'yaml'])).stdout);
    const routes = await oc(lab, ['delete', 'routes', '-n', CP, '--all']);
    expect(routes.stdout).toMatch(/^route\.route\.openshift\.io "kube-apiserver" deleted$/m);
    expect((await oc(lab, ['get', 'nodes', ...hosted])).stderr).toMatch(/^The connection to the server api-example\.lab\.opsctl\.local:443 was refused/);

    // Restore on the destination management cluster.
    expect((await oc(lab, ['delete', 'ns', 'clusters'], { env: dest })).stderr).toBe('Error from server (NotFound): namespaces "clusters" not found\n');
    const early = await oc(lab, ['apply', '-f', join(backup, 'clusters/secret-example-pull-secret.yaml')], { env: dest });
    expect(early.stderr).toMatch(/namespaces "clusters" not found/);
    expect((await oc(lab, ['apply', '-f', join(backup, 'clusters/secret-example-pull-secret.yaml'), join(backup, 'clusters/np.yaml')], { env: dest })).stderr).toMatch(/^error: Unexpected args: /);
    expect((await oc(lab, ['new-project', 'clusters'], { env: dest })).stdout).toMatch(/^Now using project "clusters" on server/);
    await oc(lab, ['new-project', CP], { env: dest });
    const applied = await oc(lab, ['apply', '-f', join(backup, 'clusters')], { env: dest });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^hostedcluster\.hypershift\.openshift\.io\/example created$/m);
    expect(applied.stdout).toMatch(/^secret\/example-etcd-encryption-key created$/m);
    expect((await oc(lab, ['apply', '-f', join(backup, CP)], { env: dest })).stdout).toMatch(/^machine\.cluster\.x-k8s\.io\/\S+ created$/m);
    const again = await oc(lab, ['apply', '-f', join(backup, 'clusters/hc-example.yaml')], { env: dest });
    expect(again.stdout).toMatch(/^hostedcluster\.hypershift\.openshift\.io\/example (created|unchanged|configured)\n$/);
    expect(await ready(lab, 'kube-apiserver', dest)).toBe('3');
    const nodes = (await oc(lab, ['get', 'nodes', ...hosted])).stdout.split('\n').filter((l) => !l.includes('NotReady') && l.includes('worker'));
    expect(nodes).toHaveLength(2);

    // Teardown of the source.
    for (const m of machines) {
      expect((await oc(lab, ['patch', '-n', CP, m, '--type=json', '--patch=[ { "op":"remove", "path": "/metadata/finalizers" }]'])).code).toBe(0);
      expect((await oc(lab, ['delete', '-n', CP, m])).stdout).toMatch(/^machine\.cluster\.x-k8s\.io "\S+" deleted\n$/);
    }
    const cl = (await oc(lab, ['get', 'cluster', '-n', CP, '-o', 'name'])).stdout.trim();
    await oc(lab, ['patch', '-n', CP, cl, '--type=json', '--patch=[ { "op":"remove", "path": "/metadata/finalizers" }]']);
    const twice = await oc(lab, ['patch', '-n', CP, cl, '--type=json', '--patch=[ { "op":"remove", "path": "/metadata/finalizers" }]']);
    expect([twice.code, twice.stderr]).toEqual([1, expect.stringMatching(/doc is missing path: "\/metadata\/finalizers"/)]);
    await oc(lab, ['-n', 'clusters', 'patch', 'hostedclusters', 'example', '-p', '{"metadata":{"finalizers":null}}', '--type', 'merge']);
    expect((await oc(lab, ['delete', 'hc', '-n', 'clusters', 'example'])).stdout).toBe('hostedcluster.hypershift.openshift.io "example" deleted\n');
    expect((await oc(lab, ['delete', 'ns', CP])).stdout).toBe(`namespace "${CP}" deleted\n`);
    expect((await oc(lab, ['get', 'pods', '-n', CP])).stderr).toBe(`No resources found in ${CP} namespace.\n`);
    expect((await oc(lab, ['get', 'hc', '-n', 'clusters'], { env: dest })).stdout).toMatch(/^example\s+4\.14\.5\s/m);
    const restoredHc = parse((await oc(lab, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'yaml'], { env: dest })).stdout);
    expect(restoredHc.spec.pausedUntil).toBeUndefined();
    expect(readFileSync(join(backup, 'clusters/hc-example.yaml'), 'utf8')).not.toMatch(/^status:/m);
  });
});
