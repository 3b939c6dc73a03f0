// `delete TYPE NAME...`, `TYPE/NAME`, `--all`, `-l`, `-f FILE`: removes objects (and what the
// control plane removes with them) and says so the way kubectl does.
import { flagBool, flagValue, flagValues } from '../cli/args.js';
import { allNamespaces, namespaceOf, withCluster, type Verb } from '../cli/context.js';
import { ToolError } from '../cli/errors.js';
import { err, out } from '../cli/io.js';
import { resourceRef, singularRef, type KindInfo } from '../store/kinds.js';
import { readManifests } from '../cli/manifest-files.js';
import { labelSelector } from '../store/selectors.js';
import { parseTargets, type Target } from '../cli/targets.js';

export const deleteVerb: Verb = {
  words: ['delete'],
  flags: {
    all: { value: false },
    selector: { short: 'l', value: true },
    'field-selector': { value: true },
    'all-namespaces': { short: 'A', value: false },
    filename: { short: 'f', value: true },
    recursive: { short: 'R', value: false },
    'ignore-not-found': { value: false },
    wait: { value: false },
    'grace-period': { value: true },
    force: { value: false },
    now: { value: false },
    cascade: { value: true },
    timeout: { value: true },
    'dry-run': { value: true },
    output: { short: 'o', value: true },
  },
  run(ctx) {
    const files = flagValues(ctx.args, 'filename');
    const byName = flagValue(ctx.args, 'output') === 'name';
    const everything = flagBool(ctx.args, 'all');
    const selector = flagValue(ctx.args, 'selector');
    const match = labelSelector(selector);
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      const fromFiles: Array<Target & { namespace?: string }> = readManifests(files, flagBool(ctx.args, 'recursive')).map((d) => ({ info: d.info, names: [d.obj.metadata.name], namespace: d.obj.metadata.namespace }));
      const targets = files.length ? fromFiles : parseTargets(ctx.words, ctx.tool);
      const problems: string[] = [];
      let deleted = 0;
      for (const t of targets) {
        const scope = (t as { namespace?: string }).namespace ?? ns;
        if (t.names.length === 0 && !everything && !selector) {
          throw new ToolError('error: resource(s) were provided, but no name was specified');
        }
        const names = t.names.length ? t.names : c.list(t.info, allNamespaces(ctx) || !t.info.namespaced ? undefined : scope).filter(match).map((o) => o.metadata.name);
        for (const name of names) {
          if (c.remove(t.info, scope, name)) {
            deleted++;
            out(byName ? `${singularRef(t.info)}/${name}\n` : `${singularRef(t.info)} "${name}" deleted\n`);
          } else if (!flagBool(ctx.args, 'ignore-not-found')) {
            problems.push(notFoundText(t.info, name));
          }
        }
      }
      if (deleted === 0 && problems.length === 0 && (everything || selector)) out('No resources found\n');
      if (problems.length) {
        err(problems.slice(0, -1).map((p) => `${p}\n`).join(''));
        throw new ToolError(problems.at(-1)!);
      }
    });
  },
};

const notFoundText = (info: KindInfo, name: string) => `Error from server (NotFound): ${resourceRef(info)} "${name}" not found`;
