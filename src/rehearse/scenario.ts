// What `opsctl rehearse` runs: a lab shape, setup commands that bring a fresh lab to where the
// procedure starts (not rehearsed), and the opsctl command line itself. Built-in runbooks each have
// one in runbooks/rehearse/<runbook>.yaml; an operator's own command line becomes one on the fly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';

const word = z.union([z.string(), z.number()]).transform(String);

const setupStep = z.union([
  z.strictObject({ opsctl: z.array(word).min(1) }),
  z.strictObject({ ssh: z.strictObject({ host: z.string(), run: z.string() }), capture: z.string().optional() }),
  z.strictObject({ local: z.string(), capture: z.string().optional() }),
]);
export type SetupStep = z.infer<typeof setupStep>;

export const scenarioSchema = z.strictObject({
  /** The runbook this rehearses (the catalogue's coverage is checked on it). */
  runbook: z.string(),
  description: z.string().optional(),
  /** `opsctl lab up` flags: { masters: 4, flavor: kubeadm }. */
  lab: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  setup: z.array(setupStep).default([]),
  /** The opsctl arguments (`-i` and `--yes` are added); `{{ work }}`, `{{ lab }}`, `{{ address.HOST }}` and setup captures are filled in. */
  command: z.array(word).min(1),
  /** Environment of every opsctl the rehearsal starts (and of `local:` setup), filled like `command`; `{{ path }}` is rehearse's own PATH. */
  env: z.record(z.string(), z.string()).default({}),
  /** Normalised paths (globs, `*` within a name, `**` across) whose content may differ between two clean runs. */
  volatile: z.array(z.string()).default([]),
  /** Kill points CI tries (`<step key>@start|middle`); `npm run rehearse` tries them all. */
  sample: z.array(z.string()).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema> & { file?: string };

export function scenariosDir(runbooksDir: string): string {
  return join(runbooksDir, 'rehearse');
}

export function loadScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the rehearsal scenario: ${(e as Error).message}` }]);
  }
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) throw new InputError(r.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
  return { ...r.data, file };
}

export function builtinScenarios(runbooksDir: string): Scenario[] {
  const dir = scenariosDir(runbooksDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => loadScenario(join(dir, f)));
}

/**
 * Built-in runbooks with no scenario: rehearse --all says so, and its CI test fails on it. A
 * runbook included by a covered one (hosted-cluster-dr's phases) is rehearsed through it: its
 * steps are steps of the including run, killed and resumed like the others.
 */
export function uncovered(runbooksDir: string, scenarios: Scenario[]): string[] {
  const names = readdirSync(runbooksDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => basename(f).replace(/\.ya?ml$/, ''));
  const covered = new Set(scenarios.map((s) => s.runbook));
  for (let todo = [...covered]; todo.length > 0; ) {
    const name = todo.pop()!;
    const file = join(runbooksDir, `${name}.yaml`);
    if (!existsSync(file)) continue;
    for (const inc of includedRunbooks(parse(readFileSync(file, 'utf8')))) if (!covered.has(inc)) todo.push(inc), covered.add(inc);
  }
  return names.filter((n) => !covered.has(n)).sort();
}

// The bare names under every `include: { runbook: NAME }` of a parsed runbook.
function includedRunbooks(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) includedRunbooks(x, out);
  else if (node && typeof node === 'object') {
    const inc = (node as { include?: { runbook?: unknown } }).include;
    if (inc && typeof inc.runbook === 'string') out.push(basename(inc.runbook).replace(/\.ya?ml$/, ''));
    for (const x of Object.values(node)) includedRunbooks(x, out);
  }
  return out;
}

/** Fills `{{ name }}` in each word from `vars`; an unknown name is bad input. */
export function fillWords(words: string[], vars: Record<string, string>, where: string): string[] {
  return words.map((w) =>
    w.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name: string) => {
      if (vars[name] === undefined) throw new InputError(`${where}: {{ ${name} }} is not known here`, { hint: `known: ${Object.keys(vars).sort().join(', ')}` });
      return vars[name];
    }),
  );
}
