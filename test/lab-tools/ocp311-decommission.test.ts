// The 3.11 master decommission and pod-mode etcd backup against the lab: static pods follow
// the manifest files on each host, the kubernetes endpoints follow the running API servers
// and the nodes, drains speak 1.11, and `oc exec` into an etcd pod runs on its host.
import { renameSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostFile, makeLab, oc } from './helpers.js';

const DESCRIBE_311 = (endpoints: string, dns: string) =>
  [
    'Name:\t\t\tkubernetes',
    'Namespace:\t\tdefault',
    'Labels:\t\t\tcomponent=apiserver',
    '\t\t\tprovider=kubernetes',
    'Annotations:\t\t<none>',
    'Selector:\t\t<none>',
    'Type:\t\t\tClusterIP',
    'IP:\t\t\t172.30.0.1',
    'Port:\t\t\thttps\t443/TCP',
    `Endpoints:\t\t${endpoints}`,
    'Port:\t\t\tdns\t53/UDP',
    `Endpoints:\t\t${dns}`,
    'Port:\t\t\tdns-tcp\t53/TCP',
    `Endpoints:\t\t${dns}`,
    'Session Affinity:\tClientIP',
    'Events:\t\t\t<none>',
    '',
  ].join('\n');

describe('static pods and the kubernetes service', () => {
  it('describe svc kubernetes has the 3.11 layout with every running API server', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    const r = await oc(lab, ['describe', 'svc', 'kubernetes', '-n', 'default']);
    expect(r.stdout).toBe(DESCRIBE_311('127.0.10.10:8443,127.0.10.11:8443,127.0.10.12:8443', '127.0.10.10:8053,127.0.10.11:8053,127.0.10.12:8053'));
  });

  it('moving apiserver.yaml and controller.yaml to disabled/ removes those pods and the endpoint', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    const pods = hostFile(lab.dir, 'master-2', '/etc/origin/node/pods');
    mkdirSync(join(pods, 'disabled'));
    renameSync(join(pods, 'apiserver.yaml'), join(pods, 'disabled/apiserver.yaml'));
    renameSync(join(pods, 'controller.yaml'), join(pods, 'disabled/controller.yaml'));
    const names = (await oc(lab, ['get', 'pods', '-n', 'kube-system', '-o', 'name'])).stdout;
    expect(names).not.toContain('master-api-master-2');
    expect(names).not.toContain('master-controllers-master-2');
    expect(names).toContain('pod/master-etcd-master-2\n');
    const ep = await oc(lab, ['get', 'endpoints', 'kubernetes', '-n', 'default', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']);
    expect(ep.stdout).toBe('127.0.10.10 127.0.10.11');
    renameSync(join(pods, 'disabled/apiserver.yaml'), join(pods, 'apiserver.yaml'));
    expect((await oc(lab, ['get', 'pods', '-n', 'kube-system', '-o', 'name'])).stdout).toContain('pod/master-api-master-2\n');
  });

  it('the etcd endpoint in etcd.yaml is what the 3.11 procedure greps for', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(hostFile(lab.dir, 'master-1', '/etc/origin/node/pods/etcd.yaml'), 'utf8').split('\n').filter((l) => l.includes('https'));
    expect(lines.map((l) => l.split('/')[2])).toEqual(['127.0.10.11:2379']);
    const first = (await oc(lab, ['get', 'pods', '-n', 'kube-system'])).stdout.split('\n').find((l) => /^master-etcd\S*/.test(l));
    expect(first?.split(/\s+/)[0]).toBe('master-etcd-master-0');
  });

  it('drain then delete node: cordoned, evicted, gone, and its address leaves the endpoints', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    const refused = await oc(lab, ['adm', 'drain', 'master-2']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('node/master-2 cordoned\n');
    expect(refused.stderr).toMatch(/^error: unable to drain node "master-2", aborting command\.\.\.\n\nThere are pending nodes to be drained:\n master-2\n/);
    expect(refused.stderr).toMatch(/^error: DaemonSet-managed pods \(use --ignore-daemonsets to ignore\): (sync|sdn|ovs)-\w{5}/m);
    expect((await oc(lab, ['adm', 'drain', 'master-2', '--ignore-daemonsets', '--delete-emptydir-data'])).stderr).toBe('Error: unknown flag: --delete-emptydir-data\n');
    const drained = await oc(lab, ['adm', 'drain', 'master-2', '--ignore-daemonsets', '--delete-local-data', '--force', '--timeout=120s']);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(/^node\/master-2 already cordoned\n(pod\/\S+ evicted\n)+node\/master-2 drained\n$/);
    expect(drained.stderr).toMatch(/^WARNING: Ignoring DaemonSet-managed pods: /m);
    const left = await oc(lab, ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=master-2', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(left.stdout.split(' ').sort().every((n) => /^(master-\w+-master-2|sync-|sdn-|ovs-)/.test(n))).toBe(true);
    expect((await oc(lab, ['get', 'node', 'master-2', '--no-headers'])).stdout).toMatch(/Ready,SchedulingDisabled/);
    const del = await oc(lab, ['delete', 'node', 'master-2']);
    expect(del.stdout).toBe('node "master-2" deleted\n');
    const d = await oc(lab, ['describe', 'svc', 'kubernetes', '-n', 'default']);
    expect(d.stdout).toBe(DESCRIBE_311('127.0.10.10:8443,127.0.10.11:8443', '127.0.10.10:8053,127.0.10.11:8053'));
    expect((await oc(lab, ['get', 'pods', '-A', '-o', 'name'])).stdout).not.toMatch(/master-2/);
  });

  it('manage-node --schedulable=false cordons and lists the node; uncordon undoes it', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const r = await oc(lab, ['adm', 'manage-node', 'master-1', '--schedulable=false']);
    expect(r.stdout.split('\n')[1]).toMatch(/^master-1\s+Ready,SchedulingDisabled\s+compute,infra,master/);
    expect((await oc(lab, ['adm', 'uncordon', 'master-1'])).stdout).toBe('node/master-1 uncordoned\n');
    expect((await oc(lab, ['uncordon', 'master-1'])).stdout).toBe('node/master-1 already uncordoned\n');
  });
});

