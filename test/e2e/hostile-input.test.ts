// The built CLI against hostile input (classes 1, 4 and 5 end to end): each attack file gets exit 2
// with file:line:col from `validate` and from `plan` — never exit 70 or a stack trace — a host
// named `constructor` plans like any other, and output a host chose reaches the terminal escaped
// in `runs show`, `runs` and error messages.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, runIds, tempDir } from './cli.js';

const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\n';
const dir = tempDir();
const deepMap = ['vars:', '  deep:', ...Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i + 2)}k:`)].join('\n') + ' 1\n';
const ATTACKS: Array<[string, string, string]> = [
  ['alias', 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: &m\n  name: t\n  self: *m\nsteps: [{ id: a, run: x }]\n', ':5:9'],
  ['deep-map', `${HEAD}${deepMap}steps: [{ id: a, run: x }]\n`, ':68:'],
  ['deep-template', `${HEAD}steps: [{ id: a, run: "echo {{ ${'('.repeat(3000)}run.id${')'.repeat(3000)} }}" }]\n`, ':4:'],
  ['nul', `${HEAD}steps: [{ id: a, run: "echo a\\0b" }]\n`, ':4:30'],
  ['timeout', `${HEAD}steps: [{ id: a, run: x, timeout: 3000000000 }]\n`, ':4:35'],
  ['backticks', `${HEAD}params: { p: { default: x } }\nsteps: [{ id: a, run: "echo \`id {{ params.p }}\`" }]\n`, ':5:33'],
  ['double-quote-ok-but-sh-c', `${HEAD}params: { p: { default: x } }\nsteps: [{ id: a, run: "sh -c 'echo {{ params.p }}'" }]\n`, ':5:36'],
];
const files = ATTACKS.map(([name, text]) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
});

describe('hostile runbooks through the CLI', () => {
  it('validate reports every attack file at its position, exit 2, no internal error', async () => {
    const r = await cli(['validate', ...files], { stateDir: tempDir() });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    ATTACKS.forEach(([, , at], i) => expect(r.stderr).toContain(`${files[i]}${at}`));
  });

  it('plan refuses each with exit 2 and a position, writing no run', async () => {
    const stateDir = tempDir();
    const results = await Promise.all(files.map((f) => cli(['plan', f], { stateDir })));
    results.forEach((r, i) => {
      expect(r.exitCode, `${ATTACKS[i][0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n')[0]).toContain(`${files[i]}${ATTACKS[i][2]}`);
      expect(r.stderr).not.toMatch(/internal error/);
    });
    expect(runIds(stateDir)).toEqual([]);
  });

  it('a host named constructor, __proto__ or toString plans like any other', async () => {
    const inv = join(dir, 'hosts.ini');
    writeFileSync(inv, '[masters]\nconstructor ansible_host=10.0.0.1\n__proto__ ansible_host=10.0.0.2\ntoString\n');
    const file = join(dir, 'on-masters.yaml');
    writeFileSync(file, `${HEAD}steps:\n  - { id: a, on: masters, run: "echo {{ hosts.constructor.address }} {{ host }}" }\n`);
    const r = await cli(['plan', file, '-i', inv, '--output', 'json'], { stateDir: tempDir() });
    expect(r.exitCode, r.stderr).toBe(0);
    const steps = jsonLines(r.stdout).filter((e) => e.type === 'plan.step');
    expect(steps.map((s) => [s.host, s.command])).toEqual([
      ['constructor', 'echo 10.0.0.1 constructor'],
      ['__proto__', 'echo 10.0.0.1 __proto__'],
      ['toString', 'echo 10.0.0.1 toString'],
    ]);
  });
});

describe('output a host chose never reaches the terminal raw', () => {
  it('runs show, runs and the error line escape terminal sequences in captures and messages', async () => {
    const stateDir = tempDir();
    const file = join(dir, 'escapes.yaml');
    // OSC retitles the window, CSI clears the screen, BEL rings, C1 CSI, a bidi override.
    const evil = String.raw`\033]0;pwned\007\033[2J\033[31mRED\302\233H\342\200\256txt`;
    writeFileSync(file, `${HEAD}steps:\n  - id: grab\n    run: printf '${evil}'\n    capture: { title: stdout }\n  - id: fail\n    run: printf '${evil}' >&2; exit 3\n`);
    const run = await cli(['run', file, '--output', 'json'], { stateDir });
    expect(run.exitCode).toBe(1);
    const [id] = runIds(stateDir);
    const show = await cli(['runs', 'show', id], { stateDir });
    const showJson = await cli(['runs', 'show', id, '--output', 'json'], { stateDir });
    const list = await cli(['runs'], { stateDir });
    for (const out of [run.stderr, run.stdout, show.stdout, showJson.stdout, list.stdout]) {
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
    expect(show.stdout).toContain('title=\\x1b]0;pwned\\x07');
    expect(JSON.parse(showJson.stdout).steps[0].captures.title).toContain('\u001b]0;pwned');
  });
});
