// `opsctl plan <runbook|file>`: the same as `run --dry-run`.
import type { GlobalOptions, RunFlags } from '../global-options.js';
import { executeRunbook, hostFailureFromFlags, paramsFromFlags } from '../execute.js';

export default async function plan(g: GlobalOptions, ref: string, flags: RunFlags): Promise<number> {
  return executeRunbook(g, { ref, params: paramsFromFlags(flags.param), mode: flags.check ? 'check' : 'dry-run', hostFailure: hostFailureFromFlags(flags) });
}
