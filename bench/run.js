#!/usr/bin/env node
// opsctl benchmarks, measured side by side against a reference in one run; writes bench/results.md.
//   (a) engine overhead: a 200-step local runbook vs bash running `sh -c true` 200 times
//   (b) cold start: `opsctl --version` vs `node -e 0` (and `--help`), plus which packages they load
//   SSH (a)-(c) on the lab (bench/ssh.js): steps over SSH vs OpenSSH, 20 hosts at once, a 1 GiB fetch vs scp
// Run with `npm run bench` (builds first). Exits 1 if opsctl fails in any run.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, openSync, writeSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, fmtMs, fmtRatio } from './stats.js';
import { machineInfo } from './machine.js';
import { sshBench } from './ssh.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'opsctl.js');
const RESULTS = join(ROOT, 'bench', 'results.md');
const NODE = process.execPath;
const STEPS = 200;
const HEAVY = ['commander', 'ssh2', 'ora', 'chalk', 'execa', 'zod', 'yaml'];

const loadBefore = loadavg();
const work = mkdtempSync(join(tmpdir(), 'opsctl-bench-'));
let keepWork = false; // kept after a failure so opsctl's debug log can be read
process.on('exit', () => keepWork || rmSync(work, { recursive: true, force: true }));

const baseEnv = { ...process.env, NO_COLOR: '1' };
delete baseEnv.OPSCTL_INVENTORY;
delete baseEnv.OPSCTL_STATE_DIR;
delete baseEnv.FORCE_COLOR;

let stateDirs = 0;
const freshStateDir = () => mkdtempSync(join(work, `state-${stateDirs++}-`));

/** Runs a command once, returns wall ms; on failure prints its output and exits 1. */
function timed(label, cmd, args, { env = baseEnv, check } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 2 ** 20 });
  const ms = performance.now() - t0;
  const problem = r.error ? String(r.error) : r.status !== 0 ? `exit ${r.status ?? r.signal}` : check?.(r);
  if (problem) {
    process.stderr.write(`\nbench: ${label} failed: ${problem}\n--- stderr ---\n${r.stderr ?? ''}\n--- stdout (last 2000 chars) ---\n${(r.stdout ?? '').slice(-2000)}\n`);
    keepWork = true;
    process.stderr.write(`bench: temp files kept in ${work}\n`);
    process.exit(1);
  }
  return ms;
}

/** 
 * Interleaves the cases (A,B,C,A,B,C,...): `warmup` unmeasured rounds then `n` measured ones.
 * Returns the list of ms per case name.
 */
