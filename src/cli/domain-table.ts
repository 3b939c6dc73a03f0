// The built-in domain commands. Each maps friendly flags onto a runbook in runbooks/; the runbook
// holds the procedure, defaults and validation.
import { defineDomainCommand } from './domain-commands.js';

const host = { flag: '--host <names>', param: 'host', description: 'host(s), comma-separated, from the inventory or ssh_config' };

defineDomainCommand({
  path: ['backup', 'master'],
  runbook: 'master-backup',
  description: 'back up OpenShift 3.11 master host files (/etc/origin, /etc/sysconfig, ...) into a verified archive',
  flags: [
    host,
    { flag: '--group <group>', param: 'group', description: 'every host of an inventory group (e.g. masters), in parallel' },
    { flag: '--backup-root <dir>', param: 'backupRoot', description: 'where backups go on the host (default /backup)' },
    { flag: '--no-compress', param: 'compress', negate: true, description: 'keep the directory, do not make a tar.gz' },
    { flag: '--fetch-to <dir>', param: 'fetchTo', description: 'bring the archive to this machine and verify its sha256' },
  ],
});
