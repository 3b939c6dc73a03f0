// Class 3 — `validate` reports what `plan` would reject, short of params and the inventory, each
// at its line:col: undefined references, var cycles, bad regexes and JSON paths, bad result
// conditions, includes that are missing or get the wrong params, bad param defaults, durations
// beyond the timer limit, values where no quoting holds, NUL bytes. Every case is also compiled, to
// prove `plan` rejects it too (validate = plan).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { emptyInventory } from '../../src/inventory/types.js';
import { compilePlan } from '../../src/plan/compile.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { checkIncludes } from '../../src/runbook/include-checks.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { parseRunbook } from '../../src/runbook/load.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'child.yaml'), 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: child }\nparams:\n  host: { type: string, required: true }\nsteps: [{ id: c, run: "echo {{ params.host }}" }]\n');

// Lines 1-5 are this head; each case's text starts at line 6.
const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nparams: { p: { type: string, default: x }, n: { type: number, default: 1 } }\nvars: { v: "{{ params.p }}" }\n';
const reader = { resolve: (ref: string, from: string) => resolveIncludeRef(ref, from), parse: (f: string) => parseRunbook(readFileSync(f, 'utf8'), f) };

function validate(text: string) {
  const file = join(dir, `case-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const parsed = parseRunbook(text, file);
  const includes = parsed.shaped ? checkIncludes(parsed.shaped, file, parsed.locate, reader) : [];
  return { file, diagnostics: [...parsed.diagnostics, ...includes] };
}

// What plan says about the same file: its InputError's text, or '' when it compiles.
function plan(file: string): string {
  try {
    const loaded = loadRunbookFile(file);
    compilePlan({ loaded, params: {}, inventory: emptyInventory(), runId: 'r', now: new Date(), loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)), reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) } });
    return '';
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

const CASES: Array<[string, string, string, RegExp]> = [
  ['undeclared param', 'steps:\n  - id: a\n    run: echo {{ params.nope }}\n', '8:18', /params\.nope is not declared/],
  ['misspelt param', 'steps:\n  - id: a\n    run: |\n      echo ok\n      echo {{ params.pp }}\n', '10:15', /params\.pp is not declared \(did you mean params\.p\?\)/],
  ['undeclared var', 'steps:\n  - id: a\n    run: echo {{ vars.w }}\n', '8:18', /vars\.w is not declared/],
  ['loop variable misspelt', 'steps:\n  - id: f\n    foreach:\n      items: [a]\n      as: member\n      steps: [{ id: g, run: "echo {{ membr }}" }]\n', '11:38', /membr is not defined here \(did you mean member\?\)/],
  ['loop variable out of its foreach', 'steps:\n  - id: f\n    foreach: { items: [a], as: m, steps: [{ id: g, run: echo }] }\n  - id: after\n    run: echo {{ m }}\n', '10:18', /m is not defined here/],
  ['undefined name in when', 'steps:\n  - id: a\n    when: params.p == paramz.q\n    run: x\n', '8:23', /paramz is not defined/],
  ['run has only id', 'steps:\n  - id: a\n    run: echo {{ run.name }}\n', '8:18', /run has only the field id/],
  ['vars in a cycle', 'steps: [{ id: a, run: "echo {{ vars.a }}" }]\n'.replace('steps', 'x-unused: 1\nsteps'), '', /.^/],
  ['bad capture regex', 'steps:\n  - id: a\n    run: x\n    capture: { h: { regex: "(unclosed" } }\n', '9:29', /capture h: invalid regular expression/],
  ['bad capture JSON path', 'steps:\n  - id: a\n    run: x\n    capture: { h: { json: "..a" } }\n', '9:28', /capture h: bad JSON path "\.\.a"/],
  ['bad removeLines regex', 'steps:\n  - id: e\n    on: local\n    edit: { path: /tmp/x, removeLines: "[a-" }\n', '9:41', /edit\.removeLines: invalid regular expression/],
  ['bad templated removeLines regex', 'steps:\n  - id: e\n    on: local\n    edit: { path: /tmp/x, removeLines: "({{ params.p }}" }\n', '9:41', /invalid regular expression/],
  ['empty removeLines', 'steps:\n  - id: e\n    on: local\n    edit: { path: /tmp/x, removeLines: "", unsetEnv: [X] }\n', '9:41', /pattern is empty/],
  ['bad matches regex', "steps:\n  - id: a\n    assert: { run: x, expect: \"stdout matches '('\" }\n", '8:32', /bad regular expression \/\(\/ in condition/],
  ['bad JSON path in until', 'steps:\n  - id: w\n    wait: { run: x, until: "json .a..b == 1" }\n', '8:29', /bad JSON path "\.a\.\.b"/],
  ['unreadable condition', "steps:\n  - id: w\n    wait: { run: x, until: \"stdout equals 'x'\" }\n", '8:29', /cannot read condition "stdout equals 'x'"/],
  ['template as a condition subject', 'steps:\n  - id: a\n    assert: { run: x, expect: "{{ params.p }} == 0" }\n', '8:32', /cannot read condition "\{\{ … \}\} == 0"/],
  ['missing include', 'steps:\n  - id: i\n    include: { runbook: ./nowhere.yaml }\n', '8:25', /runbook file not found/],
  ['include param the child lacks', 'steps:\n  - id: i\n    include: { runbook: ./child.yaml, params: { host: a, hots: b } }\n', '8:64', /unknown param "hots"/],
  ['include without a required param', 'steps:\n  - id: i\n    include: { runbook: ./child.yaml }\n', '8:5', /missing required param "host"/],
  ['param default of the wrong type', 'steps: [{ id: a, run: x }]\n'.replace('steps', 'x: 1\nsteps'), '', /.^/],
  ['timeout beyond the timer limit', 'steps:\n  - id: a\n    run: x\n    timeout: 600h\n', '9:14', /longer than the longest wait opsctl can time/],
  ['value inside backticks', 'steps:\n  - id: a\n    run: echo `hostname -s {{ params.p }}`\n', '8:28', /params\.p stands inside backticks/],
  ['value in an unquoted heredoc', 'steps:\n  - id: a\n    run: |\n      cat <<EOF\n      {{ params.p }}\n      EOF\n', '10:7', /unquoted heredoc/],
  ['NUL byte in a command', 'steps:\n  - id: a\n    run: "echo a\\0b"\n', '8:17', /NUL byte/],
];
// The two placeholder rows above are rewritten here, so every case keeps one line per position.
CASES[7] = ['vars in a cycle', 'steps: [{ id: a, run: "echo {{ vars.a }}" }]\n', '5:19', /vars refer to each other in a cycle: (a → b → a|b → a → b)/];
CASES[20] = ['param default of the wrong type', 'steps: [{ id: a, run: x }]\n', '4:72', /default of param "n": expected a number/];
const headFor = (name: string) =>
  name === 'vars in a cycle' ? HEAD.replace('vars: { v: "{{ params.p }}" }', 'vars: { v: x, a: "{{ vars.b }}", b: "{{ vars.a }}" }') : name === 'param default of the wrong type' ? HEAD.replace('default: 1', 'default: abc') : HEAD;

describe('validate finds what plan rejects', () => {
  it.each(CASES)('%s', (name, body, at, message) => {
    const { file, diagnostics } = validate(headFor(name) + body);
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(message)]);
    expect(`${diagnostics[0].line}:${diagnostics[0].col}`).toBe(at);
    expect(plan(file)).toMatch(message);
  });

  it('reports every problem of a file at once', () => {
    const body = 'steps:\n  - id: a\n    run: echo {{ params.x }} `{{ params.p }}`\n    capture: { h: { regex: "(" } }\n  - id: i\n    include: { runbook: ./missing.yaml }\n';
    expect(validate(HEAD + body).diagnostics).toHaveLength(4);
  });

  it('accepts references that compile: defaults, loop variables, host, captures, vars', () => {
    const body = [
      'steps:',
      '  - id: f',
      '    on: "{{ m }}"',
      '    foreach:',
      '      items: [a]',
      '      as: m',
      '      steps:',
      '        - id: g',
      '          when: captures.x | default(\'\') == m and undeclared | default(\'y\') == \'y\'',
      '          run: echo {{ m }} {{ host }} {{ inventory_hostname }} {{ vars.v }} {{ params.gone | default(\'z\') }} {{ run.id }} {{ now | date(\'YYYY\') }}',
      '',
    ].join('\n');
    expect(validate(HEAD + body).diagnostics).toEqual([]);
  });
});
