// ssh_config text → ordered items, every bad line reported with file:line:col. Pure: Include files
// come through an injected reader, so the I/O lives in config-load.ts and tests can feed text.
import type { Diagnostic } from '../errors.js';
import type { ConfigWhere, ParsedSshConfig, SshConfigItem } from './config-types.js';
import { OPTION_CONVERTERS, isSshOptionKey } from './config-options.js';
import { parseMatchLine } from './config-match.js';
import { splitConfigLine, type ConfigWord } from './config-words.js';

/** One file an Include pattern named: its text, or why it could not be read. */
export type IncludedFile = { file: string; text: string } | { file: string; error: string };

// What parsing needs from outside: the home and a way to read Included files.
export interface SshConfigParseOptions {
  /** Home of the operator, for `~` and for relative Include paths (`~/.ssh/...`). */
  home: string;
  /** Expands an absolute glob to the files it names, sorted; without it Include only warns. */
  readInclude?: (pattern: string) => IncludedFile[];
}

// readconf.c READCONF_MAX_DEPTH: Include loops stop here instead of recursing forever.
export const MAX_INCLUDE_DEPTH = 16;

// Errors (diagnostics) make the config unusable, as for ssh; warnings do not.
export function parseSshConfig(
  text: string,
  file: string,
  options: SshConfigParseOptions,
): { config: ParsedSshConfig; diagnostics: Diagnostic[] } {
  const config: ParsedSshConfig = { file, items: [], warnings: [] };
  const diagnostics: Diagnostic[] = [];
  config.items = parseFile(text, file, 0, { ...options, warnings: config.warnings, diagnostics });
  return { config, diagnostics };
}

interface Context extends SshConfigParseOptions {
  warnings: Diagnostic[];
  diagnostics: Diagnostic[];
}

function parseFile(text: string, file: string, depth: number, cx: Context): SshConfigItem[] {
  const items: SshConfigItem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = splitConfigLine(raw);
    if ('empty' in line) return;
    if ('error' in line) return void cx.diagnostics.push({ file, line: index + 1, col: line.col, message: line.error });
    const where = { file, line: index + 1, col: line.keyword.col };
    const key = line.keyword.text.toLowerCase();
    // readconf.c keeps ProxyCommand as the raw rest of the line: the shell parses it, not ssh.
    const item: SshConfigItem | undefined = key === 'proxycommand' && line.args.length > 0 ? { kind: 'option', key: 'proxycommand', value: line.rest, where } : parseLine(key, line.args, where, depth, cx);
    if (item) items.push(item);
  });
  return items;
}

function parseLine(key: string, args: ConfigWord[], where: ConfigWhere, depth: number, cx: Context): SshConfigItem | undefined {
  const fail = (message: string, col = where.col) => void cx.diagnostics.push({ ...where, col, message });
  if (args.length === 0) return fail(`no argument after keyword "${key}"`);
  const empty = args.find((a) => a.text === '');
  if (empty) return fail(`keyword ${key} has an empty argument`, empty.col);
  if (key === 'host') return { kind: 'host', patterns: args.map((a) => a.text), where };
  if (key === 'match') {
    const match = parseMatchLine(args);
    if ('error' in match) return fail(match.error, match.col);
    if (match.unsupported) {
      cx.warnings.push({ ...where, message: `Match ${match.unsupported} is not supported by opsctl; this block is skipped`, hint: 'use Host patterns or Match host/originalhost/user/localuser/all' });
    }
    return { kind: 'match', ...match, where };
  }
  if (key === 'include') return { kind: 'include', files: args.flatMap((a) => readInclude(a, where, depth, cx)), where };
  if (!isSshOptionKey(key)) return undefined; // an option opsctl does not use; ssh itself checks it
  const converted = OPTION_CONVERTERS[key](args.map((a) => a.text));
  if ('error' in converted) return fail(`${key}: ${converted.error}`, args[converted.argIndex ?? 0].col);
  return { kind: 'option', key, value: converted.value, where } as SshConfigItem;
}

function readInclude(arg: ConfigWord, where: ConfigWhere, depth: number, cx: Context) {
  const at = { ...where, col: arg.col };
  if (depth + 1 > MAX_INCLUDE_DEPTH) {
    cx.diagnostics.push({ ...at, message: `Include nested more than ${MAX_INCLUDE_DEPTH} deep`, hint: 'an Include probably includes itself' });
    return [];
  }
  if (!cx.readInclude) {
    cx.warnings.push({ ...at, message: `Include ${arg.text} was not read` });
    return [];
  }
  return cx.readInclude(includePattern(arg.text, cx.home)).flatMap((f) => {
    if ('error' in f) {
      cx.diagnostics.push({ ...at, message: `cannot read included file ${f.file}: ${f.error}` });
      return [];
    }
    return [{ file: f.file, items: parseFile(f.text, f.file, depth + 1, cx) }];
  });
}

// Relative Include paths live in ~/.ssh for a user config (readconf.c), `~` means home.
export function includePattern(arg: string, home: string): string {
  if (arg === '~' || arg.startsWith('~/')) return home + arg.slice(1);
  if (arg.startsWith('/')) return arg;
  return `${home}/.ssh/${arg}`;
}
