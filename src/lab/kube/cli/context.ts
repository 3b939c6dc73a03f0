// What every kubectl/oc verb gets: its parsed arguments, the lab it runs in, the cluster its
// kubeconfig selects, and the namespace it acts in (-n, else the current project).
import { flagBool, flagValue, type FlagSpec, type ParsedArgs } from './args.js';
import { openCluster, type Cluster } from '../store/cluster.js';
import { selectCluster } from './kubeconfig.js';
import type { LabEnv } from '../store/paths.js';

export type ToolName = 'kubectl' | 'oc';

export interface VerbContext {
  tool: ToolName;
  lab: LabEnv;
  args: ParsedArgs;
  /** Positionals after the verb's own words. */
  words: string[];
  /** `get`, `adm drain`: for error texts. */
  verb: string;
}

export interface Verb {
  words: string[];
  flags: FlagSpec;
  ocOnly?: boolean;
  run(ctx: VerbContext): number | void;
}

export const GLOBAL_FLAGS: FlagSpec = {
  namespace: { short: 'n', value: true },
  kubeconfig: { value: true },
  config: { value: true },
  context: { value: true },
  cluster: { value: true },
  user: { value: true },
  server: { short: 's', value: true },
  token: { value: true },
  as: { value: true },
  'insecure-skip-tls-verify': { value: false },
  'request-timeout': { value: true },
  v: { short: 'v', value: true },
  help: { short: 'h', value: false },
  'lab-info': { value: false },
};

export const clusterOf = (ctx: VerbContext): string =>
  selectCluster(ctx.lab.labDir, flagValue(ctx.args, 'kubeconfig') ?? flagValue(ctx.args, 'config'), process.env);

export function withCluster<T>(ctx: VerbContext, fn: (c: Cluster) => T): T {
  return openCluster(ctx.lab.labDir, clusterOf(ctx), fn);
}

export const namespaceOf = (ctx: VerbContext, c: Cluster): string => flagValue(ctx.args, 'namespace') ?? c.meta.currentProject ?? 'default';

export const allNamespaces = (ctx: VerbContext): boolean => flagBool(ctx.args, 'all-namespaces');

// The table style of the cluster's era: OpenShift 3.11's oc/kubectl padded cells to 10.
export const minWidthOf = (c: Cluster): number => (c.meta.flavor === 'ocp311' ? 10 : 6);
