// `get` in every output format the runbooks parse, in both eras' table layouts, and kubectl's
// errors for what the lab does not know.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubectl, makeLab, oc, rows } from './helpers.js';

describe('get nodes', () => {
  it('prints 3.11 roles, Ready and the 3.11 kubelet version in oc 3.11 column widths', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const r = await oc(lab, ['get', 'nodes']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME       STATUS    ROLES                  AGE       VERSION');
    expect(rows(r.stdout).slice(1)).toEqual(lab.masters.map((m) => [m.name, 'Ready', 'compute,infra,master', expect.stringMatching(/^\d+s$/), 'v1.11.0+d4cacc0']));
  });

  it('prints kubeadm control-plane/<none> roles in current kubectl widths, and -o wide adds the addresses', async () => {
    const lab = makeLab({ flavor: 'kubeadm', version: '1.28.8', workers: 1 });
    const r = await kubectl(lab, ['get', 'nodes']);
    expect(r.stdout.split('\n')[0]).toBe('NAME       STATUS   ROLES           AGE   VERSION');
    expect(rows(r.stdout).map((c) => [c[0], c[2], c[4]])).toEqual([
      ['NAME', 'ROLES', 'VERSION'],
      ['master-0', 'control-plane', 'v1.28.8'],
      ['master-1', 'control-plane', 'v1.28.8'],
      ['master-2', 'control-plane', 'v1.28.8'],
      ['node-0', '<none>', 'v1.28.8'],
    ]);
    const wide = await kubectl(lab, ['get', 'node', 'node-0', '-o', 'wide', '--no-headers']);
    expect(rows(wide.stdout)[0].slice(5, 7)).toEqual(['127.0.10.20', '<none>']);
  });
});

describe('-o formats', () => {
  it('name, jsonpath with [*], range/end, filters and escaped keys', async () => {
    const lab = makeLab({ flavor: 'kubeadm', workers: 2 });
    expect((await kubectl(lab, ['get', 'nodes', '-o', 'name'])).stdout).toBe('node/master-0\nnode/master-1\nnode/master-2\nnode/node-0\nnode/node-1\n');
    expect((await kubectl(lab, ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout).toBe('master-0 master-1 master-2 node-0 node-1');
    const ranged = await kubectl(lab, ['get', 'nodes', '-o=jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.nodeInfo.kubeletVersion}{"\\n"}{end}']);
    expect(ranged.stdout.split('\n')[3]).toBe('node-0\tv1.28.8');
    const filtered = await kubectl(lab, ['get', 'node', 'node-1', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}']);
    expect(filtered.stdout).toBe('127.0.10.21');
    const escaped = await kubectl(lab, ['get', 'node', 'node-1', '-o', 'jsonpath={.metadata.labels.kubernetes\\.io/hostname}']);
    expect(escaped.stdout).toBe('node-1');
    expect((await kubectl(lab, ['get', 'node', 'node-1', '-o', 'jsonpath={.spec.nothing}'])).stdout).toBe('');
  });

  it('yaml and json are sorted like kubectl output, status last, timestamps quoted; lists are v1 Lists', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const y = await oc(lab, ['get', 'hc', 'example', '-n', 'clusters', '-o', 'yaml']);
    expect(y.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual(['apiVersion: hypershift.openshift.io/v1beta1', 'kind: HostedCluster', 'metadata:', 'spec:', 'status:']);
    expect(y.stdout).toMatch(/^ {2}creationTimestamp: "\d{4}-/m);
    expect(y.stdout).toMatch(/^ {2}finalizers:\n {2}- hypershift.openshift.io\/finalizer$/m);
    const j = JSON.parse((await oc(lab, ['get', 'np', '-n', 'clusters', '-o', 'json'])).stdout);
    expect(j.kind).toBe('List');
    expect(j.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['example-us-east-1a']);
    expect((await oc(lab, ['get', 'np', '-n', 'clusters', '-o', 'json'])).stdout).toMatch(/^ {4}"apiVersion"/m);
    expect(parse(y.stdout).spec.secretEncryption.aescbc.activeKey.name).toBe('example-etcd-encryption-key');
  });

  it('custom-columns, -l selectors, --field-selector, -A and several types at once', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const cc = await oc(lab, ['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion']);
    expect(rows(cc.stdout)[1]).toEqual(['master-0', 'v1.11.0+d4cacc0']);
    const etcd = await oc(lab, ['get', 'pods', '-n', 'kube-system', '-l', 'openshift.io/component=etcd', '-o', 'name']);
    expect(etcd.stdout).toBe('pod/master-etcd-master-0\npod/master-etcd-master-1\npod/master-etcd-master-2\n');
    const onNode = await oc(lab, ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=master-1', '--no-headers']);
    expect(rows(onNode.stdout).every((r) => r.length >= 6)).toBe(true);
    const both = await oc(lab, ['get', 'deploy,sts', '-n', 'clusters-example', '-o', 'name']);
    expect(both.stdout).toContain('deployment.apps/kube-apiserver\n');
    expect(both.stdout).toContain('statefulset.apps/etcd\n');
  });
});

describe('errors like kubectl', () => {
  it('NotFound, an empty namespace, unknown types, commands and flags', async () => {
    const lab = makeLab({ flavor: 'kubeadm' });
    const missing = await kubectl(lab, ['get', 'node', 'nope']);
    expect([missing.code, missing.stderr]).toEqual([1, 'Error from server (NotFound): nodes "nope" not found\n']);
    const dep = await kubectl(lab, ['get', 'deployment', 'nope', '-n', 'default']);
    expect(dep.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    const empty = await kubectl(lab, ['get', 'pods', '-n', 'empty']);
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([0, '', 'No resources found in empty namespace.\n']);
    expect((await kubectl(lab, ['get', 'widgets'])).stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    const cmd = await kubectl(lab, ['frobnicate', 'nodes']);
    expect([cmd.code, cmd.stderr]).toEqual([1, 'error: unknown command "frobnicate" for "kubectl"\n']);
    expect((await oc(lab, ['adm', 'frob'])).stderr).toBe('error: unknown command "frob" for "oc adm"\n');
    const flag = await kubectl(lab, ['get', 'nodes', '--colour']);
    expect([flag.code, flag.stderr]).toEqual([1, "error: unknown flag: --colour\nSee 'kubectl get --help' for usage.\n"]);
    expect((await kubectl(lab, ['project'])).stderr).toBe('error: unknown command "project" for "kubectl"\n');
  });

  it('every tool says it is a lab tool', async () => {
    const lab = makeLab({ flavor: 'kubeadm' });
    for (const [tool, args] of [['kubectl', []], ['oc', []], ['kubeadm', []], ['pkg', ['apt-get']], ['pkg', ['yum']]] as const) {
      const r = await (await import('./helpers.js')).run(lab, tool, [...args, '--lab-info']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/opsctl lab tool/);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    }
  });
});
