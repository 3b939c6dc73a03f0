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
    { flag: '--fetch-to <dir>', param: 'fetchTo', path: true, description: 'bring the archive to this machine and verify its sha256' },
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
    { flag: '--fetch-to <dir>', param: 'fetchTo', path: true, description: 'bring the snapshot to this machine and verify its sha256' },
  ],
  summary: [{ capture: 'configBackup', label: 'config backup' }, { capture: 'configFiles', label: 'config files' }, ...snapshotSummary, { capture: 'path', label: 'fetched to' }],
});

defineDomainCommand({
  path: ['etcd', 'snapshot'],
  runbook: 'etcd-snapshot',
  description: 'take an ETCDCTL_API=3 snapshot under /var/lib/etcd on a member and verify it with snapshot status',
  flags: [host, ...snapshotFlags, { flag: '--fetch-to <dir>', param: 'fetchTo', path: true, description: 'bring the snapshot to this machine and verify its sha256' }],
  summary: [{ capture: 'endpointSource', label: 'endpoint from' }, ...snapshotSummary, { capture: 'path', label: 'fetched to' }],
});

defineDomainCommand({
  path: ['etcd', 'restore'],
  runbook: 'etcd-restore',
  description: 'restore an etcd snapshot into a new data dir on every member, repoint etcd, restart and verify the keys',
  flags: [
    { flag: '--snapshot <path>', param: 'snapshot', description: 'snapshot file on the host(s) (e.g. /var/lib/etcd/snapshot-….db)' },
    { flag: '--upload <file>', param: 'upload', path: true, description: 'a snapshot file on this machine: copied to each host first (sha256 checked)' },
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

// ---- topology (issue 6): decommission, etcd member removal, single-member recovery, member add ----
// Their inventory-derived params (the -i path, addresses, the host etcdctl runs on, a quorum
// preview) are worked out in src/quorum/domain-params.ts, loaded only when the command runs.

defineDomainCommand({
  path: ['etcd', 'remove-member'],
  runbook: 'etcd-member-remove',
  description: 'remove an etcd member by name or hex id behind the quorum guard; drop it from etcd.conf, [etcd], flanneld',
  flags: [
    { flag: '--member <name|id>', param: 'member', description: 'member name (ETCD_NAME) or hex id from `etcdctl member list`' },
    { flag: '--via <host>', param: 'via', description: 'a member that stays, to run etcdctl on (default: the first other [etcd] host)' },
    { flag: '--allow-even', param: 'allowEven', description: 'accept an even member count afterwards' },
    { flag: '--even-plan <text>', param: 'evenPlan', description: 'accept an even member count, saying how it gets back to odd' },
  ],
  derive: async () => (await import('../quorum/domain-params.js')).deriveRemoveMember,
  notes: async () => (await import('../quorum/domain-params.js')).removeMemberNotes,
  summary: [
    { capture: 'memberId', label: 'removed member id' },
    { capture: 'removalSummary', label: 'quorum' },
  ],
});

defineDomainCommand({
  path: ['etcd', 'recover-single'],
  runbook: 'etcd-recover-single',
  description: 'all members down: bring one back alone from its live db (restore --skip-hash-check into a one-member cluster)',
  flags: [
    { flag: '--host <name>', param: 'host', description: 'the member to bring back alone' },
    { flag: '--save-dir <dir>', param: 'saveDir', description: 'where the live db is copied first (default /backup)' },
  ],
  summary: [{ capture: 'keyCount', label: 'keys' }],
});

defineDomainCommand({
  path: ['etcd', 'add-member'],
  runbook: 'etcd-member-add',
  description: 'add etcd members one at a time (member add, env files, start, wait healthy), then list every member in every env file',
  flags: [
    { flag: '--host <names>', param: 'host', description: 'host(s) to add, comma-separated, one after the other' },
    { flag: '--via <host>', param: 'via', description: 'a running member to run etcdctl on (default: the first [etcd] host not being added)' },
  ],
  derive: async () => (await import('../quorum/domain-params.js')).deriveAddMember,
  summary: [
    { capture: 'memberCount', label: 'members' },
    { capture: 'keyCount', label: 'keys' },
  ],
});

defineDomainCommand({
  path: ['decommission', 'master'],
  runbook: 'master-decommission',
  description: 'decommission an OpenShift 3.11 master: backup, CA files, haproxy, static pods, node, etcd member, inventory (-i)',
  flags: [
    { flag: '--host <name>', param: 'host', description: 'the master to decommission (in [masters] of the inventory)' },
    { flag: '--lb <hosts>', param: 'lb', description: 'load balancer host(s) to edit (default: the inventory group lb)' },
    { flag: '--skip-backup', param: 'skipBackup', description: 'do not back the master up first (needs --reason)' },
    { flag: '--reason <text>', param: 'reason', description: 'why the backup is skipped' },
    { flag: '--even-plan <text>', param: 'evenPlan', description: 'accept an even etcd member count afterwards, saying how it gets back to odd' },
    { flag: '--backup-root <dir>', param: 'backupRoot', description: 'where the backup goes on the master (default /backup)' },
  ],
  derive: async () => (await import('../quorum/domain-params.js')).deriveDecommission,
  notes: async () => (await import('../quorum/domain-params.js')).decommissionNotes,
  summary: [
    { capture: 'archive', label: 'backup archive' },
    { capture: 'decomEtcdSummary', label: 'etcd' },
  ],
});

// ---- hosted clusters (issue 9): runbooks/hosted-cluster-dr*.yaml, hosted-cluster-etcd-snapshot.yaml ----
// The clusters are cluster targets: their kubeconfigs are made absolute here (a resume may start elsewhere).
const objectStorage = [
  { flag: '--bucket <name>', param: 'bucket', description: 'S3 bucket for the etcd snapshots' },
  { flag: '--region <region>', param: 'region', description: "the bucket's region (default us-east-1)" },
  { flag: '--s3-endpoint <url>', param: 's3Endpoint', description: 'S3 endpoint for MinIO, Ceph or the lab (aws --endpoint-url); default AWS' },
  { flag: '--aws-profile <name>', param: 'awsProfile', description: "aws CLI profile (default: the aws CLI's own credentials: env, ~/.aws)" },
];
const hostedCluster = [
  { flag: '--name <name>', param: 'name', description: 'HostedCluster name' },
  { flag: '--namespace <ns>', param: 'namespace', description: 'HostedCluster namespace (default clusters)' },
  { flag: '--availability <policy>', param: 'availability', description: 'controllerAvailabilityPolicy: HighlyAvailable (3 etcd pods, default) or SingleReplica (1); checked against the cluster' },
];

defineDomainCommand({
  path: ['dr', 'hosted-cluster'],
  runbook: 'hosted-cluster-dr',
  description: 'move a hosted cluster to another management cluster: backup on the source, restore on the destination, teardown of the source',
  flags: [
    ...hostedCluster,
    { flag: '--source-kubeconfig <file>', param: 'sourceKubeconfig', path: true, description: 'kubeconfig of the source management cluster' },
    { flag: '--dest-kubeconfig <file>', param: 'destKubeconfig', path: true, description: 'kubeconfig of the destination management cluster' },
    { flag: '--hosted-kubeconfig <file>', param: 'hostedKubeconfig', path: true, description: 'kubeconfig of the hosted cluster itself' },
    { flag: '--phase <phase>', param: 'phase', description: 'backup, restore, teardown or all (default)' },
    { flag: '--backup-dir <dir>', param: 'backupDir', path: true, description: 'directory on this machine for the object dump and snapshot copies (mode 700, holds secrets); one per migration' },
    ...objectStorage,
    { flag: '--route53-endpoint <url>', param: 'route53Endpoint', description: 'Route53 endpoint (the lab); default AWS' },
    { flag: '--zone-id <id>', param: 'zoneId', description: 'Route53 hosted zone of the external DNS: wait until its records of the cluster are gone' },
    { flag: '--dns-domain <domain>', param: 'dnsDomain', description: "the external DNS domain of the hosted cluster's API" },
    { flag: '--source-cluster-name <name>', param: 'sourceClusterName', description: 'name of the source management cluster, recorded in configmap mgmt-parent-cluster' },
    { flag: '--no-compensate', param: 'compensate', negate: true, description: 'when the backup fails, leave the source paused and scaled down (default: scale back, unpause)' },
  ],
  summary: [
    { capture: 'snapshotObjects', label: 'snapshots' },
    { capture: 'nodePools', label: 'node pools' },
    { capture: 'nodePoolReplicas', label: 'nodes' },
    { capture: 'encryptionKeySecret', label: 'encryption key saved from' },
    { capture: 'restoredObjects', label: 'restored from' },
  ],
});

defineDomainCommand({
  path: ['hosted-cluster', 'snapshot'],
  runbook: 'hosted-cluster-etcd-snapshot',
  description: "snapshot a hosted cluster's etcd per etcd pod, verify, upload, save the encryption key; always scale back and unpause",
  flags: [
    ...hostedCluster,
    { flag: '--kubeconfig <file>', param: 'kubeconfig', path: true, description: 'kubeconfig of the management cluster hosting it' },
    { flag: '--context <name>', param: 'context', description: 'context in that kubeconfig (default: its current context)' },
    { flag: '--backup-dir <dir>', param: 'backupDir', path: true, description: 'directory on this machine for the snapshot copies and the encryption key (mode 700)' },
    ...objectStorage,
  ],
  summary: [
    { capture: 'snapshotObjects', label: 'snapshots' },
    { capture: 'snapshotHash', label: 'last hash' },
    { capture: 'snapshotRevision', label: 'revision' },
    { capture: 'snapshotTotalKey', label: 'totalKey' },
    { capture: 'encryptionKeySecret', label: 'encryption key saved from' },
  ],
});

// ---- kubeadm upgrades and node maintenance (issue 10): runbooks/kubeadm-upgrade.yaml, node-maintenance.yaml ----
// The upgrade path is read from the cluster (src/cli/upgrade-params.ts) before the plan is made.

const kubectlFlags = [
  { flag: '--kubeconfig <path>', param: 'kubeconfig', description: 'admin kubeconfig on the control-plane host (default /etc/kubernetes/admin.conf)' },
  { flag: '--drain-timeout <duration>', param: 'drainTimeout', description: 'kubectl drain --timeout (default 5m)' },
];

defineDomainCommand({
  path: ['upgrade', 'kubeadm'],
  runbook: 'kubeadm-upgrade',
  description: 'upgrade a kubeadm cluster one minor at a time: skew checks, etcd snapshot, control plane, then workers in rolling batches',
  flags: [
    { flag: '--to <version>', param: 'to', description: 'the target version, e.g. v1.30.1' },
    { flag: '--from <version>', param: 'from', description: 'the version the cluster runs (needed by --dry-run, which reads nothing; a run reads it)' },
    { flag: '--serial <n>', param: 'serial', description: 'workers upgraded at once (default 1)' },
    { flag: '--max-unavailable <n>', param: 'maxUnavailable', description: 'workers that may be out of service at once (default 1); a larger --serial is refused' },
    { flag: '--package-manager <apt|yum>', param: 'packageManager', description: 'how kubeadm, kubelet and kubectl are installed (default apt)' },
    { flag: '--control-plane <names>', param: 'controlPlane', description: 'control-plane nodes (default: the inventory group kube_control_plane, control_plane or masters)' },
    { flag: '--workers <names>', param: 'workers', description: 'worker nodes (default: kube_node, workers or nodes, without the control plane)' },
    { flag: '--fetch-to <dir>', param: 'fetchTo', path: true, description: 'where the etcd snapshot taken first is fetched to (default <state-dir>/backups)' },
    ...kubectlFlags,
  ],
  derive: async () => (await import('./upgrade-params.js')).deriveKubeadmUpgrade,
  notes: async () => (await import('../upgrade/notes.js')).kubeadmUpgradeNotes,
  report: async () => (await import('../upgrade/report.js')).reportKubeadmUpgrade,
  summary: [
    { capture: 'snapshotFile', label: 'etcd snapshot' },
    { capture: 'path', label: 'fetched to' },
    { capture: 'snapshotSha256', label: 'sha256' },
  ],
});

const nodeArg = [{ name: 'node', param: 'node', description: 'the node (inventory host name = node name)' }];
const nodeFlags = [{ flag: '--via <host>', param: 'via', description: 'control-plane host to run kubectl on (default: the first control-plane node of the inventory)' }, ...kubectlFlags];
const nodeCommand = (action: string, description: string, extra: typeof nodeFlags = []) =>
  defineDomainCommand({
    path: ['node', action],
    runbook: 'node-maintenance',
    description,
    args: nodeArg,
    fixed: { action },
    flags: [...nodeFlags, ...extra],
    derive: async () => (await import('../upgrade/node-params.js')).deriveNodeMaintenance,
    report: async () => (await import('../upgrade/report.js')).reportNodeMaintenance,
  });

nodeCommand('drain', 'cordon a node and evict its pods (refused for the last Ready control-plane node or against a PodDisruptionBudget); it stays cordoned');
nodeCommand('cordon', 'mark a node unschedulable');
nodeCommand('uncordon', 'mark a node schedulable again');
nodeCommand('maintain', 'drain a node, run a command and/or reboot it (waiting for SSH), wait Ready, uncordon', [
  { flag: '--reboot', param: 'reboot', description: 'reboot the node and wait until it answers SSH from a new boot' },
  { flag: '--run <command>', param: 'run', description: 'a command run on the node as root while it is drained (an OS patch)' },
]);
