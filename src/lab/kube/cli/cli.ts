// The command line shared by the lab's kubectl and oc: find the verb (one or two words, global
// flags may come first), parse its flags the way pflag does, run it, and turn failures into the
// text and exit code the real tool would give.
import { FlagError, leadingWords, parseArgs, type FlagSpec } from './args.js';
import { GLOBAL_FLAGS, type ToolName, type Verb } from './context.js';
import { ToolError } from './errors.js';
import { errLine, out } from './io.js';
import { labEnv } from '../store/paths.js';
import { applyVerb } from '../verbs/apply.js';
import { createVerb } from '../verbs/create.js';
import { deleteVerb } from '../verbs/delete.js';
import { describeVerb } from '../verbs/describe.js';
import { execVerb } from '../verbs/exec.js';
import { getVerb } from '../verbs/get.js';
import { NODE_VERBS } from '../verbs/node.js';
import { OC_VERBS } from '../verbs/oc.js';
import { patchVerb } from '../verbs/patch.js';
import { scaleVerb } from '../verbs/scale.js';
import { versionVerb } from '../verbs/version.js';
import { rolloutStatusVerb, waitVerb } from '../verbs/wait.js';

const VERBS: Verb[] = [getVerb, describeVerb, deleteVerb, patchVerb, applyVerb, createVerb, scaleVerb, ...NODE_VERBS, execVerb, versionVerb, waitVerb, rolloutStatusVerb, ...OC_VERBS];

export const labInfoLine = (tool: string): string => `${tool}: opsctl lab tool (simulated; state in $OPSCTL_LAB_DIR/api, not a real cluster)\n`;

function valueFlagNames(): Set<string> {
  const specs: FlagSpec[] = [GLOBAL_FLAGS, ...VERBS.map((v) => v.flags)];
  return new Set(specs.flatMap((s) => Object.entries(s).filter(([, d]) => d.value).flatMap(([name, d]) => [name, ...(d.short ? [d.short] : [])])));
}

function findVerb(tool: ToolName, words: string[]): Verb | undefined {
  const served = VERBS.filter((v) => tool === 'oc' || !v.ocOnly);
  return served.find((v) => v.words.length === 2 && v.words[0] === words[0] && v.words[1] === words[1]) ?? served.find((v) => v.words.length === 1 && v.words[0] === words[0]);
}

function help(tool: ToolName): string {
  const verbs = VERBS.filter((v) => tool === 'oc' || !v.ocOnly).map((v) => `  ${v.words.join(' ')}`);
  return `${tool} controls the opsctl lab's simulated cluster (a rehearsal stand-in, not a real API server).\n\nCommands served:\n${verbs.join('\n')}\n\nUsage:\n  ${tool} [flags] [options]\n`;
}

export function runKubectl(tool: ToolName, argv: string[]): number {
  try {
    if (argv.includes('--lab-info')) {
      out(labInfoLine(tool));
      return 0;
    }
    const words = leadingWords(argv, valueFlagNames(), 2);
    if (words.length === 0) {
      out(help(tool));
      return 0;
    }
    const verb = findVerb(tool, words);
    if (!verb) {
      const parent = words[0] === 'adm' && tool === 'oc' ? 'oc adm' : words[0] === 'rollout' ? `${tool} rollout` : tool;
      const word = parent === tool ? words[0] : words[1] ?? '';
      throw new ToolError(`error: unknown command "${word}" for "${parent}"`);
    }
    const name = verb.words.join(' ');
    if (argv.includes('--help') || argv.includes('-h')) {
      out(`${tool} ${name}: served by the opsctl lab with flags: ${Object.keys(verb.flags).map((f) => `--${f}`).join(' ')}\n`);
      return 0;
    }
    let args;
    try {
      args = parseArgs(argv, { ...GLOBAL_FLAGS, ...verb.flags });
    } catch (e) {
      if (e instanceof FlagError) throw new ToolError(`error: ${e.message}\nSee '${tool} ${name} --help' for usage.`);
      throw e;
    }
    const rest = [...args.positionals];
    for (const w of verb.words) rest.splice(rest.indexOf(w), 1);
    return verb.run({ tool, lab: labEnv(), args, words: rest, verb: name }) ?? 0;
  } catch (e) {
    if (e instanceof ToolError) {
      errLine(e.message);
      return e.exitCode;
    }
    errLine(`error: internal error in the opsctl lab ${tool} (a bug in the lab, not in your command): ${(e as Error).stack ?? e}`);
    return 70;
  }
}
