// `patch TYPE NAME -p PATCH [--type merge|json|strategic]`: the pause/unpause of a
// HostedCluster, finalizer removal before teardown. Custom resources refuse strategic merge
// patches, as the real API server does.
import { parse } from 'yaml';
import { flagValue } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb } from '../cli/context.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { resourceRef, singularRef, type KindInfo } from '../store/kinds.js';
import { clone, type K8sObject } from '../store/object.js';
import { jsonPatch, mergePatch } from '../store/patch.js';
import { parseOutput, renderGet } from '../print/print.js';
import { parseTargets } from '../cli/targets.js';
import { readFileSync } from 'node:fs';

// Types served by CustomResourceDefinitions; they accept only json and merge patches.
const CRD_GROUPS = ['hypershift.openshift.io', 'cluster.x-k8s.io', 'infrastructure.cluster.x-k8s.io', 'config.openshift.io'];

export const patchVerb: Verb = {
  words: ['patch'],
  flags: {
    patch: { short: 'p', value: true },
    'patch-file': { value: true },
    type: { value: true },
    output: { short: 'o', value: true },
    'dry-run': { value: true },
    subresource: { value: true },
    'field-manager': { value: true },
    record: { value: false },
  },
  run(ctx) {
    const type = flagValue(ctx.args, 'type') ?? 'strategic';
    if (!['json', 'merge', 'strategic'].includes(type)) throw new ToolError(`error: --type must be one of [json merge strategic], not "${type}"`);
    const file = flagValue(ctx.args, 'patch-file');
    const text = flagValue(ctx.args, 'patch') ?? (file !== undefined ? readFileSync(file, 'utf8') : undefined);
    if (text === undefined) throw new ToolError('error: must specify --patch or --patch-file containing the contents of the patch');
    let patch: unknown;
    try {
      patch = parse(text);
    } catch (e) {
      throw new ToolError(`error: unable to parse "${text}": ${(e as Error).message.split('\n')[0]}`);
    }
    const format = flagValue(ctx.args, 'output');
    const dryRun = (flagValue(ctx.args, 'dry-run') ?? 'none') !== 'none';
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      for (const { info, names } of parseTargets(ctx.words, ctx.tool)) {
        if (names.length === 0) throw new ToolError('error: resource(s) were provided, but no name was specified');
        if (type === 'strategic' && CRD_GROUPS.includes(info.group)) {
          throw new ToolError(`error: application/strategic-merge-patch+json is not supported by ${resourceRef(info)}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
        }
        for (const name of names) {
          const current = c.mustGet(info, ns, name);
          const patched = applyPatch(current, patch, type);
          const changed = JSON.stringify(patched) !== JSON.stringify(current);
          const saved = changed && !dryRun ? c.save(info, patched) : patched;
          out(message(info, saved, format, changed, dryRun));
        }
      }
    });
  },
};

function applyPatch(current: K8sObject, patch: unknown, type: string): K8sObject {
  const base = clone(current);
  const next = (type === 'json' ? jsonPatch(base, patch) : mergePatch(base, patch)) as K8sObject;
  // Identity and server-set fields stay the server's.
  next.metadata = { ...next.metadata, name: current.metadata.name, namespace: current.metadata.namespace, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp, resourceVersion: current.metadata.resourceVersion };
  next.apiVersion = current.apiVersion;
  next.kind = current.kind;
  return next;
}

function message(info: KindInfo, obj: K8sObject, format: string | undefined, changed: boolean, dryRun: boolean): string {
  if (format && format !== 'name') {
    return renderGet([{ info, objects: [obj] }], { format: parseOutput(format), noHeaders: false, withKind: false, allNamespaces: false, showLabels: false, single: true, minWidth: 6 });
  }
  const what = `${singularRef(info)}/${obj.metadata.name}`;
  if (format === 'name') return `${what}\n`;
  return `${what} patched${!changed ? ' (no change)' : dryRun ? ' (dry run)' : ''}\n`;
}
