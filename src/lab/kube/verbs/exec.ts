// `exec [-it] POD [-c CONTAINER] -- CMD...`: the 3.11 etcd snapshot (`oc exec master-etcd-<host>
// -c etcd -- etcdctl ...`) and the hosted etcd snapshots run on the pod's lab host.
import { flagBool, flagValue } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb } from '../cli/context.js';
import { ToolError } from '../cli/errors.js';
import { runInPod } from './exec-run.js';
import { err } from '../cli/io.js';
import { mustKind } from '../store/kinds.js';
import { hostedEtcdLab } from '../../hosted-etcd/layout.js';
import { isHostedEtcdPod, runInHostedEtcdPod } from '../../hosted-etcd/container.js';

const POD = mustKind('Pod');

export const execVerb: Verb = {
  words: ['exec'],
  flags: {
    container: { short: 'c', value: true },
    stdin: { short: 'i', value: false },
    tty: { short: 't', value: false },
    quiet: { short: 'q', value: false },
    'pod-running-timeout': { value: true },
    filename: { short: 'f', value: true },
  },
  run(ctx) {
    const [target, ...extra] = ctx.words;
    if (!target) throw new ToolError(`error: pod, type/name or --filename must be specified\nSee '${ctx.tool} exec -h' for help and examples`);
    if (!ctx.args.command || ctx.args.command.length === 0) {
      throw new ToolError(extra.length ? `error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee '${ctx.tool} exec -h' for help and examples` : `error: you must specify at least one command for the container`);
    }
    const name = target.replace(/^(pod|pods|po)\//, '');
    const wanted = flagValue(ctx.args, 'container');
    const req = withCluster(ctx, (c) => {
      const pod = c.mustGet(POD, namespaceOf(ctx, c), name);
      const containers = (pod.spec?.containers ?? []) as Array<{ name: string; workingDir?: string }>;
      const container = wanted ?? containers[0]?.name;
      const chosen = containers.find((ct) => ct.name === container);
      if (!chosen) throw new ToolError(`Error from server (BadRequest): container ${container} is not valid for pod ${name}`);
      if (!wanted && containers.length > 1 && !flagBool(ctx.args, 'quiet')) {
        err(`Defaulted container "${chosen.name}" out of: ${containers.map((ct) => ct.name).join(', ')}\n`);
      }
      if (pod.status?.phase !== 'Running' || !pod.spec?.nodeName) {
        throw new ToolError(`error: unable to upgrade connection: container not found ("${chosen.name}")`);
      }
      return { node: pod.spec.nodeName as string, workingDir: chosen.workingDir, etcdMember: isHostedEtcdPod(pod), namespace: namespaceOf(ctx, c), cluster: c.meta.name };
    });
    if (flagBool(ctx.args, 'tty') && !process.stdin.isTTY) err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    const lab = req.etcdMember === undefined ? undefined : hostedEtcdLab(ctx.lab.labDir);
    if (lab) return runInHostedEtcdPod(lab, req.cluster, req.namespace, req.etcdMember!, ctx.args.command, flagBool(ctx.args, 'stdin'));
    return runInPod({ labDir: ctx.lab.labDir, here: ctx.lab.host, node: req.node, command: ctx.args.command, stdin: flagBool(ctx.args, 'stdin'), workingDir: req.workingDir });
  },
};
