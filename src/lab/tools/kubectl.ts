#!/usr/bin/env node
// `kubectl` on a lab host: the simulated API of `opsctl lab` (see ../kube/cli/cli.ts for what it serves).
import { runKubectl } from '../kube/cli/cli.js';

process.exitCode = runKubectl('kubectl', process.argv.slice(2));