function interleave(cases, warmup, n) {
  const out = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let i = 0; i < warmup + n; i++) {
    for (const c of cases) {
      const ms = c.run();
      if (i >= warmup) out[c.name].push(ms);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return out;
}

// ---------------------------------------------------------------------------------------------
// (a) Engine overhead
// ---------------------------------------------------------------------------------------------
const runbook = join(work, 'bench-200.yaml');
writeFileSync(
  runbook,
  ['apiVersion: opsctl/v1', 'kind: Runbook', 'metadata:', '  name: bench-200', 'steps:']
    .concat(Array.from({ length: STEPS }, (_, i) => `  - id: s${i + 1}\n    run: "true"`))
    .join('\n') + '\n',
);
const refScript = join(work, 'ref-200.sh');
writeFileSync(refScript, `for i in $(seq ${STEPS}); do sh -c true; done\n`);
// Diagnostic only: the floor for a Node process spawning the same children one after another.
const nodeSpawnScript = join(work, 'node-spawn-200.mjs');
writeFileSync(
  nodeSpawnScript,
  `import { spawn } from 'node:child_process';
for (let i = 0; i < ${STEPS}; i++) {
  await new Promise((res, rej) => spawn('sh', ['-c', 'true'], { stdio: 'ignore' }).on('error', rej).on('exit', (c) => (c === 0 ? res() : rej(new Error('exit ' + c)))));
}
`,
);

// The same 200 steps declared `readOnly: true`: no step record wrapper on the host (docs/cli.md,
// "Outcomes read back from the host"), so the difference is what recording outcomes costs.
const runbookRo = join(work, 'bench-200-ro.yaml');
writeFileSync(runbookRo, readFileSync(runbook, 'utf8').replace(/run: "true"/g, 'readOnly: true\n    run: "true"'));

// CPU of the children this process has waited for (spawnSync waits), from /proc: a child's CPU
// is the difference around its run, its own children included.
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

// One opsctl run of a 200-step runbook, with its CPU and its phases from its own events.
const details = { opsctl: [], opsctlRo: [], bash: [] };
function engineRun(name, file) {
  const cpu0 = childrenCpuMs();
  const startedAt = Date.now();
  let out;
  const ms = timed(`opsctl run ${name}`, NODE, [BIN, 'run', file, '--output', 'json'], {
    env: { ...baseEnv, OPSCTL_STATE_DIR: freshStateDir() },
    check: (r) => {
      out = r.stdout;
      return checkRunOutput(r);
    },
  });
  const evs = out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const t = (e) => Date.parse(e.ts);
  const steps = evs.filter((e) => e.type === 'step.start' || e.type === 'step.end');
  const durations = evs.filter((e) => e.type === 'step.end').map((e) => e.durationMs);
  details[name].push({
    ms,
    cpu: childrenCpuMs() - cpu0,
    startup: t(evs.find((e) => e.type === 'run.start')) - startedAt,
    prepare: t(steps[0]) - t(evs.find((e) => e.type === 'run.start')),
    steps: t(steps[steps.length - 1]) - t(steps[0]),
    stepMedian: median(durations),
    tail: startedAt + ms - t(steps[steps.length - 1]),
  });
  return ms;
}
function bashRun() {
  const cpu0 = childrenCpuMs();
  const ms = timed('bash reference', 'bash', [refScript]);
  details.bash.push({ ms, cpu: childrenCpuMs() - cpu0 });
  return ms;
}

function checkRunOutput(r) {
  const events = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      return `stdout is not JSON lines: ${line.slice(0, 200)}`;
    }
  }
  const ended = events.filter((e) => e.type === 'step.end' && (e.status === 'ok' || e.status === 'changed')).length;
  const end = events.find((e) => e.type === 'run.end');
  if (ended !== STEPS) return `expected ${STEPS} successful step.end events, saw ${ended}`;
  if (end?.status !== 'succeeded') return `run.end status is ${end?.status}`;
  return undefined;
}

console.log(`(a) engine overhead: ${STEPS}-step runbook vs bash, 1 warm-up + 5 measured, interleaved`);
const engine = interleave(
  [
    { name: 'opsctl', run: () => engineRun('opsctl', runbook) },
    { name: 'bash', run: bashRun },
    { name: 'opsctlRo', run: () => engineRun('opsctlRo', runbookRo) },
    { name: 'nodeSpawn', run: () => timed('node spawn reference', NODE, [nodeSpawnScript]) },
  ],
  1,
  5,
);
const a = {
  opsctl: median(engine.opsctl),
  bash: median(engine.bash),
  nodeSpawn: median(engine.nodeSpawn),
};
a.ratio = a.opsctl / a.bash;
a.perStep = (a.opsctl - a.bash) / STEPS;
// The interleaving's warm-up round is in \`details\` too: leave it out.
const measured = (xs) => xs.slice(xs.length - 5);
const phaseMedians = (xs) => Object.fromEntries(['ms', 'cpu', 'startup', 'prepare', 'steps', 'stepMedian', 'tail'].map((k) => [k, median(measured(xs).map((x) => x[k]))]));
a.full = phaseMedians(details.opsctl);
a.ro = phaseMedians(details.opsctlRo);
a.bashCpu = median(measured(details.bash).map((x) => x.cpu));
a.roRatio = a.ro.ms / a.bash;
a.pass = a.ratio <= 2;

