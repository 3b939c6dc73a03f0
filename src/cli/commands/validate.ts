// `opsctl validate <file>...`: every problem in every file, each with file:line:col; exit 2 if any.
import type { GlobalOptions } from '../global-options.js';
import { readFileSync } from 'node:fs';
import { parseRunbook } from '../../runbook/load.js';
import { InputError, type Diagnostic } from '../../errors.js';

export default async function validate(g: GlobalOptions, files: string[]): Promise<number> {
  const all: Diagnostic[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      all.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    const { diagnostics, runbook } = parseRunbook(text, file);
    all.push(...diagnostics);
    if (g.output === 'json') process.stdout.write(JSON.stringify({ file, valid: diagnostics.length === 0, name: runbook?.metadata.name, diagnostics }) + '\n');
    else if (diagnostics.length === 0) process.stdout.write(`${file}: ok (${runbook!.metadata.name}, ${runbook!.steps.length} steps)\n`);
  }
  if (all.length === 0) return 0;
  if (g.output === 'json') return 2;
  throw new InputError(all, { hint: `${all.length} problem${all.length === 1 ? '' : 's'}` });
}
