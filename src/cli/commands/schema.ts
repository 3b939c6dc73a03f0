// `opsctl schema runbook`: the runbook format as JSON Schema, for editors and CI linters.
import type { GlobalOptions } from '../global-options.js';
import { InputError } from '../../errors.js';
import { runbookJsonSchema } from '../../runbook/json-schema.js';

export default async function schema(_g: GlobalOptions, what: string): Promise<number> {
  if (what !== 'runbook') throw new InputError(`no schema named "${what}"`, { hint: 'opsctl schema runbook' });
  process.stdout.write(JSON.stringify(runbookJsonSchema(), null, 2) + '\n');
  return 0;
}
