// Checking and converting the values of the ssh_config options opsctl reads, with OpenSSH's rules
// (readconf.c), so a value ssh would reject is reported at its line instead of half-working.
import type { SshOptionKey, SshOptionValues, StrictHostKeyChecking } from './config-types.js';
import { parseProxyJump } from './proxy-jump.js';

type Converted<T> = { value: T } | { error: string; argIndex?: number };
type Converter<T> = (args: string[]) => Converted<T>;

const single =
  <T>(convert: (arg: string) => Converted<T>): Converter<T> =>
  (args) =>
    args.length > 1 ? { error: 'extra arguments at end of line', argIndex: 1 } : convert(args[0]);

const text = single((arg) => ({ value: arg }));
const list: Converter<string[]> = (args) => ({ value: args });

const yesNo = single<boolean>((arg) => {
  const v = arg.toLowerCase();
  if (v === 'yes' || v === 'true') return { value: true };
  if (v === 'no' || v === 'false') return { value: false };
  return { error: `unsupported option "${arg}" (expected yes or no)` };
});

const strict = single<StrictHostKeyChecking>((arg) => {
  const v = arg.toLowerCase();
  if (v === 'yes' || v === 'true') return { value: 'yes' };
  if (v === 'no' || v === 'false' || v === 'off') return { value: 'no' };
  if (v === 'ask' || v === 'accept-new') return { value: v };
  return { error: `unsupported option "${arg}" (expected yes, accept-new, no or ask)` };
});

// Time values in milliseconds; `none` (no timeout) is 0.
const time = single<number>((arg) => {
  if (arg.toLowerCase() === 'none') return { value: 0 };
  const seconds = convtime(arg);
  return seconds === undefined ? { error: `invalid time value "${arg}" (e.g. 30, 90s, 5m, 1h30m)` } : { value: seconds * 1000 };
});

const port = single<number>((arg) => {
  const n = arg === 'ssh' ? 22 : /^\d+$/.test(arg) ? Number(arg) : NaN;
  return n >= 1 && n <= 65535 ? { value: n } : { error: `bad port "${arg}" (expected 1-65535)` };
});

const jump = single<string>((arg) => {
  if (arg.toLowerCase() === 'none') return { value: 'none' };
  const hops = parseProxyJump(arg);
  return 'error' in hops ? { error: hops.error } : { value: arg };
});

// The options opsctl reads and how each value is checked; any other keyword is left to ssh.
export const OPTION_CONVERTERS: { [K in SshOptionKey]: Converter<SshOptionValues[K]> } = {
  hostname: text,
  user: text,
  port,
  identityfile: text,
  proxyjump: jump,
  proxycommand: (args) => ({ value: args.join(' ') }),
  userknownhostsfile: list,
  globalknownhostsfile: list,
  stricthostkeychecking: strict,
  connecttimeout: time,
  serveraliveinterval: time,
  identitiesonly: yesNo,
  hostkeyalias: text,
  hashknownhosts: yesNo,
};

// Narrows a lowercased keyword to one opsctl reads.
export function isSshOptionKey(key: string): key is SshOptionKey {
  return Object.hasOwn(OPTION_CONVERTERS, key);
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

// misc.c convtime: `90`, `90s`, `5m`, `1h30m` (units s m h d w, any case) → seconds.
export function convtime(value: string): number | undefined {
  if (value === '') return undefined;
  let total = 0;
  for (const part of value.matchAll(/(\d+)([smhdw]?)|(.)/gi)) {
    if (part[3] !== undefined) return undefined;
    total += Number(part[1]) * UNIT_SECONDS[part[2].toLowerCase()];
  }
  return total;
}
