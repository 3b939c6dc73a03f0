// lab.json: what `lab up` started and created, so `lab status` and `lab down` act on recorded
// facts (pids, mount points) instead of guessing. Versioned, validated when read, written atomically.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomic.js';
import { labFile } from './layout.js';

const ProcessRef = z.object({
  pid: z.number().int().positive(),
  /** Start time in clock ticks since boot (/proc/PID/stat field 22): a reused pid never matches. */
  startTicks: z.number().int().nonnegative(),
});
export type ProcessRef = z.infer<typeof ProcessRef>;

const LabHost = z.object({
  name: z.string(),
  role: z.enum(['master', 'lb', 'worker']),
  address: z.string(),
  port: z.number().int(),
  /** `unshare`, the parent holding the host's namespaces, and the sshd it runs. */
  unshare: ProcessRef.optional(),
  sshd: ProcessRef.optional(),
  /** `mnt:[inode]` of the host's mount namespace: every process in it belongs to the lab. */
  mntNs: z.string().optional(),
  etcd: z.object({ name: z.string(), clientURL: z.string(), peerURL: z.string() }).optional(),
});
export type LabHost = z.infer<typeof LabHost>;

const LabState = z.object({
  version: z.literal(1),
  status: z.enum(['starting', 'up', 'failed']),
  flavor: z.enum(['ocp311', 'kubeadm']),
  dir: z.string(),
  /** First three octets of the loopback block, e.g. `127.0.10`. */
  network: z.string(),
  sshPort: z.number().int(),
  /** Absolute dist/lab/tools the host wrappers exec. */
  toolsDir: z.string(),
  createdAt: z.string(),
  startMs: z.number().optional(),
  /** `lab up --login-ms`: what each host's login shell spends in its rc file. */
  loginMs: z.number().optional(),
  hosts: z.array(LabHost),
  etcd: z
    .object({
      endpoints: z.array(z.string()),
      cacert: z.string(),
      cert: z.string(),
      key: z.string(),
      seedPrefix: z.string(),
      seededKeys: z.number().int(),
    })
    .optional(),
  /** The hosted cluster's real etcd (src/lab/hosted-etcd): keys seeded into it at `lab up`. */
  hostedEtcd: z.object({ seedPrefix: z.string(), seededKeys: z.number().int() }).optional(),
  /** Lab-wide services on loopback: an S3 server (s3rver) and a Route53 stand-in, one process. */
  services: z
    .object({
      process: ProcessRef.optional(),
      s3: z.object({ endpoint: z.string(), bucket: z.string(), region: z.string(), accessKeyId: z.string(), secretAccessKey: z.string() }),
      route53: z.object({ endpoint: z.string(), zoneId: z.string(), domain: z.string() }),
    })
    .optional(),
  /** kubeadm flavour: the Kubernetes version every node starts at. */
  kubernetesVersion: z.string().optional(),
  /** Directories `lab up` created on the real system as mount points; `lab down` removes them if empty. */
  mountPointsCreated: z.array(z.string()),
  files: z.object({
    inventory: z.string(),
    sshConfig: z.string(),
    knownHosts: z.string(),
    kubeconfig: z.string(),
    identity: z.string(),
  }),
});
export type LabState = z.infer<typeof LabState>;

export function readLabState(dir: string): LabState | undefined {
  const file = labFile(dir, 'lab.json');
  if (!existsSync(file)) return undefined;
  const parsed = LabState.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a lab state file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function writeLabState(state: LabState): void {
  writeFileAtomic(labFile(state.dir, 'lab.json'), JSON.stringify(state, null, 2) + '\n', 0o644);
}
