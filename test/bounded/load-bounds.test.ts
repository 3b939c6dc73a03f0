// Class 4 — bounded work on any input, at load and compile time. Each hostile runbook or inventory
// gets a positioned error (exit 2 material) quickly, never a stack overflow, a hang or a crash.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseAnsibleIni } from '../../src/inventory/ini.js';
import { emptyInventory, type Inventory } from '../../src/inventory/types.js';
import { compilePlan, MAX_PLAN_STEPS } from '../../src/plan/compile.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { parseRunbook } from '../../src/runbook/load.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEAD = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\n';

function blockDeep(n: number): string {
  const lines = ['vars:', '  deep:'];
  for (let i = 0; i < n; i++) lines.push(`${'  '.repeat(i + 2)}k:`);
  return `${HEAD}${lines.join('\n')} 1\nsteps: [{ id: a, run: x }]\n`;
}

// Runbook text → the one diagnostic's line:col and message, and how long the load took.
function loadOne(text: string) {
  const started = Date.now();
  const { diagnostics } = parseRunbook(text, 'r.yaml');
  return { ms: Date.now() - started, diagnostics, first: diagnostics[0] ? `${diagnostics[0].line}:${diagnostics[0].col} ${diagnostics[0].message}` : '' };
}

describe('hostile runbook text', () => {
  it.each([
    ['a self-referencing alias', `${HEAD}metadata: &m\n  name: t\n  self: *m\nsteps: [{ id: a, run: x }]\n`.replace(HEAD, 'apiVersion: opsctl/v1\nkind: Runbook\n'), /^5:9 the alias \*m refers to a node that contains it/],
    ['an alias inside its own sequence', `${HEAD}vars: { l: &l [a, *l] }\nsteps: [{ id: a, run: x }]\n`, /^4:19 the alias \*l refers to a node that contains it/],
    ['an alias bomb', `${HEAD}${['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n')}\nsteps: [{ id: a, run: x }]\n`, /resource exhaustion/],
    ['a 2000-deep block map', blockDeep(2000), /^68:\d+ the YAML nests more than 64 levels deep/],
    ['a 100000-deep flow list', `${HEAD}vars: { deep: ${'['.repeat(100_000)}1${']'.repeat(100_000)} }\nsteps: [{ id: a, run: x }]\n`, /^4:\d+ the YAML nests more than 64 levels deep/],
    ['5000 nested parentheses in a template', `${HEAD}steps: [{ id: a, run: "echo {{ ${'('.repeat(5000)}params.x${')'.repeat(5000)} }}" }]\n`, /the expression nests more than 64 levels deep/],
    ['5000 nots in a when', `${HEAD}steps: [{ id: a, when: "${'not '.repeat(5000)}true", run: x }]\n`, /the expression nests more than 64 levels deep/],
    ['5000 nested $( in a command', `${HEAD}steps: [{ id: a, run: "${'$('.repeat(5000)}echo {{ run.id }}${')'.repeat(5000)}" }]\n`, /more than 64 levels deep/],
    ['a timeout beyond 2^31 ms', `${HEAD}steps: [{ id: a, run: x, timeout: 2147484s }]\n`, /^4:35 "2147484s" is longer than the longest wait/],
    ['a wait timeout beyond 2^31 ms', `${HEAD}steps: [{ id: w, wait: { run: x, timeout: 3000000000 } }]\n`, /is longer than the longest wait/],
    ['a NUL byte in a command', `${HEAD}steps: [{ id: a, run: "echo \\0" }]\n`, /^4:29 contains a NUL byte/],
    ['a NUL byte in a path', `${HEAD}steps: [{ id: a, on: local, edit: { path: "/etc/x\\x00y", unsetEnv: [A] } }]\n`, /^4:\d+ contains a NUL byte/],
  ])('%s', (_what, text, message) => {
    const r = loadOne(text);
    expect(r.first).toMatch(message);
    expect(r.ms).toBeLessThan(5000);
  });

  const chain = (n: number) => `${HEAD}vars:\n${Array.from({ length: n }, (_, i) => `  v${i}: "{{ vars.v${i + 1} }}"`).join('\n')}\n  v${n}: end\nsteps: [{ id: a, run: "echo {{ vars.v0 }}" }]\n`;

  it('a 15000-var chain and a 15000-key mapping load without recursion or quadratic work', () => {
    expect(loadOne(chain(15_000)).diagnostics).toEqual([]);
    const r = loadOne(`${HEAD}params:\n${Array.from({ length: 15_000 }, (_, i) => `  p${i}: { default: x }`).join('\n')}\n  p7: { default: y }\nsteps: [{ id: a, run: x }]\n`);
    expect(r.first).toMatch(/^15005:3 Map keys must be unique/);
  });

  it('compiling stops after 32 vars referring to each other', () => {
    const file = join(dir, 'chain.yaml');
    writeFileSync(file, chain(40));
    expect(() => compile(file)).toThrow(/vars refer through more than 32 other vars/);
  });
});

