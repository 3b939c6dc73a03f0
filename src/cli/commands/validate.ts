// `opsctl validate <file>...`: every problem in every file, each with file:line:col; exit 2 if any.
// It finds what `plan` would reject short of the params and the inventory, includes included.
import type { GlobalOptions } from '../global-options.js';
import { readFileSync } from 'node:fs';
import { parseRunbook } from '../../runbook/load.js';
import { InputError, type Diagnostic } from '../../errors.js';
import { checkIncludes, type IncludeReader } from '../../runbook/include-checks.js';
import { resolveIncludeRef } from '../../runbook/catalog.js';

// Includes are read from disk the way `plan` reads them.
const includeReader: IncludeReader = {
  resolve: (ref, from) => resolveIncludeRef(ref, from),
  parse: (file) => parseRunbook(readFileSync(file, 'utf8'), file),
};

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
    const parsed = parseRunbook(text, file);
    const { runbook, shaped } = parsed;
    const diagnostics = shaped ? [...parsed.diagnostics, ...checkIncludes(shaped, file, parsed.locate, includeReader)] : parsed.diagnostics;
    all.push(...diagnostics);
    if (g.output === 'json') process.stdout.write(JSON.stringify({ file, valid: diagnostics.length === 0, name: runbook?.metadata.name, diagnostics }) + '\n');
    else if (diagnostics.length === 0 && runbook) process.stdout.write(`${file}: ok (${runbook!.metadata.name}, ${runbook!.steps.length} steps)\n`);
  }
  if (all.length === 0) return 0;
  if (g.output === 'json') return 2;
  throw new InputError(all, { hint: `${all.length} problem${all.length === 1 ? '' : 's'}` });
}
