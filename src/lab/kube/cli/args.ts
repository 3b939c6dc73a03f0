// Command-line parsing the way kubectl's pflag does it: flags anywhere, `--f=v`, `--f v`,
// `-n v`, `-nv`, bundled booleans (`-it`), `--` ending the flags, and pflag's error texts.
export interface FlagDef {
  short?: string;
  value: boolean;
}
export type FlagSpec = Record<string, FlagDef>;

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
  /** Everything after `--` (the command of `exec`), undefined without `--`. */
  command?: string[];
}

export class FlagError extends Error {}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const byShort = new Map(Object.entries(spec).flatMap(([name, d]) => (d.short ? [[d.short, name] as const] : [])));
  const parsed: ParsedArgs = { positionals: [], flags: new Map() };
  const set = (name: string, v: string) => parsed.flags.set(name, [...(parsed.flags.get(name) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      parsed.command = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const def = spec[name];
      if (!def) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(name, a.slice(eq + 1));
      else if (!def.value) set(name, 'true');
      else if (i + 1 < argv.length) set(name, argv[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const name = byShort.get(a[j]);
        if (!name) throw new FlagError(`unknown shorthand flag: '${a[j]}' in ${a}`);
        if (!spec[name].value) {
          set(name, a[j + 1] === '=' ? a.slice(j + 2) : 'true');
          if (a[j + 1] === '=') break;
          continue;
        }
        const rest = a.slice(j + 1).replace(/^=/, '');
        if (rest !== '') set(name, rest);
        else if (i + 1 < argv.length) set(name, argv[++i]);
        else throw new FlagError(`flag needs an argument: '${a[j]}' in ${a}`);
        break;
      }
    } else parsed.positionals.push(a);
  }
  return parsed;
}

export const flagValue = (p: ParsedArgs, name: string): string | undefined => p.flags.get(name)?.at(-1);
export const flagValues = (p: ParsedArgs, name: string): string[] => p.flags.get(name) ?? [];

export function flagBool(p: ParsedArgs, name: string): boolean {
  const v = flagValue(p, name);
  return v !== undefined && v !== 'false';
}

// The verb words (`get`, `adm drain`, `create configmap`) come before other positionals, but
// global flags may precede them (`oc -n ns patch ...`); this finds them without a verb's spec.
export function leadingWords(argv: string[], valueFlags: Set<string>, count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < count; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('--')) {
      if (!a.includes('=') && valueFlags.has(a.slice(2))) i++;
    } else if (a.startsWith('-') && a.length > 1) {
      if (a.length === 2 && valueFlags.has(a.slice(1))) i++;
    } else words.push(a);
  }
  return words;
}

// Durations as kubectl takes them (`--timeout=5m`, `90s`, `1h30m`, `0`); milliseconds.
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}
