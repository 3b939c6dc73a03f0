// `opsctl upgrade check --stage preflight|hop|verify`: the version-skew judgements of the
// kubeadm-upgrade runbook, as a command its steps call on this machine (`on: local`). It reads
// the cluster with kubectl and kubeadm on --via over SSH (so nothing big passes through a
// capture), prints what runs where and the verdict on stderr, KEY=value lines for captures on
// stdout. Hidden from --help: a runbook building block. Exit 0 holds, 3 refused (preflight/hop),
// 1 not at the target (verify).
import type { GlobalOptions } from '../global-options.js';
import { InputError } from '../../errors.js';
import { withKubectlHost } from '../kubectl-host.js';
import { readClusterVersions } from '../../upgrade/read-cluster.js';
import { judgeHop, judgePreflight, judgeVerify } from '../../upgrade/verdicts.js';
import { kubeletSummary, parseKubeletSummary, renderBeforeAfter } from '../../upgrade/versions-table.js';

export interface UpgradeCheckFlags {
  stage: string;
  via: string;
  nodes: string;
  kubeconfig: string;
  from?: string;
  to?: string;
  path?: string;
  hop?: string;
  before?: string;
}

const list = (s: string | undefined) => (s ?? '').split(/[,\s]+/).filter(Boolean);

// Reads the cluster on --via, judges the stage, prints the verdict; the exit code is the answer.
export default async function upgradeCheck(g: GlobalOptions, flags: UpgradeCheckFlags): Promise<number> {
  const need = (name: keyof UpgradeCheckFlags) => {
    if (flags[name] === undefined) throw new InputError(`upgrade check --stage ${flags.stage} needs --${name}`);
    return flags[name] as string;
  };
  if (!['preflight', 'hop', 'verify'].includes(flags.stage)) throw new InputError(`upgrade check: --stage must be preflight, hop or verify, got ${flags.stage}`);
  const nodes = list(flags.nodes);
  const state = await withKubectlHost(g, flags.via, flags.kubeconfig, readClusterVersions);
  const say = (lines: string[]) => process.stderr.write(lines.join('\n') + '\n');
  if (flags.stage === 'preflight') {
    const v = judgePreflight(state, { from: need('from'), to: need('to'), path: list(flags.path), nodes });
    say(v.lines);
    process.stdout.write(`versionsBefore=${kubeletSummary(state)}\n`);
    return v.ok ? 0 : 3;
  }
  if (flags.stage === 'hop') {
    const v = judgeHop(state, need('hop'));
    say(v.lines);
    return v.ok ? 0 : 3;
  }
  const v = judgeVerify(state, need('to'), nodes);
  say(v.lines);
  if (flags.before) say(['before → after (kubelet):', ...renderBeforeAfter(parseKubeletSummary(flags.before), state).map((l) => `  ${l}`)]);
  process.stdout.write(`versionsAfter=${kubeletSummary(state)}\n`);
  return v.ok ? 0 : 1;
}