// What the journal costs on this disk: 2 fsync'd appends per step (step.start, step.end).
function fsyncCost(appends) {
  const dir = mkdtempSync(join(work, 'fsync-'));
  const fd = openSync(join(dir, 'journal.jsonl'), 'a', 0o600);
  const line = Buffer.from(JSON.stringify({ v: 1, ts: new Date().toISOString(), type: 'step.end', key: 's1', stepId: 's1', host: 'local', status: 'ok', exitCode: 0 }) + '\n');
  const t0 = performance.now();
  for (let i = 0; i < appends; i++) {
    writeSync(fd, line, 0, line.length);
    fsyncSync(fd);
  }
  const ms = performance.now() - t0;
  closeSync(fd);
  return ms;
}
a.fsync400 = median([fsyncCost(2 * STEPS), fsyncCost(2 * STEPS), fsyncCost(2 * STEPS)]);

// Where the run's files went (one sample), to report what opsctl writes per run.
const sampleState = freshStateDir();
timed('opsctl run bench-200 (sample)', NODE, [BIN, 'run', runbook, '--output', 'json'], {
  env: { ...baseEnv, OPSCTL_STATE_DIR: sampleState },
  check: checkRunOutput,
});
const listing = spawnSync('find', [sampleState, '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
const journalFile = listing.find((f) => f.endsWith('journal.jsonl'));
a.files = listing.length;
a.journalLines = journalFile ? readFileSync(journalFile, 'utf8').split('\n').filter(Boolean).length : 0;

console.log(
  `    opsctl ${fmtMs(a.opsctl)}  bash ${fmtMs(a.bash)}  ratio ${fmtRatio(a.ratio)} (target ≤ 2×) ${a.pass ? 'PASS' : 'MISS'}; ` +
    `per-step overhead ${a.perStep.toFixed(2)} ms`,
);

// A quick look at (a) alone while working on the engine: \`BENCH_ONLY=engine npm run bench\` prints it
// and stops, without touching results.md.
if (process.env.BENCH_ONLY === 'engine') {
  console.log(JSON.stringify({ ratio: a.ratio, roRatio: a.roRatio, full: a.full, ro: a.ro, bash: a.bash, bashCpu: a.bashCpu }, null, 1));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// (b) Cold start
// ---------------------------------------------------------------------------------------------
console.log('(b) cold start: --version / --help / runbooks vs node -e 0, 3 warm-ups + 20 measured, interleaved');
const versionOut = spawnSync(NODE, [BIN, '--version'], { cwd: ROOT, env: baseEnv, encoding: 'utf8' }).stdout.trim();
const cold = interleave(
  [
    { name: 'version', run: () => timed('opsctl --version', NODE, [BIN, '--version'], { check: (r) => (r.stdout.trim() ? undefined : 'no version printed') }) },
    { name: 'node', run: () => timed('node -e 0', NODE, ['-e', '0']) },
    { name: 'help', run: () => timed('opsctl --help', NODE, [BIN, '--help'], { check: (r) => (r.stdout.includes('Usage') ? undefined : 'no usage printed') }) },
    { name: 'runbooks', run: () => timed('opsctl runbooks', NODE, [BIN, 'runbooks'], { check: (r) => (r.stdout.includes('etcd-snapshot') ? undefined : 'no catalogue printed') }) },
  ],
  3,
  20,
);
const b = { version: median(cold.version), node: median(cold.node), help: median(cold.help), runbooks: median(cold.runbooks) };
b.ratio = b.version / b.node;
b.helpRatio = b.help / b.node;
b.runbooksRatio = b.runbooks / b.node;
b.pass = b.ratio <= 1.2;
b.runbooksPass = b.runbooksRatio <= 1.5;

// The packages esbuild put in each dist file (scripts/build.mjs writes its metafile next to node_modules).
let buildMeta;
function bundledPackages(file) {
  buildMeta ??= JSON.parse(readFileSync(join(ROOT, 'node_modules', '.opsctl-build-meta.json'), 'utf8'));
  const out = buildMeta.outputs[file.slice(ROOT.length + 1)];
  const found = new Set();
  for (const input of Object.keys(out?.inputs ?? {})) {
    const idx = input.lastIndexOf('node_modules/');
    if (idx < 0) continue;
    const rest = input.slice(idx + 'node_modules/'.length).split('/');
    found.add(rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]);
  }
  return found;
}

// Which packages a command loads: traced in separate (untimed) runs.
function traceLoads(label, args, env = baseEnv) {
  const file = join(work, `trace-${label.replace(/\W+/g, '_')}.txt`);
  writeFileSync(file, '');
  timed(`traced ${label}`, NODE, ['--import', join(ROOT, 'bench', 'trace-loads.mjs'), BIN, ...args], {
    env: { ...env, OPSCTL_BENCH_TRACE_FILE: file },
  });
  const entries = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const packages = new Set();
  const dist = new Set();
  // ESM entries are file:// URLs, CJS ones paths; each module counts once however often resolved.
  for (const e of entries) {
    let loc = e.slice(4);
    if (loc.startsWith('file://')) loc = fileURLToPath(loc);
    const idx = loc.lastIndexOf('/node_modules/');
    if (idx >= 0) {
      const rest = loc.slice(idx + '/node_modules/'.length).split('/');
      packages.add(rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]);
    } else if (loc.startsWith(join(ROOT, 'dist') + '/')) {
      dist.add(loc);
      // A bundle file carries packages inside it: the build's metafile says which.
      for (const p of bundledPackages(loc)) packages.add(p);
    }
  }
  return { packages: [...packages].sort(), heavy: HEAVY.filter((p) => packages.has(p)), distModules: dist.size, entries: entries.length };
}
const tinyRunbook = join(work, 'tiny.yaml');
writeFileSync(tinyRunbook, 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: tiny\nsteps:\n  - id: s1\n    run: "true"\n');
const traces = {
  help: traceLoads('--help', ['--help']),
  version: traceLoads('--version', ['--version']),
  // Positive control: a real run must show the tracer sees execa/yaml/zod.
  run: traceLoads('run tiny', ['run', tinyRunbook, '--output', 'json'], { ...baseEnv, OPSCTL_STATE_DIR: freshStateDir() }),
};
const tracerWorks = traces.run.heavy.length > 0 && traces.help.entries > 0;
const helpOnlyCommander = traces.help.heavy.length === 1 && traces.help.heavy[0] === 'commander';
const helpNoSsh2 = !traces.help.packages.includes('ssh2');

console.log(
  `    --version ${fmtMs(b.version)}  node -e 0 ${fmtMs(b.node)}  ratio ${fmtRatio(b.ratio)} (target ≤ 1.2×) ${b.pass ? 'PASS' : 'MISS'}; ` +
    `--help ${fmtMs(b.help)} (${fmtRatio(b.helpRatio)}); runbooks ${fmtMs(b.runbooks)} (${fmtRatio(b.runbooksRatio)}, target ≤ 1.5×) ${b.runbooksPass ? 'PASS' : 'MISS'}`,
);
console.log(`    packages loaded by --help: ${traces.help.packages.join(', ') || '(none)'}; --version: ${traces.version.packages.join(', ') || '(none)'}; run: ${traces.run.packages.join(', ')}`);
if (!tracerWorks) console.log('    WARNING: the module tracer saw nothing in the positive control; load lists are not trustworthy');

// ---------------------------------------------------------------------------------------------
// SSH (a)-(c) on the lab: see bench/ssh.js
// ---------------------------------------------------------------------------------------------
const ssh = await sshBench({ root: ROOT, bin: BIN, node: NODE, work, env: baseEnv }).catch((err) => {
  process.stderr.write(`\nbench: ${err.message}\n`);
  process.exit(1);
});

// Backup (issue 5) on its own lab: see bench/backup.js. A failure is reported as MISS, not fatal.
const backup = await import('./backup.js')
  .then((m) => m.backupBench({ root: ROOT, bin: BIN, node: NODE, work, env: baseEnv }))
  .catch((err) => {
    process.stderr.write(`\nbench: backup benchmarks failed: ${err.message}\n`);
    return { summaryRows: [`| Backup (A)/(B) on the lab | — | — | — | — | MISS (failed: ${String(err.message).split('\n')[0].replace(/\|/g, '/')}) |`], section: `## Backup (A)–(B)\n\n**Failed:** ${String(err.message).split('\n')[0]}\n` };
  });

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
// One line per missed target, with the cause this run measured (each part's section has the detail).
const causes = [];
if (!a.pass) {
  // How much of opsctl's excess over bash the step record explains, in wall time.
  const recordShare = (a.opsctl - a.ro.ms) / (a.opsctl - a.bash);
  const split = `the same runbook with \`readOnly: true\` steps (no record wrapper) is ${fmtRatio(a.roRatio)} of bash; CPU of the whole run: ${fmtMs(a.full.cpu)} recorded, ${fmtMs(a.ro.cpu)} read-only, ${fmtMs(a.bashCpu)} for bash; median step ${fmtMs(a.full.stepMedian)} recorded, ${fmtMs(a.ro.stepMedian)} read-only, against ${fmtMs(a.bash / STEPS)} per \`sh -c true\` from bash; start-up and prepare ${fmtMs(a.full.startup + a.full.prepare)}`;
  causes.push(
    recordShare >= 0.5
      ? `(a) ${STEPS}-step local runbook ${fmtRatio(a.ratio)} (target ≤ 2×): mostly the step record (${(recordShare * 100).toFixed(0)}% of the excess over bash): its \`mkdir\`, second \`sh\` and two \`tail -f\` per step. Measured: ${split}.`
      : `(a) ${STEPS}-step local runbook ${fmtRatio(a.ratio)} (target ≤ 2×): the per-step process chain and the fixed start-up, not the step record (${(recordShare * 100).toFixed(0)}% of the excess over bash). A step is the runner's fork, an exec of \`setsid\` and one of \`sh\`, where bash does one fork and one exec. Measured: ${split}.`,
  );
}
if (!b.pass) causes.push(`(b) \`--version\` ${fmtRatio(b.ratio)} (target ≤ 1.2×): see (b).`);
if (!b.runbooksPass)
  causes.push(
    `(b) \`opsctl runbooks\` ${fmtRatio(b.runbooksRatio)} (target ≤ 1.5×): ${fmtMs(b.runbooks - b.node)} over \`node -e 0\`, of which ${fmtMs(b.help - b.version)} is the command table (\`--help\` − \`--version\`: commander and every command's definition) and the rest the catalogue. \`--version\` is answered before the table is built.`,
  );
causes.push(...(ssh.causes ?? []), ...(backup.causes ?? []));

const m = machineInfo(work);
const loadAfter = loadavg();
const fmtLoad = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const row = (...cells) => `| ${cells.join(' | ')} |`;
const samples = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
const md = `# opsctl benchmarks

Generated by \`npm run bench\` (\`bench/run.js\`) — every figure below was measured in this run; nothing is estimated.

- Date: ${new Date().toISOString()}
- OS: ${m.os}
- CPU: ${m.cpu}, ${m.cores} cores
- Memory: ${m.memory}
- Node: ${m.node}
- Temp/state filesystem: ${m.tmpFs}
- Load average (1/5/15 min) at start: ${fmtLoad(loadBefore)}; at end: ${fmtLoad(loadAfter)}${loadBefore[0] > m.cores * 0.5 || loadAfter[0] > m.cores * 0.5 ? ' — **the machine was busy with other work; figures are noisy**' : ''}
- opsctl: ${versionOut || 'unknown'} (\`node bin/opsctl.js\`, built from dist/)

## Summary

${row('Benchmark', 'opsctl (median)', 'reference (median)', 'ratio', 'target', 'result')}
${row('---', '---:', '---:', '---:', '---:', ':---:')}
${row(`(a) ${STEPS}-step local runbook`, fmtMs(a.opsctl), `${fmtMs(a.bash)} (bash, ${STEPS}× \`sh -c true\`)`, fmtRatio(a.ratio), '≤ 2.00×', a.pass ? 'PASS' : 'MISS')}
${row('(b) cold start `--version`', fmtMs(b.version), `${fmtMs(b.node)} (\`node -e 0\`)`, fmtRatio(b.ratio), '≤ 1.20×', b.pass ? 'PASS' : 'MISS')}
${row('(b) `opsctl runbooks`', fmtMs(b.runbooks), `${fmtMs(b.node)} (\`node -e 0\`)`, fmtRatio(b.runbooksRatio), '≤ 1.50×', b.runbooksPass ? 'PASS' : 'MISS')}
${row('(b) cold start `--help` (reported, no target)', fmtMs(b.help), `${fmtMs(b.node)} (\`node -e 0\`)`, fmtRatio(b.helpRatio), '—', '—')}
${row('(b) `--help` loads no heavy module except commander', traces.help.heavy.join(', ') || '(none)', 'commander', '—', 'only commander', tracerWorks ? (helpOnlyCommander ? 'PASS' : 'MISS') : 'UNKNOWN (tracer failed)')}
${ssh.summaryRows.join('\n')}
${backup.summaryRows.join('\n')}

${causes.length ? `## Missed targets and their measured causes\n\n${causes.map((c) => `- ${c}`).join('\n')}\n` : '## Missed targets\n\nNone.\n'}

## (a) Engine overhead

A generated runbook (\`apiVersion: opsctl/v1\`, \`kind: Runbook\`, \`metadata.name: bench-200\`) with ${STEPS} steps
\`- id: sN / run: "true"\`, run as \`node bin/opsctl.js run <file> --output json\` with a fresh
\`OPSCTL_STATE_DIR\` temp dir each iteration. Reference: \`bash\` running
\`for i in $(seq ${STEPS}); do sh -c true; done\` — the same number of \`sh -c true\` child processes
(opsctl runs each step as \`setsid sh -c <command>\`, a fresh process per step, forked by a persistent local \`sh\`
runner: see docs/ssh.md "How steps run"). 1 warm-up + 5 measured iterations, interleaved;
each opsctl run is checked (exit 0, ${STEPS} successful \`step.end\` events, \`run.end\` succeeded).

Note: **opsctl journals every step and fsyncs each journal line** (a \`step.start\` and a \`step.end\` per
step, so ≥ ${2 * STEPS} fsyncs per run) plus the run directory, plan and lock files; the bash reference
writes nothing. That durability is part of what is measured.

${row('', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${row('opsctl run', fmtMs(a.opsctl), samples(engine.opsctl))}
${row('bash reference', fmtMs(a.bash), samples(engine.bash))}
${row('ratio opsctl / bash', fmtRatio(a.ratio), `target ≤ 2× → **${a.pass ? 'PASS' : 'MISS'}**`)}
${row('per-step overhead (opsctl − bash) / ' + STEPS, `${a.perStep.toFixed(2)} ms`, '')}

Diagnostics (no target; they explain where the time can go):

${row('', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${row(`plain Node script spawning ${STEPS}× \`sh -c true\` sequentially (child_process.spawn, incl. Node start)`, fmtMs(a.nodeSpawn), samples(engine.nodeSpawn))}
${row(`${2 * STEPS} write+fsync appends to one file on the state filesystem (in-process)`, fmtMs(a.fsync400), '')}
${row('files written by one run in the state dir / journal lines', `${a.files} / ${a.journalLines}`, '')}

