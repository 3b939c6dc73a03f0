// Simulated /usr/local/bin/master-restart of OCP 3.11 (openshift-ansible's docker variant): it
// restarts a control-plane static pod by stopping its container. The lab records restarts of
// `api` and `controllers` (there is no API server process) and really restarts `etcd`.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { answerLabInfo, loadHostContext } from '../host/host-context.js';
import { journal } from '../host/journal.js';
import { startEtcdMember, stopEtcdMember } from '../host/etcd-member.js';
import { existsSync } from 'node:fs';

const argv = process.argv.slice(2);
answerLabInfo('master-restart', argv);
const ctx = loadHostContext('master-restart');
const component = argv[0];

const POD_FILE: Record<string, string> = {
  api: '/etc/origin/node/pods/apiserver.yaml',
  controllers: '/etc/origin/node/pods/controller.yaml',
  etcd: '/etc/origin/node/pods/etcd.yaml',
};

async function main(): Promise<number> {
  if (!component) {
    process.stderr.write("A component name like 'api', 'etcd', or 'controllers' must be specified.\n");
    return 1;
  }
  // No static pod (moved to pods/disabled, or an unknown name): nothing runs to be stopped.
  if (!POD_FILE[component] || !existsSync(POD_FILE[component])) {
    process.stderr.write(`Component ${component} is already stopped\n`);
    return 0;
  }
  const container = randomBytes(6).toString('hex');
  process.stdout.write(`Stopping container ${container}\n`);
  if (component === 'etcd') {
    await stopEtcdMember(ctx);
    const r = await startEtcdMember(ctx);
    if (!r.ok) {
      process.stderr.write(`Error: etcd did not come back: ${r.reason}\n`);
      return 1;
    }
  }
  appendFileSync(join(ctx.runDir, 'master-restarts.log'), `${new Date().toISOString()} ${component} ${container}\n`);
  journal(ctx, `master-${component}`, 'dockerd-current', [`container ${container} stopped; kubelet restarted master-${component}-${ctx.host}`]);
  // `docker wait` on the stopped child container prints its exit code.
  process.stdout.write('2\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`master-restart (opsctl lab): ${(e as Error).message}\n`);
    process.exit(1);
  },
);
