// `create configmap|secret generic|namespace NAME ...` and `create -f FILE`: the DR backup
// records its source cluster with `oc create configmap mgmt-parent-cluster --from-literal=...`.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { flagValue, flagValues } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb } from '../cli/context.js';
import { applyFiles, FILE_FLAGS } from './apply.js';
import { make } from '../seed/build.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { mustKind, resourceRef, singularRef } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import { parseOutput, renderGet } from '../print/print.js';

export const createVerb: Verb = {
  words: ['create'],
  flags: {
    ...FILE_FLAGS,
    'from-literal': { value: true },
    'from-file': { value: true },
    'from-env-file': { value: true },
    type: { value: true },
    'append-hash': { value: false },
  },
  run(ctx) {
    const [what, ...rest] = ctx.words;
    if (what === undefined) return applyFiles(ctx, 'create');
    const sub = what === 'cm' ? 'configmap' : what === 'ns' ? 'namespace' : what;
    const names = sub === 'secret' ? (rest[0] === 'generic' ? rest.slice(1) : undefined) : rest;
    if (!['configmap', 'secret', 'namespace'].includes(sub) || names === undefined) {
      throw new ToolError(`error: unknown command "${[what, ...rest].join(' ')}" for "${ctx.tool} create"`);
    }
    const name = names[0];
    if (!name) throw new ToolError(`error: exactly one NAME is required, got 0\nSee '${ctx.tool} create ${sub} -h' for help and examples`);
    const info = mustKind(sub === 'configmap' ? 'ConfigMap' : sub === 'secret' ? 'Secret' : 'Namespace');
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      const obj =
        sub === 'namespace'
          ? make('Namespace', undefined, name, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } })
          : dataObject(sub, ns, name, dataFrom(flagValues(ctx.args, 'from-literal'), flagValues(ctx.args, 'from-file'), flagValues(ctx.args, 'from-env-file')), flagValue(ctx.args, 'type'));
      const dryRun = (flagValue(ctx.args, 'dry-run') ?? 'none') !== 'none';
      const format = flagValue(ctx.args, 'output');
      if (!dryRun) {
        if (c.get(info, ns, name)) throw new ToolError(`error: failed to create ${sub}: ${resourceRef(info)} "${name}" already exists`);
        c.save(info, obj);
      }
      if (format && format !== 'name') {
        out(renderGet([{ info, objects: [obj] }], { format: parseOutput(format), noHeaders: false, withKind: false, allNamespaces: false, showLabels: false, single: true, minWidth: 6 }));
      } else {
        out(`${singularRef(info)}/${name}${format === 'name' ? '' : ` created${dryRun ? ' (dry run)' : ''}`}\n`);
      }
    });
  },
};

function dataFrom(literals: string[], files: string[], envFiles: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const l of literals) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new ToolError(`error: invalid literal source ${l}, expected key=value`);
    data[l.slice(0, eq)] = l.slice(eq + 1);
  }
  for (const f of files) {
    const eq = f.indexOf('=');
    const [key, path] = eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [basename(f), f];
    data[key] = readFileSync(path, 'utf8');
  }
  for (const f of envFiles) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^\s*([^#=\s][^=]*)=(.*)$/.exec(line);
      if (m) data[m[1].trim()] = m[2];
    }
  }
  return data;
}

function dataObject(sub: string, ns: string, name: string, data: Record<string, string>, type: string | undefined): K8sObject {
  if (sub === 'configmap') return make('ConfigMap', ns, name, { data });
  return make('Secret', ns, name, { type: type ?? 'Opaque', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
}
