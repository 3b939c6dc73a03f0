#!/usr/bin/env node
// `kubeadm` on a lab host: version and the upgrade verbs, acting on the lab's simulated cluster.
import { runKubeadm } from '../kube/kubeadm/cli.js';

process.exitCode = runKubeadm(process.argv.slice(2));
