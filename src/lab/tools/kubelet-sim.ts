// The kubelet of a kubeadm lab control plane, as far as etcd goes: every second it makes the
// etcd member match /etc/kubernetes/manifests/etcd.yaml — started when the manifest appears,
// stopped when it is moved away, restarted when it changes — like the real static-pod sync.
import { loadHostContext } from '../host/host-context.js';
import { etcdLaunch, etcdPid, launchHash, runningSpecHash, startEtcdMember, stopEtcdMember } from '../host/etcd-member.js';

const ctx = loadHostContext('kubelet');
let backoffUntil = 0;
let stopping = false;

async function sync(): Promise<void> {
  const launch = await etcdLaunch(ctx);
  const running = etcdPid(ctx) !== undefined;
  if (!launch) {
    if (running) await stopEtcdMember(ctx);
    return;
  }
  if (!launch.ok || Date.now() < backoffUntil) return;
  if (running && runningSpecHash(ctx) === launchHash(launch)) return;
  if (running) await stopEtcdMember(ctx);
  // Stopped while syncing (lab down stops etcd and kubelet together): a static pod is never
  // started by a kubelet on its way out, or it would outlive the lab.
  if (stopping) return;
  const r = await startEtcdMember(ctx);
  // CrashLoopBackOff, shortened: do not hammer a member whose manifest is broken.
  if (!r.ok) backoffUntil = Date.now() + 5_000;
}

process.on('SIGTERM', () => {
  stopping = true;
});

(async () => {
  while (!stopping) {
    await sync().catch((e) => process.stderr.write(`kubelet (opsctl lab): ${(e as Error).message}\n`));
    await new Promise((r) => setTimeout(r, 1_000));
  }
  process.exit(0);
})();