Where the time goes (medians of the measured runs; phases from each run's own event timestamps: start-up = process
spawn to \`run.start\` — Node, modules, runbook, plan; prepare = to the first \`step.start\` — lock, run directory,
plan, journal, the local runner starting; steps = first \`step.start\` to last \`step.end\`; tail = to exit. CPU = the
process and all its children, from \`/proc\`). The read-only variant is the same runbook with \`readOnly: true\` on
every step: such a step is not wrapped by the step record (an outcome written on the host, docs/cli.md), since it is
simply run again after a crash.

${row('', 'wall', 'start-up', 'prepare', 'steps', 'median step', 'tail', 'CPU')}
${row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:')}
${row(`opsctl, ${STEPS} steps`, fmtMs(a.full.ms), fmtMs(a.full.startup), fmtMs(a.full.prepare), fmtMs(a.full.steps), fmtMs(a.full.stepMedian), fmtMs(a.full.tail), fmtMs(a.full.cpu))}
${row(`opsctl, ${STEPS} read-only steps`, fmtMs(a.ro.ms), fmtMs(a.ro.startup), fmtMs(a.ro.prepare), fmtMs(a.ro.steps), fmtMs(a.ro.stepMedian), fmtMs(a.ro.tail), fmtMs(a.ro.cpu))}
${row(`bash, ${STEPS}× \`sh -c true\``, fmtMs(a.bash), '—', '—', fmtMs(a.bash), fmtMs(a.bash / STEPS), '—', fmtMs(a.bashCpu))}

