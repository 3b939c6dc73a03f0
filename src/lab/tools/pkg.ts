#!/usr/bin/env node
// Package manager shims for a lab host: apt-get, apt, apt-mark, apt-cache, yum, dnf. The tool is
// the first argument (`node pkg.js apt-get install ...`), else $OPSCTL_LAB_TOOL (set by the lab's
// wrappers), else the name the script was linked as. Only the Kubernetes packages exist;
// installing anything else fails, so a runbook never changes the machine the lab runs on.
import { basename } from 'node:path';
import { ToolError } from '../kube/cli/errors.js';
import { errLine, out } from '../kube/cli/io.js';
import { labEnv } from '../kube/store/paths.js';
import { runApt } from '../kube/packages/apt.js';
import { runYum } from '../kube/packages/yum.js';

const TOOLS = ['apt-get', 'apt', 'apt-mark', 'apt-cache', 'yum', 'dnf'];
// Housekeeping verbs that only touch caches: accepted and done, as far as the lab is concerned.
const NO_OPS = ['clean', 'autoclean', 'makecache', 'check'];

function main(argv: string[]): number {
  const named = process.env.OPSCTL_LAB_TOOL || basename(process.argv[1] ?? '').replace(/\.js$/, '');
  const [tool, args] = TOOLS.includes(argv[0]) ? [argv[0], argv.slice(1)] : [named, argv];
  try {
    if (args.includes('--lab-info')) {
      out(`${TOOLS.includes(tool) ? tool : 'pkg'}: opsctl lab tool (simulated package manager for kubeadm/kubelet/kubectl; state in $OPSCTL_LAB_DIR/api/hosts)\n`);
      return 0;
    }
    if (!TOOLS.includes(tool)) throw new ToolError(`pkg: name a package manager first: ${TOOLS.join(', ')}`, 2);
    const lab = labEnv();
    if (!lab.host) throw new ToolError(`${tool}: OPSCTL_LAB_HOST is not set: package commands act on one lab host`, 100);
    if (NO_OPS.includes(args.find((a) => !a.startsWith('-')) ?? '')) return 0;
    if (tool === 'yum' || tool === 'dnf') runYum(tool, lab, lab.host, args);
    else runApt(tool === 'apt' ? 'apt-get' : tool, lab, lab.host, args);
    return 0;
  } catch (e) {
    if (e instanceof ToolError) {
      errLine(e.message);
      return e.exitCode;
    }
    errLine(`${tool}: internal error in the opsctl lab (a bug in the lab): ${(e as Error).stack ?? e}`);
    return 70;
  }
}

process.exitCode = main(process.argv.slice(2));
