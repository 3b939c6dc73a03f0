// `opsctl run <runbook|file>`: compile, then dry-run, check or execute.
import type { GlobalOptions, RunFlags } from '../global-options.js';
import type { HostFailurePolicy } from '../../plan/types.js';
import { executeRunbook, hostFailureFromFlags, paramsFromFlags } from '../execute.js';
import { InputError } from '../../errors.js';

export default async function run(g: GlobalOptions, ref: string, flags: RunFlags): Promise<number> {
  if (flags.dryRun && flags.check) throw new InputError('--dry-run and --check cannot be used together', { hint: '--dry-run connects to nothing; --check connects and runs read-only steps' });
  const mode = flags.dryRun ? 'dry-run' : flags.check ? 'check' : 'run';
  return executeRunbook(g, { ref, params: paramsFromFlags(flags.param), mode, ...runExtras(flags) });
}

// The plan-view, saved-plan, host-failure and --detach flags every runbook command shares.
export function runExtras(flags: RunFlags): { showCommands?: boolean; out?: string; hostFailure?: HostFailurePolicy; detach?: boolean } {
  const hostFailure = hostFailureFromFlags(flags);
  return { ...(flags.showCommands ? { showCommands: true } : {}), ...(flags.out ? { out: flags.out } : {}), ...(hostFailure ? { hostFailure } : {}), ...(flags.detach ? { detach: true } : {}) };
}
