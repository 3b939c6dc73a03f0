// The lab's generated files, checked without starting anything: the inventory parses with
// opsctl's own parser, the etcd config and manifests say what the members need, the haproxy
// config passes the real `haproxy -c`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/parse.js';
import { mountShadowing, planHosts } from '../../src/lab/layout.js';
import { renderInventory, renderKnownHosts, renderSshConfig, type ReachableHost } from '../../src/lab/operator-files.js';
import { renderEtcdConf } from '../../src/lab/content/etcd-conf.js';
import { renderHaproxyCfg } from '../../src/lab/content/haproxy-cfg.js';
import { readEnvFile } from '../../src/lab/host/etcd-launch.js';
import { launchFromManifestText } from '../../src/lab/host/etcd-manifest.js';
import { staticPods } from '../../src/lab/content/ocp311-static-pods.js';

const hosts = planHosts(3, 1, '127.0.10');
const reachable: ReachableHost[] = hosts.map((h) => ({ ...h, port: 2222, hostKey: `ssh-ed25519 KEY-${h.name}` }));
const paths = { identity: '/lab/id_ed25519', knownHosts: '/lab/known_hosts' };
const masters = hosts.filter((h) => h.role === 'master');

describe('lab layout', () => {
  it('numbers masters, then the load balancer, then workers from .10', () => {
    expect(hosts.map((h) => `${h.name}=${h.address}`)).toEqual(['master-0=127.0.10.10', 'master-1=127.0.10.11', 'master-2=127.0.10.12', 'lb-0=127.0.10.13', 'node-0=127.0.10.14']);
  });

  it('refuses a lab dir the hosts would not see', () => {
    expect(mountShadowing('/backup/lab')).toBe('/backup');
    expect(mountShadowing('/etc/originals/lab')).toBeUndefined();
    expect(mountShadowing('/tmp/lab')).toBeUndefined();
  });
});

describe('operator files', () => {
  it('writes an inventory opsctl reads back with every connection fact', () => {
    const text = renderInventory('ocp311', reachable, paths, '/lab');
    const { inventory, diagnostics } = parseInventory(text, '/lab/inventory.ini');
    expect(diagnostics).toEqual([]);
    expect(inventory.groups.masters).toEqual(['master-0', 'master-1', 'master-2']);
    expect(inventory.groups.etcd).toEqual(['master-0', 'master-1', 'master-2']);
    expect(inventory.groups.lb).toEqual(['lb-0']);
    expect(inventory.groups.nodes).toEqual(['master-0', 'master-1', 'master-2', 'node-0']);
    expect(inventory.groups.OSEv3).toEqual(expect.arrayContaining(['master-0', 'lb-0', 'node-0']));
    const m1 = inventory.hosts['master-1'];
    expect(m1).toMatchObject({ address: '127.0.10.11', port: 2222, user: 'root', identityFile: '/lab/id_ed25519' });
    expect(m1.vars.openshift_node_group_name).toBe('node-config-master');
    expect(inventory.hosts['node-0'].vars.openshift_node_group_name).toBe('node-config-compute');
    expect(m1.sshOptions).toMatchObject({ userknownhostsfile: '/lab/known_hosts', stricthostkeychecking: 'yes' });
  });

  it('spells known_hosts entries as OpenSSH does and never turns checking off', () => {
    expect(renderKnownHosts(reachable).split('\n')[0]).toBe('[127.0.10.10]:2222 ssh-ed25519 KEY-master-0');
    expect(renderKnownHosts([{ ...reachable[0], port: 22 }])).toBe('127.0.10.10 ssh-ed25519 KEY-master-0\n');
    const cfg = renderSshConfig(reachable, paths);
    expect(cfg).toContain('Host master-2\n  HostName 127.0.10.12\n  Port 2222\n  User root\n  IdentityFile /lab/id_ed25519');
    expect(cfg).not.toMatch(/StrictHostKeyChecking (no|accept-new)|UserKnownHostsFile \/dev\/null/);
  });
});

describe('host contents', () => {
  it('writes etcd.conf in the env-file form with every member in ETCD_INITIAL_CLUSTER', () => {
    const env = readEnvFile(renderEtcdConf(masters[1], masters));
    expect(env).toMatchObject({
      ETCD_NAME: 'master-1',
      ETCD_DATA_DIR: '/var/lib/etcd/',
      ETCD_LISTEN_CLIENT_URLS: 'https://127.0.10.11:2379',
      ETCD_INITIAL_CLUSTER: 'master-0=https://127.0.10.10:2380,master-1=https://127.0.10.11:2380,master-2=https://127.0.10.12:2380',
      ETCD_INITIAL_CLUSTER_STATE: 'new',
      ETCD_CLIENT_CERT_AUTH: 'true',
      ETCD_PEER_CLIENT_CERT_AUTH: 'true',
      ETCD_TRUSTED_CA_FILE: '/etc/etcd/ca.crt',
    });
    expect(Object.keys(env)).not.toContain('ETCD_HEARTBEAT_INTERVAL');
  });

  it("keeps the docs' endpoint lookup working on etcd.yaml: grep https | cut -d/ -f3", () => {
    const pod = staticPods('127.0.10.12').find((f) => f.path.endsWith('/etcd.yaml'))!.text!;
    const https = pod.split('\n').filter((l) => l.includes('https'));
    expect(https.map((l) => l.split('/')[2])).toEqual(['127.0.10.12:2379']);
  });

  it('runs a kubeadm etcd manifest with container paths mapped to their hostPath volumes', () => {
    const manifest = `spec:
  containers:
  - name: etcd
    command: [etcd, --data-dir=/var/lib/etcd, --cert-file=/etc/kubernetes/pki/etcd/server.crt, --listen-client-urls=https://127.0.10.10:2379]
    volumeMounts: [{ name: etcd-data, mountPath: /var/lib/etcd }, { name: etcd-certs, mountPath: /etc/kubernetes/pki/etcd }]
  volumes:
  - { name: etcd-data, hostPath: { path: /var/lib/etcd-from-backup } }
  - { name: etcd-certs, hostPath: { path: /etc/kubernetes/pki/etcd } }
`;
    const launch = launchFromManifestText(manifest, () => true);
    expect(launch.ok && launch.spec).toMatchObject({
      command: '/usr/bin/etcd',
      args: ['--data-dir=/var/lib/etcd-from-backup', '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--listen-client-urls=https://127.0.10.10:2379'],
      cwd: '/var/lib/etcd-from-backup',
      ready: { host: '127.0.10.10', port: 2379 },
    });
  });

  it('writes an haproxy.cfg the real haproxy accepts, with every master in mgmt8443', () => {
    const cfg = renderHaproxyCfg(masters, 8443);
    expect(cfg).toMatch(/backend mgmt8443\n {4}balance source\n {4}mode tcp\n {4}# MASTERS 8443\n {4}server master-0 127\.0\.10\.10:8443 check\n {4}server master-1 /);
    expect(cfg).toContain('    server      master2 127.0.10.12:8443 check');
    const dir = mkdtempSync(join(tmpdir(), 'opsctl-haproxy-'));
    try {
      writeFileSync(join(dir, 'haproxy.cfg'), cfg);
      expect(execFileSync('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { encoding: 'utf8', stdio: 'pipe' })).toContain('Configuration file is valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
