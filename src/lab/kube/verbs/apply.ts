// `apply -f` (and `create -f`): every document of the files, each reported as created,
// configured or unchanged; documents of types the lab does not serve fail like a missing CRD.
import { flagBool, flagValue, flagValues } from '../cli/args.js';
import { namespaceOf, withCluster, type VerbContext } from '../cli/context.js';
import { applyObject, documentNamespace } from '../store/apply.js';
import { ToolError } from '../cli/errors.js';
import { err, out } from '../cli/io.js';
import { singularRef } from '../store/kinds.js';
import { loadManifests, unknownKindText } from '../cli/manifest-files.js';
import type { Verb } from '../cli/context.js';

export const FILE_FLAGS = {
  filename: { short: 'f', value: true },
  recursive: { short: 'R', value: false },
  output: { short: 'o', value: true },
  'dry-run': { value: true },
  validate: { value: true },
  'server-side': { value: false },
  'force-conflicts': { value: false },
  'field-manager': { value: true },
  overwrite: { value: false },
  'save-config': { value: false },
  prune: { value: false },
  selector: { short: 'l', value: true },
  wait: { value: false },
};

export const applyVerb: Verb = {
  words: ['apply'],
  flags: FILE_FLAGS,
  run: (ctx) => applyFiles(ctx, 'apply'),
};

export function applyFiles(ctx: VerbContext, mode: 'apply' | 'create'): void {
  // `-f` takes one path; a shell glob's other matches arrive as arguments, which kubectl refuses.
  if (ctx.words.length > 0) throw new ToolError(`error: Unexpected args: [${ctx.words.join(' ')}]\nSee '${ctx.tool} ${mode} -h' for help and examples`);
  const { docs, unknown } = loadManifests(flagValues(ctx.args, 'filename'), flagBool(ctx.args, 'recursive'));
  const byName = flagValue(ctx.args, 'output') === 'name';
  const dryRun = (flagValue(ctx.args, 'dry-run') ?? 'none') !== 'none';
  const problems: string[] = [];
  withCluster(ctx, (c) => {
    const fallback = namespaceOf(ctx, c);
    for (const d of docs) {
      try {
        const ns = documentNamespace(d.info, d.obj, flagValue(ctx.args, 'namespace'), fallback);
        const what = `${singularRef(d.info)}/${d.obj.metadata.name}`;
        if (dryRun) {
          out(`${what} ${mode === 'apply' ? 'configured' : 'created'} (dry run)\n`);
          continue;
        }
        const result = applyObject(c, d.info, d.obj, ns, d.source, mode);
        out(byName ? `${what}\n` : `${what} ${result}\n`);
      } catch (e) {
        if (!(e instanceof ToolError)) throw e;
        problems.push(e.message);
      }
    }
  });
  problems.push(...unknown.map(unknownKindText));
  if (problems.length) {
    err(problems.slice(0, -1).map((p) => `${p}\n`).join(''));
    throw new ToolError(problems.at(-1)!);
  }
}
