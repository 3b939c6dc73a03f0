// The built-in domain commands. Each maps friendly flags onto a runbook in runbooks/; the runbook
// holds the procedure, defaults and validation.
import { defineDomainCommand } from './domain-commands.js';

const host = { flag: '--host <names>', param: 'host', description: 'host(s), comma-separated, from the inventory or ssh_config' };

// ---- backups (issue 5): runbooks/master-backup.yaml, etcd-backup.yaml, etcd-snapshot.yaml, etcd-restore.yaml ----

const snapshotFlags = [
  { flag: '--mode <mode>', param: 'mode', description: 'how etcdctl runs: host (/etc/etcd certs), pod (oc exec into master-etcd-NODE), kubeadm (/etc/kubernetes/pki/etcd certs); default host' },
  { flag: '--endpoints <urls>', param: 'endpoints', description: 'etcd client URL(s) to snapshot from, first healthy one used (default: static pod manifest, etcd.conf, inventory address)' },
];
const snapshotSummary = [
  { capture: 'snapshotFile', label: 'snapshot' },
  { capture: 'endpoint', label: 'from endpoint' },
  { capture: 'snapshotHash', label: 'hash' },
  { capture: 'snapshotRevision', label: 'revision' },
  { capture: 'snapshotTotalKey', label: 'totalKey' },
  { capture: 'snapshotTotalSize', label: 'totalSize' },
  { capture: 'snapshotKeys', label: 'keys' },
  { capture: 'snapshotSha256', label: 'sha256' },
];

defineDomainCommand({
  path: ['backup', 'master'],
  runbook: 'master-backup',
  description: 'back up OpenShift 3.11 master host files (/etc/origin, /etc/sysconfig, ...) into a verified archive',
  flags: [
    host,
    { flag: '--group <group>', param: 'host', group: true, description: 'every host of an inventory group (e.g. masters), in parallel' },
    { flag: '--backup-root <dir>', param: 'backupRoot', description: 'where backups go on the host (default /backup)' },
    { flag: '--no-compress', param: 'compress', negate: true, description: 'keep the directory, do not make a tar.gz' },
    { flag: '--fetch-to <dir>', param: 'fetchTo', description: 'bring the archive to this machine and verify its sha256' },
  ],
  summary: [
    { capture: 'naming', label: 'name' },
    { capture: 'absent', label: 'absent (not fatal)' },
    { capture: 'fileCount', label: 'files' },
    { capture: 'archive' },
    { capture: 'archiveSha256', label: 'sha256' },
    { capture: 'path', label: 'fetched to' },
    { capture: 'offHostWarning', label: 'keep off-host', level: 'warn' },
  ],
});

defineDomainCommand({
  path: ['backup', 'etcd'],
  runbook: 'etcd-backup',
  description: 'back up /etc/etcd on each member into /backup/etcd-config-<YYYYMMDD>/ and take one verified etcd snapshot',
  flags: [
    host,
    { flag: '--group <group>', param: 'host', group: true, description: 'every host of an inventory group (e.g. etcd)' },
    { flag: '--snapshot-host <name>', param: 'snapshotHost', description: 'member that takes the snapshot (default: the first host)' },
    { flag: '--backup-root <dir>', param: 'backupRoot', description: 'where the config backups go on each host (default /backup)' },
    ...snapshotFlags,
    { flag: '--fetch-to <dir>', param: 'fetchTo', description: 'bring the snapshot to this machine and verify its sha256' },
  ],
  summary: [{ capture: 'configBackup', label: 'config backup' }, { capture: 'configFiles', label: 'config files' }, ...snapshotSummary, { capture: 'path', label: 'fetched to' }],
});

defineDomainCommand({
  path: ['etcd', 'snapshot'],
  runbook: 'etcd-snapshot',
  description: 'take an ETCDCTL_API=3 snapshot under /var/lib/etcd on a member and verify it with snapshot status',
  flags: [host, ...snapshotFlags, { flag: '--fetch-to <dir>', param: 'fetchTo', description: 'bring the snapshot to this machine and verify its sha256' }],
  summary: [{ capture: 'endpointSource', label: 'endpoint from' }, ...snapshotSummary, { capture: 'path', label: 'fetched to' }],
});

defineDomainCommand({
  path: ['etcd', 'restore'],
  runbook: 'etcd-restore',
  description: 'restore an etcd snapshot into a new data dir on every member, repoint etcd, restart and verify the keys',
  flags: [
    { flag: '--snapshot <path>', param: 'snapshot', description: 'snapshot file on the host(s) (e.g. /var/lib/etcd/snapshot-….db)' },
    { flag: '--upload <file>', param: 'upload', description: 'a snapshot file on this machine: copied to each host first (sha256 checked)' },
    host,
    { flag: '--group <group>', param: 'host', group: true, description: 'every host of an inventory group (e.g. etcd)' },
    { flag: '--data-dir <dir>', param: 'dataDir', description: 'the new data dir (default /var/lib/etcd/restore-<YYYYMMDD-HHmmss>)' },
    { flag: '--expect-keys <n>', param: 'expectKeys', description: 'fail unless the restored cluster holds exactly this many keys' },
  ],
  summary: [
    { capture: 'restoreHash', label: 'snapshot hash' },
    { capture: 'restoreRevision', label: 'snapshot revision' },
    { capture: 'restoreTotalKey', label: 'snapshot totalKey' },
    { capture: 'restoredDataDir', label: 'data dir' },
    { capture: 'previousDataDir', label: 'previous data dir (kept)' },
    { capture: 'restoredKeys', label: 'keys after restore' },
  ],
});
