#!/usr/bin/env node
// `oc` on a lab host: kubectl's verbs plus OpenShift's (adm drain/manage-node, project, login...).
import { runKubectl } from '../kube/cli/cli.js';

process.exitCode = runKubectl('oc', process.argv.slice(2));
