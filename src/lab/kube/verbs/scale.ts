// `scale --replicas=N deployment NAME...|TYPE/NAME|--all`: the etcd writers of a hosted
// control plane go to 0 before a snapshot and back afterwards; pods follow at once.
import { flagBool, flagValue } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb } from '../cli/context.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { singularRef } from '../store/kinds.js';
import { labelSelector } from '../store/selectors.js';
import { parseTargets } from '../cli/targets.js';

const SCALABLE = ['Deployment', 'StatefulSet', 'MachineDeployment', 'MachineSet', 'NodePool'];

export const scaleVerb: Verb = {
  words: ['scale'],
  flags: {
    replicas: { value: true },
    'current-replicas': { value: true },
    all: { value: false },
    selector: { short: 'l', value: true },
    'resource-version': { value: true },
    timeout: { value: true },
    output: { short: 'o', value: true },
    'dry-run': { value: true },
    filename: { short: 'f', value: true },
  },
  run(ctx) {
    const raw = flagValue(ctx.args, 'replicas');
    if (raw === undefined) throw new ToolError('error: required flag(s) "replicas" not set');
    const replicas = Number(raw);
    if (!Number.isInteger(replicas) || replicas < 0) throw new ToolError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const expected = flagValue(ctx.args, 'current-replicas');
    const selector = flagValue(ctx.args, 'selector');
    const match = labelSelector(selector);
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      let scaled = 0;
      for (const { info, names } of parseTargets(ctx.words, ctx.tool)) {
        if (!SCALABLE.includes(info.kind)) throw new ToolError(`error: cannot scale ${info.plural}: the resource does not have a scale subresource`);
        if (names.length === 0 && !flagBool(ctx.args, 'all') && !selector) throw new ToolError('error: resource(s) were provided, but no name was specified');
        const objects = names.length ? names.map((n) => c.mustGet(info, ns, n)) : c.list(info, ns).filter(match);
        for (const obj of objects) {
          if (expected !== undefined && Number(obj.spec?.replicas ?? 0) !== Number(expected)) {
            throw new ToolError(`error: Expected replicas to be ${expected}, was ${obj.spec?.replicas ?? 0}`);
          }
          if ((flagValue(ctx.args, 'dry-run') ?? 'none') === 'none') {
            obj.spec = { ...obj.spec, replicas };
            c.save(info, obj);
          }
          scaled++;
          out(`${singularRef(info)}/${obj.metadata.name}${flagValue(ctx.args, 'output') === 'name' ? '' : ' scaled'}\n`);
        }
      }
      if (scaled === 0) throw new ToolError('error: no objects passed to scale');
    });
  },
};
