#!/usr/bin/env node
// `kubectl` on a lab host: the simulated API of `opsctl lab` (see api-cli.ts for what it serves).
import { runKubectl } from './api-cli.js';

process.exitCode = runKubectl('kubectl', process.argv.slice(2));