function compile(file: string, inventory: Inventory = emptyInventory()) {
  return compilePlan({
    loaded: loadRunbookFile(file),
    params: {},
    inventory,
    runId: 'r',
    now: new Date(),
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    reader: { readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) },
  });
}

describe('hostile plans and inventories', () => {
  it('an include fan-out stops at the plan limit, quickly, with the place it grew past it', () => {
    for (let i = 1; i <= 7; i++) {
      const inner = i < 7 ? `include: { runbook: ./f${i + 1}.yaml }` : 'run: echo x';
      writeFileSync(join(dir, `f${i}.yaml`), `apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: f${i} }\nsteps:\n  - id: fan\n    foreach:\n      items: [a, b, c, d, e, f, g, h, i, j]\n      as: x\n      steps:\n        - id: s\n          ${inner}\n`);
    }
    const started = Date.now();
    let error: unknown;
    try {
      compile(join(dir, 'f1.yaml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const d = (error as InputError).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].message).toMatch(new RegExp(`more than ${MAX_PLAN_STEPS} step instances`));
    expect(d[0].file).toMatch(/f\d\.yaml$/);
    expect(d[0].line).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it.each([['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty'], ['valueOf']])('a host and a group named %s are just names', (name) => {
    const { inventory, diagnostics } = parseAnsibleIni(`[${name}]\n${name} ansible_host=10.0.0.9\nother\n`, 'hosts.ini');
    expect(diagnostics).toEqual([]);
    const file = join(dir, `ctor-${name}.yaml`);
    writeFileSync(file, `${HEAD}steps:\n  - id: a\n    on: ${name}\n    run: echo {{ hosts['${name}'].address }} {{ groups['${name}'] }}\n`);
    const { plan } = compile(file, inventory);
    const group = plan.nodes[0];
    expect(group.type).toBe('group');
    const hosts = group.type === 'group' ? group.labels : [];
    expect(hosts).toEqual([name, 'other']);
    expect(Object.keys(plan.hosts).sort()).toEqual([name, 'other'].sort());
    expect(JSON.parse(JSON.stringify(plan)).hosts[name].address).toBe('10.0.0.9');
  });
});

describe('a 200k-host INI inventory', () => {
  // CPU time per host, not wall time: the machine may be shared.
  const perHost = (n: number) => {
    const text = `[masters]\n${Array.from({ length: n }, (_, i) => `h${i} ansible_host=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`).join('')}[nodes:children]\nmasters\n`;
    const before = process.cpuUsage();
    const { inventory } = parseAnsibleIni(text, 'big.ini');
    const used = process.cpuUsage(before);
    expect(inventory.groups.nodes).toHaveLength(n);
    return (used.user + used.system) / n;
  };

  it('parses in linear time: cost per host at 200k within 3x of 20k', () => {
    perHost(5_000); // warm up the JIT
    const small = perHost(20_000);
    const big = perHost(200_000);
    expect(big / small).toBeLessThan(3);
  });
});
