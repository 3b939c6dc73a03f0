#!/usr/bin/env node
// `kubelet --version` on a kubeadm lab host: the kubelet package installed there (what the node
// reports only after `systemctl restart kubelet`). The running kubelet is systemctl's business.
import { answerLabInfo } from '../host/host-context.js';
import { labEnv } from '../kube/store/paths.js';
import { packageSemver, readHostState } from '../kube/packages/host-state.js';

const argv = process.argv.slice(2);
answerLabInfo('kubelet', argv);
const lab = labEnv();
const installed = lab.host ? readHostState(lab.labDir, lab.host).packages.kubelet?.version : undefined;
if (!argv.includes('--version')) {
  process.stderr.write('kubelet (opsctl lab): only `kubelet --version` is served; the kubelet runs under systemctl (systemctl restart kubelet)\n');
  process.exitCode = 1;
} else if (!installed) {
  process.stderr.write('kubelet: command not found (the kubelet package is not installed on this lab host)\n');
  process.exitCode = 127;
} else {
  process.stdout.write(`Kubernetes ${packageSemver(installed)}\n`);
}
