// Canaries: secret params of awkward shapes (quotes, `$`, a backslash, a 3-character one) are
// printed by steps in every form tools use — raw, shell-quoted both ways, `printf %q`, JSON,
// env-file, URL-encoded — written into an env file by an `edit`, captured, and quoted in a failing
// step's error and in a crash report. Then every channel opsctl writes to is searched for every
// form: output (text and JSON), dry-run, plans, journal, step logs, runs show, debug logs.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretForms } from '../../src/state/redact.js';
import { cli, runIds, tempDir } from './cli.js';

const LONG = `Cn4ry-L0ng/pa's"s$w0rd\\x`;
const SHORT = 'Qz7';

function runbook(dir: string): string {
  const file = join(dir, 'canary.yaml');
  writeFileSync(
    file,
    `apiVersion: opsctl/v1
kind: Runbook
metadata:
  name: canary
params:
  dir: { type: string, required: true }
  long: { type: string, secret: true, required: true }
  short: { type: string, secret: true, required: true }
steps:
  - id: forms
    run: |
      node {{ params.dir }}/forms.cjs {{ params.long }}
      printf '%q\\n' {{ params.long }} | bash -c cat
      echo "short: {{ params.short }} ok"
  - id: env-file
    edit:
      path: "{{ params.dir }}/app.env"
      setEnv: { DB_PASSWORD: "{{ params.long }}", PIN: "{{ params.short }}" }
  - id: grab
    run: echo {{ params.long }}
    capture: { grabbed: stdout }
  - id: fails
    run: echo "cannot log in with {{ params.long }} / {{ params.short }}" >&2; exit 3
`,
  );
  writeFileSync(join(dir, 'app.env'), 'DB_PASSWORD=old\nPIN=0000\n');
  // Prints the secret the ways tools do: raw, sh-quoted, Python-shlex-quoted, JSON, URL-encoded.
  writeFileSync(
    join(dir, 'forms.cjs'),
    [
      'const s = process.argv[2];',
      'console.log(s);',
      `console.log("'" + s.replace(/'/g, "'\\\\''") + "'");`,
      `console.log("'" + s.replace(/'/g, "'\\"'\\"'") + "'");`,
      'console.log(JSON.stringify({ password: s, v: s }));',
      'console.log(encodeURIComponent(s));',
    ].join('\n'),
  );
  return file;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('secret canaries', () => {
  it('no form of any secret reaches any channel opsctl writes', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const rb = runbook(dir);
    const params = ['-p', `dir=${dir}`, '-p', `long=${LONG}`, '-p', `short=${SHORT}`];
    const outputs = [
      await cli(['run', rb, ...params, '-v'], { stateDir }),
      await cli(['run', rb, ...params, '-o', 'json', '-v'], { stateDir }),
      await cli(['plan', rb, ...params], { stateDir }),
      await cli(['plan', rb, ...params, '-o', 'json'], { stateDir }),
      await cli(['run', rb, ...params], { stateDir, env: { OPSCTL_INJECT_FAULT: 'internal' } }),
    ];
    expect(outputs[0].exitCode).toBe(1);
    const [id] = runIds(stateDir);
    outputs.push(await cli(['runs', 'show', id], { stateDir }), await cli(['runs', 'show', id, '-o', 'json'], { stateDir }));
    // The steps did see the real values.
    expect(readFileSync(join(dir, 'app.env'), 'utf8')).toContain(`DB_PASSWORD=`);
    expect(outputs[0].stdout + outputs[0].stderr).toContain('short: *** ok');

    const canaries = [...new Set([...secretForms(LONG), `'${LONG.replace(/'/g, `'"'"'`)}'`, ...secretForms(SHORT).map((f) => ` ${f} `)])];
    const channels: Array<[string, string]> = [
      ...outputs.flatMap((o, i): Array<[string, string]> => [[`stdout#${i}`, o.stdout], [`stderr#${i}`, o.stderr]]),
      // captures.jsonl keeps the real captures for resume by design (0600, checked below).
      ...filesUnder(stateDir).filter((f) => !f.endsWith('captures.jsonl')).map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
    ];
    const leaks = channels.flatMap(([name, text]) => canaries.filter((c) => text.includes(c)).map((c) => `${name}: ${JSON.stringify(c)}`));
    process.stdout.write(`secret canaries: ${canaries.length} forms planted, searched in ${channels.length} channels, ${leaks.length} leaked\n`);
    expect(leaks).toEqual([]);
    expect(channels.length).toBeGreaterThan(15);
    const captures = filesUnder(stateDir).filter((f) => f.endsWith('captures.jsonl'));
    expect(captures.length).toBeGreaterThan(0);
    for (const f of captures) expect(statSync(f).mode & 0o077).toBe(0);
    expect(filesUnder(join(stateDir, 'debug')).length).toBe(1);
    for (const f of filesUnder(join(stateDir, 'debug'))) expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('a dry-run diff of a file on this machine masks a password that is no param, in the output and the saved plan', async () => {
    const dir = tempDir();
    const stateDir = tempDir();
    const env = join(dir, 'db.env');
    writeFileSync(env, 'DB_HOST=db1\nDB_PASSWORD=Hunter2-not-a-param\nDB_PORT=5432\n');
    const rb = join(dir, 'edit.yaml');
    writeFileSync(rb, `apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: edit-local\nparams:\n  dir: { type: string, required: true }\nsteps:\n  - id: port\n    edit: { path: "${env}", setEnv: { DB_PORT: "6432" } }\n`);
    const text = await cli(['plan', rb, '-p', `dir=${dir}`, '--show-commands'], { stateDir });
    const json = await cli(['plan', rb, '-p', `dir=${dir}`, '-o', 'json'], { stateDir });
    expect(text.exitCode).toBe(0);
    expect(text.stdout + text.stderr).toMatch(/\+DB_PORT=6432/);
    const saved = filesUnder(join(stateDir, 'plans')).map((f) => readFileSync(f, 'utf8'));
    expect(saved.length).toBe(2);
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr, ...saved]) expect(out).not.toContain('Hunter2-not-a-param');
    expect(text.stdout + text.stderr).toContain('DB_PASSWORD=***');
  });
});
