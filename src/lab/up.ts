// `lab up` in order: preflight → claim addresses → keys and certs (in parallel) → host trees and
// tools → sshd per host → etcd members → healthy cluster → seed → lab.json `up`. Any failure
// stops what was started and leaves lab.json `failed` with the logs in place.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { execa } from 'execa';
import { HostError, InputError, OpsError } from '../errors.js';
import { claimAddressBlock, chooseSshPort } from './address-block.js';
import { planCertificates, pkiDir, sharedCert } from './cert-plan.js';
import { clientURL, peerURL } from './content/etcd-conf.js';
import { KUBEADM_INITIAL_VERSION } from './content/kubeadm.js';
import { renderKubeconfig } from './content/kubeconfig.js';
import { seedKeys, waitUntilHealthy, type EtcdAccess } from './etcd-client.js';
import { contentContext, filesForHost, writeHostTree } from './host-content.js';
import { runOnHost } from './host-exec.js';
import { readLabState, writeLabState, type LabState } from './lab-state.js';
import { HOST_MOUNTS, hostDir, hostRoot, labFile, mountShadowing, planHosts, type Flavor, type HostSpec } from './layout.js';
import { ensureMountPoints } from './mount-points.js';
import { mapLimit } from './parallel.js';
import { issueCertificates } from './pki.js';
import { checkPrerequisites } from './preflight.js';
import { makeMasterSecrets } from './secrets.js';
import { hostKeyPath, makeHostKey, startHost } from './sshd.js';
import { renderInventory, renderKnownHosts, renderSshConfig, type ReachableHost } from './operator-files.js';
import { installHostTools, installOperatorTools } from './wrappers.js';
import { labDown, stopLab } from './down.js';
import { startHostedEtcd, startLabServices } from './services/start.js';
import { labToolsDir } from './tool-path.js';

export interface UpOptions {
  dir: string;
  flavor: Flavor;
  masters: number;
  workers: number;
  /** Milliseconds each host's login shell spends in its rc file (0: none). */
  loginMs?: number;
}

export const SEED_PREFIX = '/lab/seed/';
export const SEED_COUNT = 100;
// The built tools: two levels up from this module both in src/lab/ and in the bundle's dist/chunks/.
const TOOLS_DIR = labToolsDir();

