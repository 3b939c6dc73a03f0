// `lab up`'s last stage for the hosted-cluster procedures: the loopback services (S3, Route53)
// and the hosted cluster's real etcd on the source management cluster, seeded with keys a DR
// test reads back after a migration. `lab down` stops what this started.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HostError } from '../../errors.js';
import { sharedCert } from '../cert-plan.js';
import { seedKeys } from '../etcd-client.js';
import { logTail, startDaemon } from '../host/daemon.js';
import { writeLabState, type LabState } from '../lab-state.js';
import { processRef, readPidFile } from '../procfs.js';
import { convergeHostedEtcd } from '../hosted-etcd/converge.js';
import { clientURL, hostedEtcdRoot, tlsDir, type HostedEtcdLab } from '../hosted-etcd/layout.js';
import { readState } from '../hosted-etcd/state.js';
import { HOSTED } from '../kube/seed/hosted.js';
import { DEFAULT_CLUSTER } from '../kube/store/paths.js';
import { openCluster } from '../kube/store/cluster.js';
import { labToolScript } from '../tool-path.js';

const SERVICES = labToolScript('lab-services');
export const HOSTED_SEED_PREFIX = '/hosted/seed/';
export const HOSTED_SEED_COUNT = 50;

export async function startLabServices(state: LabState): Promise<void> {
  const at = `${state.network}.2`;
  state.services = {
    s3: { endpoint: `http://${at}:9000`, bucket: 'opsctl-lab', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    route53: { endpoint: `http://${at}:9001`, zoneId: 'Z0OPSCTLLAB', domain: HOSTED.baseDomain },
  };
  writeLabState(state);
  const run = join(state.dir, 'run-lab');
  mkdirSync(run, { recursive: true });
  const r = await startDaemon(run, { name: 'services', command: process.execPath, args: [SERVICES, state.dir], env: process.env, cwd: state.dir, ready: { host: at, port: 9001 } });
  if (!r.ok) throw new HostError(`the lab's S3/Route53 services did not start: ${r.reason}`, { hint: logTail(run, 'services').join('\n') });
  state.services.process = processRef(r.pid);
  writeLabState(state);
}

export async function startHostedEtcd(state: LabState): Promise<void> {
  const tls = tlsDir(state.dir);
  mkdirSync(join(tls, 'client'), { recursive: true });
  mkdirSync(join(tls, 'server'), { recursive: true });
  // The names HyperShift's etcd pods mount them under (/etc/etcd/tls/{client,server}/...).
  copyFileSync(`${sharedCert(state.dir, 'etcd-ca')}.crt`, join(tls, 'client/etcd-client-ca.crt'));
  copyFileSync(`${sharedCert(state.dir, 'etcd-client')}.crt`, join(tls, 'client/etcd-client.crt'));
  copyFileSync(`${sharedCert(state.dir, 'etcd-client')}.key`, join(tls, 'client/etcd-client.key'));
  copyFileSync(`${sharedCert(state.dir, 'etcd-ca')}.crt`, join(tls, 'server/ca.crt'));
  copyFileSync(`${sharedCert(state.dir, 'hosted-etcd')}.crt`, join(tls, 'server/server.crt'));
  copyFileSync(`${sharedCert(state.dir, 'hosted-etcd')}.key`, join(tls, 'server/server.key'));
  state.hostedEtcd = { seedPrefix: HOSTED_SEED_PREFIX, seededKeys: HOSTED_SEED_COUNT };
  writeLabState(state);
  const lab: HostedEtcdLab = { labDir: state.dir, network: state.network };
  await convergeHostedEtcd(lab, DEFAULT_CLUSTER);
  const ns = `${HOSTED.namespace}-${HOSTED.name}`;
  const st = readState(state.dir, DEFAULT_CLUSTER, ns);
  if (!st.healthy) throw new HostError(`the hosted cluster's etcd did not start: ${st.message ?? 'unknown'}`, { hint: `see ${join(hostedEtcdRoot(state.dir), DEFAULT_CLUSTER, ns, 'run')}` });
  const endpoints = Object.keys(st.members).map((i) => clientURL(lab, DEFAULT_CLUSTER, Number(i)));
  await seedKeys({ endpoints, cacert: join(tls, 'client/etcd-client-ca.crt'), cert: join(tls, 'client/etcd-client.crt'), key: join(tls, 'client/etcd-client.key') }, HOSTED_SEED_PREFIX, HOSTED_SEED_COUNT);
  // The HyperShift stand-in sees etcd healthy: the hosted cluster is Available.
  openCluster(state.dir, DEFAULT_CLUSTER, () => undefined);
}

// Pids `lab down` must stop besides the hosts': services, hosted etcd members, converge workers.
export function servicePids(state: LabState): number[] {
  const pids: number[] = [];
  const svc = state.services?.process;
  if (svc) pids.push(svc.pid);
  const root = hostedEtcdRoot(state.dir);
  const walk = (dir: string): void => {
    for (const e of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pid')) {
        const pid = readPidFile(p);
        if (pid) pids.push(pid);
      }
    }
  };
  walk(root);
  return pids;
}