describe('oc exec into an etcd pod', () => {
  it('runs the command on the pod\'s own host and passes its output and exit code through', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    await oc(lab, ['login', '-u', 'system:admin']);
    expect((await oc(lab, ['project', 'kube-system'])).stdout).toBe('Now using project "kube-system" on server "https://127.0.10.10:8443".\n');
    const r = await oc(lab, ['exec', 'master-etcd-master-0', '-c', 'etcd', '--', '/bin/sh', '-c', 'echo "snapshot on $OPSCTL_LAB_HOST"; exit 4'], { host: 'master-0' });
    expect([r.code, r.stdout, r.stderr]).toEqual([4, 'snapshot on master-0\n', 'command terminated with exit code 4\n']);
    const bad = await oc(lab, ['exec', 'master-etcd-master-0', '-c', 'api', '--', 'true'], { host: 'master-0' });
    expect(bad.stderr).toBe('Error from server (BadRequest): container api is not valid for pod master-etcd-master-0\n');
  });

  it('reaches another host\'s pod over the lab ssh_config', async () => {
    const lab = makeLab({ flavor: 'ocp311', hostTree: true });
    const fakeSsh = join(lab.dir, 'fake-ssh');
    writeFileSync(fakeSsh, '#!/bin/sh\necho "ssh $*"\n');
    chmodSync(fakeSsh, 0o755);
    const r = await oc(lab, ['exec', '-n', 'kube-system', 'master-etcd-master-2', '-c', 'etcd', '--', 'sh', '-c', 'ETCDCTL_API=3 etcdctl snapshot save /var/lib/etcd/snapshot.db'], {
      host: 'master-0',
      env: { OPSCTL_LAB_SSH: fakeSsh },
    });
    expect(r.stdout).toBe(`ssh -F ${lab.dir}/ssh_config -o BatchMode=yes master-2 -- sh -c 'ETCDCTL_API=3 etcdctl snapshot save /var/lib/etcd/snapshot.db'\n`);
  });
});