export async function labUp(opts: UpOptions, report: (line: string) => void): Promise<LabState> {
  const started = Date.now();
  const progress = (line: string) => report(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const programs = checkPrerequisites();
  await prepareDir(opts.dir);
  const sshPort = await chooseSshPort();
  const network = await claimAddressBlock(opts.dir, opts.masters + 1 + opts.workers, opts.masters, sshPort);
  const hosts = planHosts(opts.masters, opts.workers, network);
  const masters = hosts.filter((h) => h.role === 'master');
  const state: LabState = {
    version: 1,
    status: 'starting',
    flavor: opts.flavor,
    dir: opts.dir,
    network,
    sshPort,
    toolsDir: TOOLS_DIR,
    createdAt: new Date().toISOString(),
    ...(opts.loginMs ? { loginMs: opts.loginMs } : {}),
    hosts: hosts.map((h) => ({ ...h, port: sshPort, ...(h.role === 'master' ? { etcd: { name: h.name, clientURL: clientURL(h), peerURL: peerURL(h) } } : {}) })),
    mountPointsCreated: [],
    files: {
      inventory: labFile(opts.dir, 'inventory.ini'),
      sshConfig: labFile(opts.dir, 'ssh_config'),
      knownHosts: labFile(opts.dir, 'known_hosts'),
      kubeconfig: labFile(opts.dir, 'kubeconfig'),
      identity: labFile(opts.dir, 'id_ed25519'),
    },
    ...(opts.flavor === 'kubeadm' ? { kubernetesVersion: KUBEADM_INITIAL_VERSION } : {}),
  };
  writeLabState(state);
  let hostedPieces: Promise<void> | undefined;
  try {
    state.mountPointsCreated = ensureMountPoints(HOST_MOUNTS);
    writeLabState(state);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation dir

    progress(`making keys and certificates for ${hosts.length} hosts`);
    const [, secrets] = await Promise.all([makeCertificates(opts, hosts, programs.openssl), makeMasterSecrets(), makeSshKeys(opts.dir, hosts)]);

    progress('writing host trees and tools');
    const ctx = contentContext(opts.dir, hosts);
    masters.forEach((h, i) => writeHostTree(opts.dir, h.name, filesForHost(ctx, opts.flavor, h, i, secrets)));
    for (const h of hosts.filter((x) => x.role !== 'master')) writeHostTree(opts.dir, h.name, filesForHost(ctx, opts.flavor, h, -1, secrets));
    for (const h of hosts) installHostTools(opts.dir, h.name, opts.flavor, h.role, TOOLS_DIR);
    await validateHaproxy(opts.dir, hosts.find((h) => h.role === 'lb')!, programs.haproxy);

    const reachable = hosts.map((h) => ({ ...h, port: sshPort, hostKey: readFileSync(`${hostKeyPath(opts.dir, h.name)}.pub`, 'utf8').split(' ').slice(0, 2).join(' ') }));
    writeOperatorFiles(opts, reachable, ctx.read);

    progress(`starting ${hosts.length} sshd hosts on ${network}.0/24 port ${sshPort}`);
    // allSettled: hosts that did start are recorded (and so stopped) even if another failed.
    const startedHosts = await Promise.allSettled(hosts.map((h) => startHost(opts.dir, h.name, h.address, sshPort, { unshare: programs.unshare, sshd: programs.sshd }, opts.loginMs ?? 0)));
    startedHosts.forEach((s, i) => s.status === 'fulfilled' && Object.assign(state.hosts[i], s.value));
    writeLabState(state);
    const failed = startedHosts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    await seedSimulatedApi(opts, hosts);
    // The hosted-cluster pieces need neither sshd nor the masters' etcd: they start meanwhile.
    progress('starting the S3 and Route53 services and the hosted cluster\'s etcd');
    hostedPieces = startLabServices(state).then(() => startHostedEtcd(state));
    hostedPieces.catch(() => undefined);

    progress(`starting etcd on ${masters.length} masters`);
    const access: EtcdAccess = {
      endpoints: masters.map(clientURL),
      cacert: `${sharedCert(opts.dir, 'etcd-ca')}.crt`,
      cert: `${sharedCert(opts.dir, 'etcd-client')}.crt`,
      key: `${sharedCert(opts.dir, 'etcd-client')}.key`,
    };
    await startEtcdMembers(opts, state);
    const down = await waitUntilHealthy(access, 20_000);
    if (down.length > 0) throw new HostError(`etcd did not become healthy on ${down.join(', ')}`, { hint: `see ${join(opts.dir, 'hosts', '<master>', 'root', 'run-lab', 'etcd.log')}` });
    progress('etcd healthy; seeding keys');
    await seedKeys(access, SEED_PREFIX, SEED_COUNT);

    state.etcd = { ...access, seedPrefix: SEED_PREFIX, seededKeys: SEED_COUNT };
    await hostedPieces;
    state.status = 'up';
    state.startMs = Date.now() - started;
    writeLabState(state);
    return state;
  } catch (e) {
    // Whatever the hosted pieces started must be recorded before everything is stopped.
    await hostedPieces?.catch(() => undefined);
    state.status = 'failed';
    writeLabState(state);
    await stopLab(state).catch(() => undefined);
    if (e instanceof OpsError) throw e;
    throw new HostError(`lab up failed: ${(e as Error).message}`, { cause: e, hint: `logs are in ${opts.dir}/hosts/*/root/run-lab; clean up with: opsctl lab down --dir ${opts.dir}` });
  }
}

// A dir that is not a lab is never reused (lab down deletes what it finds); a failed lab is.
async function prepareDir(dir: string): Promise<void> {
  if (!isAbsolute(dir) || /[\s'"\\]/.test(dir)) throw new InputError(`lab dir must be an absolute path without spaces or quotes: ${dir}`);
  const shadow = mountShadowing(dir);
  if (shadow) throw new InputError([{ message: `lab dir ${dir} is inside ${shadow}, which every lab host replaces with its own` }], { hint: 'choose another --dir' });
  const existing = readLabState(dir);
  if (existing?.status === 'up' || existing?.status === 'starting') {
    throw new InputError([{ message: `a lab is already ${existing.status === 'up' ? 'up' : 'starting'} in ${dir}` }], { hint: `opsctl lab down --dir ${dir}` });
  }
  if (existing) {
    await labDown(dir);
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new InputError([{ message: `${dir} exists and is not a lab directory` }], { hint: 'give an empty or new --dir' });
  }
  // Private: it holds the lab's CA keys and root's key to every host.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

async function makeCertificates(opts: UpOptions, hosts: HostSpec[], openssl: string): Promise<void> {
  for (const h of hosts) mkdirSync(join(pkiDir(opts.dir), 'hosts', h.name), { recursive: true });
  await issueCertificates(openssl, pkiDir(opts.dir), planCertificates(opts.dir, opts.flavor, hosts));
}

async function makeSshKeys(dir: string, hosts: HostSpec[]): Promise<void> {
  for (const h of hosts) mkdirSync(join(hostDir(dir, h.name), 'ssh'), { recursive: true });
  await Promise.all([
    execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'opsctl-lab', '-f', labFile(dir, 'id_ed25519')], { stdin: 'ignore' }),
    mapLimit(hosts, 8, (h) => makeHostKey(dir, h.name)),
  ]);
}

// The real haproxy judges the lab's config before any host starts, as the lb role would.
async function validateHaproxy(dir: string, lb: HostSpec, haproxy: string): Promise<void> {
  const cfg = join(hostRoot(dir, lb.name), '/etc/haproxy/haproxy.cfg');
  const r = await execa(haproxy, ['-c', '-f', cfg], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`haproxy rejects the lab's own config ${cfg}:\n${r.stdout}${r.stderr}`);
}

function writeOperatorFiles(opts: UpOptions, hosts: ReachableHost[], read: (p: string) => string): void {
  const paths = { identity: labFile(opts.dir, 'id_ed25519'), knownHosts: labFile(opts.dir, 'known_hosts') };
  writeFileSync(labFile(opts.dir, 'authorized_keys'), read(`${paths.identity}.pub`));
  writeFileSync(paths.knownHosts, renderKnownHosts(hosts));
  writeFileSync(labFile(opts.dir, 'ssh_config'), renderSshConfig(hosts, paths));
  writeFileSync(labFile(opts.dir, 'inventory.ini'), renderInventory(opts.flavor, hosts, paths, opts.dir));
  const lb = hosts.find((h) => h.role === 'lb')!;
  const admin = sharedCert(opts.dir, 'admin');
  const kubeconfig = renderKubeconfig({
    cluster: 'lab',
    server: `https://${lb.address}:${opts.flavor === 'ocp311' ? 8443 : 6443}`,
    user: opts.flavor === 'ocp311' ? 'system:admin' : 'kubernetes-admin',
    caPem: read(`${sharedCert(opts.dir, 'ca')}.crt`),
    certPem: read(`${admin}.crt`),
    keyPem: read(`${admin}.key`),
  });
  writeFileSync(labFile(opts.dir, 'kubeconfig'), `# opsctl lab: the API is simulated by ${TOOLS_DIR}/oc.js with its state under ${opts.dir}\n${kubeconfig}`, { mode: 0o600 });
  installOperatorTools(opts.dir, opts.flavor, TOOLS_DIR, labFile(opts.dir, 'kubeconfig'));
}

// The oc/kubectl/kubeadm simulation keeps its cluster state under <lab>/api; it builds it from
// the lab's topology (its module, src/lab/kube/seed/seed.ts, owns that format).
async function seedSimulatedApi(opts: UpOptions, hosts: HostSpec[]): Promise<void> {
  const { seedApiState } = await import('./kube/seed/seed.js');
  const ref = (h: HostSpec) => ({ name: h.name, address: h.address });
  seedApiState(opts.dir, {
    flavor: opts.flavor,
    masters: hosts.filter((h) => h.role === 'master').map(ref),
    workers: hosts.filter((h) => h.role === 'worker').map(ref),
    version: KUBEADM_INITIAL_VERSION,
  });
}

// Inside each master's namespaces, through the same simulated systemctl an operator would use:
// `start etcd` on 3.11; on kubeadm `start kubelet`, whose static-pod sync starts etcd.
async function startEtcdMembers(opts: UpOptions, state: LabState): Promise<void> {
  const unit = opts.flavor === 'ocp311' ? 'etcd' : 'kubelet';
  const env = { OPSCTL_LAB_DIR: opts.dir, OPSCTL_LAB_TOOL: 'systemctl' };
  await Promise.all(
    state.hosts
      .filter((h) => h.role === 'master')
      .map(async (h) => {
        const r = await runOnHost(h.sshd!.pid, { ...env, OPSCTL_LAB_HOST: h.name }, process.execPath, [join(TOOLS_DIR, 'systemctl.js'), 'start', unit]);
        if (r.exitCode === 0) return;
        const log = join(hostRoot(opts.dir, h.name), 'run-lab', 'etcd.log');
        const last = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').pop() : undefined;
        throw new HostError(`systemctl start ${unit} failed on ${h.name}${last ? `; etcd said: ${last}` : `: ${`${r.stderr}${r.stdout}`.trim()}`}`, { hint: `see ${log}` });
      }),
  );
}

