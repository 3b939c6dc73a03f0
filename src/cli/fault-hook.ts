// `opsctl rehearse` kills opsctl at exact points of a run: at the start of a step (its start is
// journaled, its command not yet sent) or some milliseconds into it. Only the moment is chosen
// here; the kill is a real SIGKILL from the kernel, nothing is cleaned up. Not for operators.
import type { PlanStep } from '../plan/types.js';

export const FAULT_ENV = 'OPSCTL_REHEARSE_KILL';

/** `<step key>@start` or `<step key>@<ms>`, from FAULT_ENV; undefined when not rehearsing. */
export function killHook(env: NodeJS.ProcessEnv = process.env): ((step: PlanStep) => void) | undefined {
  const spec = env[FAULT_ENV];
  const m = spec ? /^(.+)@(start|\d+)$/.exec(spec) : null;
  if (!m) return undefined;
  const [, key, when] = m;
  let armed = true;
  return (step) => {
    if (!armed || step.key !== key) return;
    armed = false;
    const kill = () => process.kill(process.pid, 'SIGKILL');
    if (when === 'start') kill();
    else setTimeout(kill, Number(when));
  };
}
