// `kubectl get` / `oc get`: one or more types, names or selectors, in a namespace or all of
// them, printed as a table or any `-o` format; names not found are reported after the rest.
import { flagBool, flagValue } from '../cli/args.js';
import { allNamespaces, minWidthOf, namespaceOf, withCluster, type Verb } from '../cli/context.js';
import type { Cluster } from '../store/cluster.js';
import { ToolError } from '../cli/errors.js';
import { err, out } from '../cli/io.js';
import { columnValue } from '../print/jsonpath.js';
import { mustKind, resourceRef, type KindInfo } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import { parseOutput, renderGet, type PrintGroup } from '../print/print.js';
import { fieldSelector, labelSelector } from '../store/selectors.js';
import { parseTargets } from '../cli/targets.js';

export const getVerb: Verb = {
  words: ['get'],
  flags: {
    output: { short: 'o', value: true },
    selector: { short: 'l', value: true },
    'field-selector': { value: true },
    'all-namespaces': { short: 'A', value: false },
    'no-headers': { value: false },
    'show-labels': { value: false },
    'show-kind': { value: false },
    'ignore-not-found': { value: false },
    'sort-by': { value: true },
    'chunk-size': { value: true },
    'allow-missing-template-keys': { value: false },
    'show-managed-fields': { value: false },
  },
  run(ctx) {
    const format = parseOutput(flagValue(ctx.args, 'output'));
    const targets = parseTargets(ctx.words, ctx.tool);
    const matches = [labelSelector(flagValue(ctx.args, 'selector')), fieldSelector(flagValue(ctx.args, 'field-selector'))];
    const all = allNamespaces(ctx);
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      const missing: string[] = [];
      const groups: PrintGroup[] = targets.map(({ info, names }) => {
        if (names.length === 0) return { info, objects: listOf(c, info, all ? undefined : ns).filter((o) => matches.every((m) => m(o))) };
        const objects = names.flatMap((name) => {
          const found = getOne(c, info, ns, name);
          if (!found && !flagBool(ctx.args, 'ignore-not-found')) missing.push(`Error from server (NotFound): ${resourceRef(info)} "${name}" not found`);
          return found ? [found] : [];
        });
        return { info, objects };
      });
      sortGroups(groups, flagValue(ctx.args, 'sort-by'));
      const single = targets.length === 1 && targets[0].names.length === 1;
      out(renderGet(groups, {
        format,
        noHeaders: flagBool(ctx.args, 'no-headers'),
        withKind: targets.length > 1 || flagBool(ctx.args, 'show-kind'),
        allNamespaces: all,
        showLabels: flagBool(ctx.args, 'show-labels'),
        single,
        minWidth: minWidthOf(c),
      }));
      const listed = targets.every((t) => t.names.length === 0);
      if (listed && format.kind === 'table' && groups.every((g) => g.objects.length === 0)) {
        err(all || !groups.some((g) => g.info.namespaced) ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
      }
      if (missing.length > 0) throw new ToolError(missing.join('\n'));
    });
  },
};

// Projects are the namespaces, as OpenShift's project API presents them.
function asProject(nsObj: K8sObject): K8sObject {
  return { ...nsObj, apiVersion: 'project.openshift.io/v1', kind: 'Project' };
}

function listOf(c: Cluster, info: KindInfo, ns: string | undefined): K8sObject[] {
  if (info.kind === 'Project') return c.list(mustKind('Namespace')).map(asProject);
  return c.list(info, info.namespaced ? ns : undefined);
}

function getOne(c: Cluster, info: KindInfo, ns: string, name: string): K8sObject | undefined {
  if (info.kind === 'Project') {
    const found = c.get(mustKind('Namespace'), undefined, name);
    return found && asProject(found);
  }
  return c.get(info, ns, name);
}

function sortGroups(groups: PrintGroup[], sortBy: string | undefined): void {
  if (!sortBy) return;
  for (const g of groups) {
    g.objects.sort((a, b) => {
      const [x, y] = [columnValue(sortBy, a), columnValue(sortBy, b)];
      const [nx, ny] = [Number(x), Number(y)];
      return !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    });
  }
}
