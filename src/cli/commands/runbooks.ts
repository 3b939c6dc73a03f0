// `opsctl runbooks [show <name>]`: the built-in catalogue and each runbook's params.
import type { GlobalOptions } from '../global-options.js';
import { listCatalog } from '../../runbook/catalog-index.js';
import { InputError } from '../../errors.js';
import { suggest } from '../../runbook/suggest.js';

export default async function runbooks(g: GlobalOptions, verb?: string, name?: string): Promise<number> {
  const all = await listCatalog();
  if (verb !== undefined && verb !== 'show') throw new InputError(`unknown subcommand "${verb}"`, { hint: 'opsctl runbooks [show <name>]' });
  if (verb === 'show') {
    if (!name) throw new InputError('runbooks show needs a runbook name', { hint: `one of: ${all.map((r) => r.name).join(', ')}` });
    const rb = all.find((r) => r.name === name);
    if (!rb) {
      const close = suggest(name, all.map((r) => r.name));
      throw new InputError(`no built-in runbook "${name}"`, { hint: close ? `did you mean "${close}"?` : `one of: ${all.map((r) => r.name).join(', ')}` });
    }
    if (g.output === 'json') {
      process.stdout.write(JSON.stringify(rb) + '\n');
      return 0;
    }
    const policy = rb.hostFailure ? `on host failure: ${rb.hostFailure.onHostFailure}${rb.hostFailure.maxFailed !== undefined ? `, maxFailed ${rb.hostFailure.maxFailed}` : ''}` : '';
    const lines = [`${rb.name} — ${rb.title ?? ''}`, rb.source ? `source: ${rb.source}` : '', `file: ${rb.file}`, policy, '', 'params:'];
    for (const [p, spec] of Object.entries(rb.params ?? {})) {
      const flags = [spec.type, spec.required ? 'required' : '', spec.secret ? 'secret' : '', spec.default !== undefined ? `default ${JSON.stringify(spec.default)}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${p.padEnd(16)} ${flags}${spec.description ? ` — ${spec.description}` : ''}`);
    }
    process.stdout.write(lines.filter((l, i) => l !== '' || i === 4).join('\n') + '\n');
    return 0;
  }
  if (g.output === 'json') {
    for (const r of all) process.stdout.write(JSON.stringify({ name: r.name, title: r.title, source: r.source, file: r.file }) + '\n');
    return 0;
  }
  if (all.length === 0) process.stdout.write('no built-in runbooks\n');
  const w = Math.max(4, ...all.map((r) => r.name.length));
  for (const r of all) process.stdout.write(`${r.name.padEnd(w)}  ${r.title ?? ''}${r.error ? `  (invalid: ${r.error})` : ''}\n`);
  return 0;
}
