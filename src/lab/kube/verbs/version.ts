// `kubectl version` / `oc version` in the format of the cluster's era. The client version is
// the kubectl package installed on this lab host (so kubectl's skew is visible), else the
// server's.
import { flagBool, flagValue } from '../cli/args.js';
import { withCluster, type Verb, type VerbContext } from '../cli/context.js';
import { packageSemver, readHostState } from '../packages/host-state.js';
import { out, err } from '../cli/io.js';
import { toJson, toYaml } from '../print/print.js';
import { HOSTED } from '../seed/hosted.js';
import { parseVersion } from '../kubeadm/versions.js';

const KUSTOMIZE = 'v5.0.4-0.20230601165947-6ce0bf390ce3';
const OCP311 = 'v3.11.784';

function info(gitVersion: string): Record<string, string> {
  const v = parseVersion(gitVersion);
  const plus = gitVersion.includes('+') ? '+' : '';
  return {
    major: String(v?.major ?? 1),
    minor: `${v?.minor ?? 0}${plus}`,
    gitVersion,
    gitCommit: gitVersion.split('+')[1] ?? '0000000',
    gitTreeState: 'clean',
    buildDate: '2024-03-15T00:00:00Z',
    goVersion: 'go1.21.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const goStruct = (i: Record<string, string>) =>
  `version.Info{Major:"${i.major}", Minor:"${i.minor}", GitVersion:"${i.gitVersion}", GitCommit:"${i.gitCommit}", GitTreeState:"${i.gitTreeState}", BuildDate:"${i.buildDate}", GoVersion:"${i.goVersion}", Compiler:"${i.compiler}", Platform:"${i.platform}"}`;

function clientVersion(ctx: VerbContext, server: string): string {
  const installed = ctx.lab.host ? readHostState(ctx.lab.labDir, ctx.lab.host).packages.kubectl?.version : undefined;
  return installed ? packageSemver(installed) : server;
}

export const versionVerb: Verb = {
  words: ['version'],
  flags: { client: { value: false }, output: { short: 'o', value: true }, short: { value: false } },
  run(ctx) {
    const onlyClient = flagBool(ctx.args, 'client');
    const format = flagValue(ctx.args, 'output');
    const { flavor, server, kubernetesVersion } = withCluster(ctx, (c) => c.meta);
    const client = clientVersion(ctx, kubernetesVersion);
    if (format === 'json' || format === 'yaml') {
      const doc = { clientVersion: info(client), kustomizeVersion: KUSTOMIZE, ...(onlyClient ? {} : { serverVersion: info(kubernetesVersion) }) };
      return out(format === 'json' ? toJson(doc) : toYaml(doc));
    }
    if (flavor === 'ocp311') {
      if (ctx.tool === 'oc') {
        out(`oc ${OCP311}\nkubernetes ${kubernetesVersion}\nfeatures: Basic-Auth GSSAPI Kerberos SPNEGO\n`);
        if (!onlyClient) out(`\nServer ${server}\nopenshift ${OCP311}\nkubernetes ${kubernetesVersion}\n`);
        return;
      }
      out(`Client Version: ${goStruct(info(client))}\n`);
      if (!onlyClient) out(`Server Version: ${goStruct(info(kubernetesVersion))}\n`);
      return;
    }
    if (ctx.tool === 'oc') {
      out(`Client Version: ${HOSTED.release}\nKustomize Version: v5.0.1\n`);
      if (!onlyClient) out(`${flavor === 'ocp4' ? `Server Version: ${HOSTED.release}\n` : ''}Kubernetes Version: ${kubernetesVersion}\n`);
      return;
    }
    out(`Client Version: ${client}\n${flagBool(ctx.args, 'short') ? '' : `Kustomize Version: ${KUSTOMIZE}\n`}`);
    if (onlyClient) return;
    out(`Server Version: ${kubernetesVersion}\n`);
    const [cv, sv] = [parseVersion(client), parseVersion(kubernetesVersion)];
    if (cv && sv && Math.abs(cv.minor - sv.minor) > 1) {
      err(`WARNING: version difference between client (${cv.major}.${cv.minor}) and server (${sv.major}.${sv.minor}) exceeds the supported minor version skew of +/-1\n`);
    }
  },
};
