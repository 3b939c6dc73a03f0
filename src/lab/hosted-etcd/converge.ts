// Brings the real etcd members of one management cluster's hosted control planes to what its
// API state asks for, as the kubelet and HyperShift's etcd init container would: stop members
// whose pod is gone, delete the volumes of a deleted namespace, restore an empty volume from the
// HostedCluster's restoreSnapshotURL (downloaded over HTTP, `etcdctl snapshot restore`), start
// the missing members, and record in state.json whether they are healthy.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeFileAtomic } from '../../state/atomic.js';
import { runningPid, startDaemon, stopDaemon } from '../host/daemon.js';
import { waitUntilHealthy } from '../etcd-client.js';
import { desiredEtcd, type DesiredEtcd } from './desired.js';
import { clientURL, initialCluster, memberVolume, namespaceEtcdDir, peerURL, runDirOf, stateFileOf, tlsDir, type HostedEtcdLab } from './layout.js';
import { readState } from './state.js';

export async function convergeHostedEtcd(lab: HostedEtcdLab, cluster: string): Promise<void> {
  const want = desiredEtcd(lab.labDir, cluster);
  for (const ns of want.gone) {
    await stopAll(lab.labDir, cluster, ns);
    rmSync(namespaceEtcdDir(lab.labDir, cluster, ns), { recursive: true, force: true });
  }
  for (const plane of want.planes) await convergePlane(lab, cluster, plane);
}

async function stopAll(labDir: string, cluster: string, ns: string): Promise<void> {
  const run = runDirOf(labDir, cluster, ns);
  const names = existsSync(run) ? readdirSync(run).filter((f) => /^etcd-\d+\.pid$/.test(f)).map((f) => f.slice(0, -4)) : [];
  await Promise.all(names.map((n) => stopDaemon(run, n)));
}

async function convergePlane(lab: HostedEtcdLab, cluster: string, plane: DesiredEtcd): Promise<void> {
  const run = runDirOf(lab.labDir, cluster, plane.namespace);
  mkdirSync(run, { recursive: true });
  const state = readState(lab.labDir, cluster, plane.namespace);
  const running = readdirSync(run).filter((f) => /^etcd-\d+\.pid$/.test(f)).map((f) => Number(f.slice(5, -4)));
  for (const i of running) if (!plane.members.includes(i)) await stopDaemon(run, `etcd-${i}`);
  const missing = plane.members.filter((i) => !runningPid(run, `etcd-${i}`));
  try {
    const fresh = missing.filter((i) => !existsSync(join(memberVolume(lab.labDir, cluster, plane.namespace, i), 'member')));
    for (const i of fresh) {
      const url = plane.restoreURLs[i] ?? plane.restoreURLs[0];
      if (url) state.origin[i] = await restoreMember(lab, cluster, plane, i, url);
      else state.origin[i] = 'new';
    }
    const started = await Promise.all(missing.map((i) => startMember(lab, cluster, plane, i, fresh.includes(i) && !plane.restoreURLs.length)));
    const failed = started.find((r) => r);
    if (failed) throw new Error(failed);
    const endpoints = plane.members.map((i) => clientURL(lab, cluster, i));
    const tls = tlsDir(lab.labDir);
    const down = endpoints.length ? await waitUntilHealthy({ endpoints, cacert: join(tls, 'client/etcd-client-ca.crt'), cert: join(tls, 'client/etcd-client.crt'), key: join(tls, 'client/etcd-client.key') }, 30_000) : [];
    state.healthy = plane.members.length > 0 && down.length === 0;
    state.message = down.length ? `not healthy: ${down.join(', ')}` : undefined;
  } catch (e) {
    state.healthy = false;
    state.message = (e as Error).message;
  }
  state.members = Object.fromEntries(plane.members.map((i) => [String(i), runningPid(run, `etcd-${i}`) ?? 0]));
  writeFileAtomic(stateFileOf(lab.labDir, cluster, plane.namespace), JSON.stringify(state, null, 2) + '\n', 0o644);
}

// HyperShift's etcd init container: fetch the snapshot, restore it into the empty volume.
async function restoreMember(lab: HostedEtcdLab, cluster: string, plane: DesiredEtcd, i: number, url: string): Promise<string> {
  const volume = memberVolume(lab.labDir, cluster, plane.namespace, i);
  mkdirSync(volume, { recursive: true });
  const file = join(volume, 'restore.db');
  const res = await fetch(url);
  if (!res.ok) throw new Error(`etcd-${i}: downloading the restore snapshot failed: HTTP ${res.status} ${res.statusText}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const tmp = join(volume, 'restore.tmp');
  rmSync(tmp, { recursive: true, force: true });
  const r = await execa('etcdctl', ['snapshot', 'restore', file, `--name=etcd-${i}`, `--initial-cluster=${initialCluster(lab, cluster, plane.size)}`, `--initial-cluster-token=${cluster}-${plane.namespace}`, `--initial-advertise-peer-urls=${peerURL(lab, cluster, i)}`, `--data-dir=${tmp}`], { reject: false, env: { ETCDCTL_API: '3' }, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`etcd-${i}: etcdctl snapshot restore failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  renameSync(join(tmp, 'member'), join(volume, 'member'));
  rmSync(tmp, { recursive: true, force: true });
  rmSync(file, { force: true });
  return url.replace(/\?.*$/, '');
}

async function startMember(lab: HostedEtcdLab, cluster: string, plane: DesiredEtcd, i: number, fresh: boolean): Promise<string | undefined> {
  const volume = memberVolume(lab.labDir, cluster, plane.namespace, i);
  mkdirSync(volume, { recursive: true });
  const server = join(tlsDir(lab.labDir), 'server');
  const tls = (kind: 'cert' | 'key' | 'trusted-ca') => join(server, kind === 'cert' ? 'server.crt' : kind === 'key' ? 'server.key' : 'ca.crt');
  const args = [
    `--name=etcd-${i}`,
    `--data-dir=${volume}`,
    `--listen-client-urls=${clientURL(lab, cluster, i)}`,
    `--advertise-client-urls=${clientURL(lab, cluster, i)}`,
    `--listen-peer-urls=${peerURL(lab, cluster, i)}`,
    `--initial-advertise-peer-urls=${peerURL(lab, cluster, i)}`,
    `--initial-cluster=${initialCluster(lab, cluster, plane.size)}`,
    `--initial-cluster-token=${cluster}-${plane.namespace}`,
    `--initial-cluster-state=${fresh ? 'new' : 'existing'}`,
    `--cert-file=${tls('cert')}`, `--key-file=${tls('key')}`, `--trusted-ca-file=${tls('trusted-ca')}`, '--client-cert-auth',
    `--peer-cert-file=${tls('cert')}`, `--peer-key-file=${tls('key')}`, `--peer-trusted-ca-file=${tls('trusted-ca')}`, '--peer-client-cert-auth',
    '--snapshot-count=10000', '--heartbeat-interval=100', '--election-timeout=1000', '--logger=zap', '--log-level=warn',
  ];
  const url = new URL(clientURL(lab, cluster, i));
  const r = await startDaemon(runDirOf(lab.labDir, cluster, plane.namespace), { name: `etcd-${i}`, command: 'etcd', args, env: { PATH: process.env.PATH, ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH }, cwd: volume, ready: { host: url.hostname, port: Number(url.port) } });
  return r.ok ? undefined : `etcd-${i} of ${plane.namespace} on ${cluster} did not start: ${r.reason}`;
}
