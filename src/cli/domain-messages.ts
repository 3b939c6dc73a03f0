// A domain command speaks in its flags: a param problem found by the runbook is reworded with
// the flag that sets it (`--host`, not `-p host=`); params that no flag sets are worked out by the
// command from the inventory, so their absence is not mentioned while a flag is missing.
import { InputError, type Diagnostic } from '../errors.js';
import type { DomainCommand } from './domain-commands.js';

export function speakInFlags(e: unknown, cmd: DomainCommand): unknown {
  if (!(e instanceof InputError)) return e;
  const flagOf = (param: string) => cmd.flags.find((f) => f.param === param && !f.group && !f.negate) ?? cmd.flags.find((f) => f.param === param);
  let changed = false;
  const missingFlag = e.diagnostics.some((d) => /^missing required param/.test(d.message) && d.path && flagOf(paramOf(d.path)));
  const out: Diagnostic[] = [];
  for (const d of e.diagnostics) {
    const param = d.path ? paramOf(d.path) : undefined;
    if (!param || !/^params\./.test(d.path!)) {
      out.push(d);
      continue;
    }
    if (!flagOf(param) && missingFlag && /^missing required param/.test(d.message)) {
      changed = true;
      continue;
    }
    const f = flagOf(param);
    if (!f) {
      out.push(d);
      continue;
    }
    changed = true;
    const flag = f.flag.split(/[ ,]/)[0];
    const usage = f.flag.replace(/^--no-/, '--no-');
    const message = d.message
      .replace(`missing required param "${param}"`, `missing ${usage}`)
      .replace(`required param "${param}" is empty`, `${flag} is empty`)
      .replace(`default of param "${param}"`, `the default of ${flag}`)
      .replace(`param "${param}"`, flag);
    const hint = d.hint?.startsWith('pass -p ') ? f.description : d.hint;
    out.push({ message: `${cmd.path.join(' ')}: ${message}`, ...(hint ? { hint } : {}) });
  }
  if (!changed) return e;
  return new InputError(out, { hint: e.hint ?? `opsctl ${cmd.path.join(' ')} --help lists every flag`, cause: e });
}

const paramOf = (path: string) => path.replace(/^params\./, '').split(/[.[]/)[0];
