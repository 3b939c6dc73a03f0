// Simulated `rpm` for the RHEL 7 hosts of an OCP 3.11 lab: `rpm -qa` (the master backup saves
// it as packages.txt) and `rpm -q NAME`. The list is what a 3.11 host of that role would hold.
// A host whose run-lab/rpmdb-damaged exists has a broken database: rpm fails as RHEL 7's does
// (rehearse a backup where one host fails; remove the file to "rebuild" it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { answerLabInfo, loadHostContext } from '../host/host-context.js';

const argv = process.argv.slice(2);
answerLabInfo('rpm', argv);
const ctx = loadHostContext('rpm');

if (existsSync(join(ctx.runDir, 'rpmdb-damaged'))) {
  process.stderr.write(
    [
      `error: rpmdb: BDB0113 Thread/process ${process.pid}/140212876068672 failed: BDB1507 Thread died in Berkeley DB library`,
      'error: db5 error(-30973) from dbenv->failchk: BDB0087 DB_RUNRECOVERY: Fatal error, run database recovery',
      'error: cannot open Packages index using db5 -  (-30973)',
      'error: cannot open Packages database in /var/lib/rpm',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const BASE = [
  'glibc-2.17-326.el7_9.x86_64',
  'bash-4.2.46-35.el7_9.x86_64',
  'systemd-219-78.el7_9.9.x86_64',
  'openssh-server-7.4p1-23.el7_9.x86_64',
  'openssl-1.0.2k-26.el7_9.x86_64',
  'iptables-services-1.4.21-35.el7.x86_64',
  'NetworkManager-1.18.8-2.el7_9.x86_64',
  'dnsmasq-2.76-17.el7_9.3.x86_64',
  'kernel-3.10.0-1160.108.1.el7.x86_64',
  'rpm-4.11.3-48.el7_9.x86_64',
  'yum-3.4.3-168.el7.noarch',
];
const NODE = [
  'atomic-openshift-node-3.11.784-1.git.0.a4e7d1c.el7.x86_64',
  'atomic-openshift-hyperkube-3.11.784-1.git.0.a4e7d1c.el7.x86_64',
  'atomic-openshift-clients-3.11.784-1.git.0.a4e7d1c.el7.x86_64',
  'atomic-openshift-3.11.784-1.git.0.a4e7d1c.el7.x86_64',
  'atomic-openshift-excluder-3.11.784-1.git.0.a4e7d1c.el7.noarch',
  'atomic-openshift-docker-excluder-3.11.784-1.git.0.a4e7d1c.el7.noarch',
  'docker-1.13.1-209.git7d71120.el7_9.x86_64',
  'cri-tools-1.11.1-1.rhaos3.11.gitedabfb5.el7.x86_64',
  'flannel-0.7.1-4.el7.x86_64',
];

function packages(): string[] {
  if (ctx.entry.role === 'lb') return [...BASE, 'haproxy-1.5.18-9.el7_9.1.x86_64'];
  return ctx.entry.role === 'master' ? [...BASE, ...NODE, 'etcd-3.2.28-1.el7_8.x86_64'] : [...BASE, ...NODE];
}

// rpm -qa prints in database order, not sorted; runbooks sort it themselves.
const installed = packages();
const nameOf = (nevra: string) => nevra.replace(/-[^-]+-[^-]+$/, '');

if (argv.includes('-qa') || (argv.includes('-q') && argv.includes('-a'))) {
  process.stdout.write(installed.join('\n') + '\n');
  process.exit(0);
}
const queried = argv.filter((a) => !a.startsWith('-'));
if (argv.includes('-q') && queried.length > 0) {
  let code = 0;
  for (const name of queried) {
    const hit = installed.find((p) => nameOf(p) === name || p === name);
    if (hit) process.stdout.write(`${hit}\n`);
    else {
      process.stdout.write(`package ${name} is not installed\n`);
      code = 1;
    }
  }
  process.exit(code);
}
process.stderr.write('rpm (opsctl lab): only -qa and -q NAME are simulated\n');
process.exit(1);
