// `opsctl __complete -- WORD...`: the candidates for the last word, one per line (`__files__`
// asks the shell to complete a path). Walks the same command tree --help shows, so completion
// never drifts from the commands that exist. Never fails: a broken inventory completes nothing.
import type { Command, Option } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { listRuns } from '../../state/runs.js';
import { resolveStateDir } from '../../state/paths.js';
import { listBuiltinRunbooks } from '../../runbook/catalog.js';
import { loadInventoryOption } from '../inventory-option.js';

const HOST_FLAGS = ['--host', '--member', '--via', '--lb', '--snapshot-host', '--from', '--to'];
const FILE_FLAGS = ['-i', '--inventory', '--state-dir', '--out', '--timeline', '--ssh-config', '--fetch-to', '--upload', '--dir', '--backup-root', '--save-dir', '--snapshot'];

export default async function complete(g: GlobalOptions, program: Command, words: string[]): Promise<number> {
  const out = candidates(g, program, words.length ? words : ['']);
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  return 0;
}

function candidates(g: GlobalOptions, program: Command, words: string[]): string[] {
  const cur = words[words.length - 1];
  const typed = words.slice(0, -1);
  let cmd = program;
  const positional: string[] = [];
  let inventory = g.inventory;
  let stateDir = g.stateDir;
  for (let i = 0; i < typed.length; i++) {
    const w = typed[i];
    if (w.startsWith('-')) {
      const opt = findOption(cmd, program, w);
      if (opt && (opt.required || opt.optional) && !w.includes('=')) {
        if (w === '-i' || w === '--inventory') inventory = typed[i + 1];
        if (w === '--state-dir') stateDir = typed[i + 1];
        i++;
      }
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positional.length === 0) cmd = sub;
    else positional.push(w);
  }
  const prev = typed[typed.length - 1];
  if (prev?.startsWith('-') && !prev.includes('=')) {
    const opt = findOption(cmd, program, prev);
    if (opt && (opt.required || opt.optional)) {
      if (prev === '-o' || prev === '--output') return ['text', 'json'];
      if (prev === '--group') return safe(() => Object.keys(loadInventoryOption({ inventory }).groups));
      if (HOST_FLAGS.includes(prev)) return safe(() => Object.keys(loadInventoryOption({ inventory }).hosts));
      if (FILE_FLAGS.includes(prev)) return ['__files__'];
      if (opt.argChoices) return opt.argChoices;
      return [];
    }
  }
  if (cur.startsWith('-')) {
    const opts = [...cmd.options, ...(cmd === program ? [] : program.options)].filter((o) => !o.hidden);
    return opts.flatMap((o) => [o.long, o.short]).filter((f): f is string => Boolean(f));
  }
  const path = commandPath(cmd);
  const subs = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
  if (subs.length > 0 && positional.length === 0 && cmd.registeredArguments.length === 0) return subs;
  if (['run', 'plan', 'runbooks show'].includes(path)) return safe(() => listBuiltinRunbooks().map((r) => r.name));
  if (path === 'runbooks') return ['show'];
  if (path === 'resume' || path === 'runs show') return safe(() => listRuns(resolveStateDir(stateDir)).filter((r) => r.status !== 'corrupt').map((r) => r.id));
  if (path === 'hosts check' || path === 'hosts trust') return safe(() => Object.keys(loadInventoryOption({ inventory }).hosts));
  if (path === 'completion') return ['bash', 'zsh', 'fish'];
  if (path === 'schema') return ['runbook'];
  if (path === 'apply' || path === 'validate') return ['__files__'];
  return subs;
}

function findOption(cmd: Command, program: Command, flag: string): Option | undefined {
  const name = flag.split('=')[0];
  return [...cmd.options, ...program.options].find((o) => o.long === name || o.short === name);
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function safe(f: () => string[]): string[] {
  try {
    return f();
  } catch {
    return [];
  }
}
