// The lab's kubeadm: `version [-o short|json|yaml]`, `upgrade plan [vX]`, `upgrade apply vX`,
// `upgrade node` (and the 1.12-era `upgrade node config --kubelet-version vX`). Versions come
// from the kubeadm package on this host and the lab cluster's kubeadm-config.
import { FlagError, flagValue, leadingWords, parseArgs, type FlagSpec } from '../cli/args.js';
import { openCluster } from '../store/cluster.js';
import { ToolError } from '../cli/errors.js';
import { errLine, out } from '../cli/io.js';
import { gatherFacts, kubeadmVersion, requireSupported, STACK_HINT } from './facts.js';
import { renderPlan } from './plan.js';
import { upgradeApply, upgradeNode } from './upgrade.js';
import { DEFAULT_CLUSTER, labEnv, type LabEnv } from '../store/paths.js';
import { toYaml } from '../print/print.js';
import { formatVersion, parseVersion } from './versions.js';

const COMMON: FlagSpec = {
  kubeconfig: { value: true },
  config: { value: true },
  v: { short: 'v', value: true },
  'dry-run': { value: false },
  'ignore-preflight-errors': { value: true },
  'certificate-renewal': { value: false },
  'etcd-upgrade': { value: false },
  'skip-phases': { value: true },
  help: { short: 'h', value: false },
  'lab-info': { value: false },
};

const SPECS: Record<string, FlagSpec> = {
  version: { output: { short: 'o', value: true }, help: { short: 'h', value: false } },
  'upgrade plan': { ...COMMON, output: { short: 'o', value: true }, 'allow-experimental-upgrades': { value: false }, 'allow-release-candidate-upgrades': { value: false }, 'print-config': { value: false } },
  'upgrade apply': { ...COMMON, yes: { short: 'y', value: false }, force: { short: 'f', value: false }, 'allow-experimental-upgrades': { value: false }, 'allow-release-candidate-upgrades': { value: false }, 'print-config': { value: false } },
  'upgrade node': { ...COMMON, 'kubelet-version': { value: true } },
};

function versionInfo(v: string): Record<string, string> {
  const s = parseVersion(v)!;
  return { major: String(s.major), minor: String(s.minor), gitVersion: v, gitCommit: '6813625b7cd706db5bc7388921be03071e1a492d', gitTreeState: 'clean', buildDate: '2024-03-14T23:58:36Z', goVersion: 'go1.21.8', compiler: 'gc', platform: 'linux/amd64' };
}

function printVersion(lab: LabEnv, format: string | undefined): void {
  const v = formatVersion(openCluster(lab.labDir, DEFAULT_CLUSTER, (c) => kubeadmVersion(lab, c.meta.kubernetesVersion)));
  const i = versionInfo(v);
  if (format === 'short') return out(`${v}\n`);
  if (format === 'json') return out(JSON.stringify({ clientVersion: i }, null, 2) + '\n');
  if (format === 'yaml') return out(toYaml({ clientVersion: i }));
  if (format) throw new ToolError(`error: invalid output format: ${format}`);
  out(`kubeadm version: &version.Info{Major:"${i.major}", Minor:"${i.minor}", GitVersion:"${i.gitVersion}", GitCommit:"${i.gitCommit}", GitTreeState:"${i.gitTreeState}", BuildDate:"${i.buildDate}", GoVersion:"${i.goVersion}", Compiler:"${i.compiler}", Platform:"${i.platform}"}\n`);
}

export function runKubeadm(argv: string[]): number {
  try {
    if (argv.includes('--lab-info')) {
      out('kubeadm: opsctl lab tool (simulated; versions from the lab host packages and $OPSCTL_LAB_DIR/api)\n');
      return 0;
    }
    const valueFlags = new Set(Object.values(SPECS).flatMap((s) => Object.entries(s).filter(([, d]) => d.value).flatMap(([n, d]) => [n, ...(d.short ? [d.short] : [])])));
    const positional = leadingWords(argv, valueFlags, 2);
    const cmd = positional[0] === 'upgrade' ? `upgrade ${positional[1] ?? ''}`.trim() : positional[0] ?? '';
    const spec = SPECS[cmd];
    if (!spec) {
      if (cmd === '' || cmd === 'upgrade') {
        out('Usage:\n  kubeadm [command]\n\nServed by the opsctl lab: version, upgrade plan, upgrade apply, upgrade node\n');
        return 0;
      }
      const parent = cmd.startsWith('upgrade ') ? 'kubeadm upgrade' : 'kubeadm';
      throw new ToolError(`unknown command "${cmd.split(' ').at(-1)}" for "${parent}"\n${STACK_HINT}`);
    }
    let args;
    try {
      args = parseArgs(argv, spec);
    } catch (e) {
      if (e instanceof FlagError) throw new ToolError(`${e.message}\n${STACK_HINT}`);
      throw e;
    }
    const lab = labEnv();
    const rest = args.positionals.slice(cmd.split(' ').length);
    if (cmd === 'version') {
      printVersion(lab, flagValue(args, 'output'));
      return 0;
    }
    openCluster(lab.labDir, DEFAULT_CLUSTER, (c) => {
      const facts = gatherFacts(lab, c, args, cmd !== 'upgrade node');
      requireSupported(facts);
      if (cmd === 'upgrade plan') {
        const requested = rest[0] === undefined ? undefined : parseVersion(rest[0]);
        if (rest[0] !== undefined && !requested) throw new ToolError(`[upgrade/version] FATAL: unable to parse version "${rest[0]}"\n${STACK_HINT}`);
        out(renderPlan(facts, requested));
      } else if (cmd === 'upgrade apply') {
        upgradeApply(c, facts, args, rest[0]);
      } else {
        if (rest.length > 0 && rest[0] !== 'config') throw new ToolError(`unknown command "${rest[0]}" for "kubeadm upgrade node"\n${STACK_HINT}`);
        upgradeNode(facts, args);
      }
    });
    return 0;
  } catch (e) {
    if (e instanceof ToolError) {
      errLine(e.message);
      return e.exitCode;
    }
    errLine(`error: internal error in the opsctl lab kubeadm (a bug in the lab): ${(e as Error).stack ?? e}`);
    return 70;
  }
}
