#!/usr/bin/env node
// `etcdutl` on lab hosts that play etcd ≥ 3.5 (kubeadm control-plane nodes): snapshot status and
// restore with etcdutl's flags and output, over the real etcd 3.4 snapshot code (host/etcdutl.ts).
import { answerLabInfo } from '../host/host-context.js';
import { runEtcdutl } from '../host/etcdutl.js';

const argv = process.argv.slice(2);
if (argv.includes('--lab-info')) {
  process.stdout.write("etcdutl: opsctl lab stand-in (etcdutl's snapshot status/restore command line and output, backed by Debian's etcd 3.4 etcdctl snapshot code)\n");
  process.exit(0);
}
answerLabInfo('etcdutl', argv);
const r = runEtcdutl(argv);
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
process.exitCode = r.code;