Read-only variant / bash: **${fmtRatio(a.roRatio)}**. Per step, opsctl's steps phase costs ${fmtMs(a.full.steps / STEPS)} (read-only:
${fmtMs(a.ro.steps / STEPS)}) against ${fmtMs(a.bash / STEPS)} for one \`sh -c true\` from bash; the CPU of the whole run is
${fmtRatio(a.full.cpu / a.bashCpu)} bash's (read-only: ${fmtRatio(a.ro.cpu / a.bashCpu)}). A step is a chain of processes on this
machine — the runner's fork, \`setsid\`, the step's \`sh\`, and for a recorded step the record wrapper's \`mkdir\`, its
own \`sh\` for the command and two \`tail -f\` that stream the output while it is written to the record — and each fork+exec
here costs about what one iteration of the bash reference does.

Derived from the two diagnostics above (not a measurement of opsctl): a Node process that only spawned
the ${STEPS} children and made the ${2 * STEPS} fsyncs would already be at
(${fmtMs(a.nodeSpawn)} + ${fmtMs(a.fsync400)}) / ${fmtMs(a.bash)} = **${fmtRatio((a.nodeSpawn + a.fsync400) / a.bash)}** of the bash reference on this machine.

## (b) Cold start

\`node bin/opsctl.js --version\`, \`node bin/opsctl.js --help\`, \`node bin/opsctl.js runbooks\` and \`node -e 0\`, 3 warm-ups + 20 measured
runs each, interleaved; median wall time of the whole process (spawn to exit). dist/ is the esbuild bundle \`npm pack\` ships
(\`dist/cli/main.js\` and the lazily loaded chunks in \`dist/chunks/\`).

${row('', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${row('`opsctl --version`', fmtMs(b.version), samples(cold.version))}
${row('`opsctl --help`', fmtMs(b.help), samples(cold.help))}
${row('`opsctl runbooks`', fmtMs(b.runbooks), samples(cold.runbooks))}
${row('`node -e 0`', fmtMs(b.node), samples(cold.node))}
${row('ratio `--version` / `node -e 0`', fmtRatio(b.ratio), `target ≤ 1.2× → **${b.pass ? 'PASS' : 'MISS'}**`)}
${row('ratio `runbooks` / `node -e 0`', fmtRatio(b.runbooksRatio), `target ≤ 1.5× → **${b.runbooksPass ? 'PASS' : 'MISS'}**`)}

### Modules loaded

Traced in separate, untimed runs with \`node --import ./bench/trace-loads.mjs\`: a \`module.register()\`
resolve hook logs every ESM resolution and, at exit, the CommonJS cache is dumped (so \`require()\` inside
CJS packages is seen too); for each dist/ bundle file loaded, the packages esbuild put in it (from the build's metafile) count as loaded. A real \`run\` of a 1-step runbook is traced as a positive control.
Heavy modules watched: ${HEAVY.map((p) => `\`${p}\``).join(', ')}.

${row('command', 'heavy modules loaded', 'all packages from node_modules', 'opsctl dist modules')}
${row('---', '---', '---', '---:')}
${row('`--help`', traces.help.heavy.join(', ') || '(none)', traces.help.packages.join(', ') || '(none)', traces.help.distModules)}
${row('`--version`', traces.version.heavy.join(', ') || '(none)', traces.version.packages.join(', ') || '(none)', traces.version.distModules)}
${row('`run` (positive control)', traces.run.heavy.join(', ') || '(none)', traces.run.packages.join(', ') || '(none)', traces.run.distModules)}

\`--help\` loads ssh2: **${helpNoSsh2 ? 'no' : 'YES'}**. \`--help\` loads only commander among the heavy modules: **${helpOnlyCommander ? 'yes' : 'NO'}**.${tracerWorks ? '' : '\n\n**Warning:** the tracer saw no heavy module in the positive control, so these lists are not trustworthy.'}

${ssh.section}

${backup.section}
`;
writeFileSync(RESULTS, md);
console.log(`wrote ${RESULTS}`);
