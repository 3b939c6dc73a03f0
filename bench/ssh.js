// SSH benchmarks (Issue 3) on the project's lab, measured side by side with OpenSSH in one run:
//   (a) 50 steps `true` on one host: `opsctl run` vs 50 `ssh` through a ControlMaster socket
//   (b) the same 50 steps on 20 hosts at --concurrency 20 vs 20 × the single-host time
//   (c) a `fetch` of a 1 GiB random file vs `scp` of the same file
// `sshBench()` brings a lab up (`opsctl lab up`), measures, and always takes it down again; it
// returns the rows for results.md's summary table and its own section. Needs root (the lab does):
// without root, or without the lab's packages, it returns a section saying why nothing was measured.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, fmtMs, fmtRatio } from './stats.js';

const STEPS = 50;
const HOSTS = 20; // the lab's `nodes` group with --masters 3 --workers 17
const GIB = 2 ** 30;
const ROUNDS_AB = { warmup: 1, n: 3 };
const ROUNDS_C = { warmup: 0, n: 2 };
const RC_PROBES = 5;

const row = (...cells) => `| ${cells.join(' | ')} |`;
const samples = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
const fmtLoad = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const fmtS = (ms) => (ms / 1000).toFixed(2) + ' s';
const fmtCpu = (ms) => (ms === undefined ? 'n/a' : fmtS(ms));
const mibps = (bytes, ms) => bytes / 2 ** 20 / (ms / 1000);
const verdict = (pass) => (pass ? 'PASS' : 'MISS');
const medianOf = (xs) => (xs.length && xs.every((x) => x !== undefined) ? median(xs) : undefined);

class BenchFailure extends Error {}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): what a finished child used, and what the lab's sshd used
// ---------------------------------------------------------------------------------------------
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** utime, stime, cutime, cstime of a process in ms, or undefined when it is gone. */
function procTimes(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (i) => (Number(f[i]) * 1000) / CLK_TCK;
    return { self: ms(11) + ms(12), children: ms(13) + ms(14) };
  } catch {
    return undefined;
  }
}

/** CPU of the children this process has waited for (spawnSync waits): deltas are a child's CPU. */
const reapedCpu = () => procTimes('self')?.children;

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * CPU used so far by the process trees under the lab's sshd listeners: each live process's own
 * time plus what it reaped. sshd reaps the sessions it ran and the listener reaps finished
 * connections, so nothing is counted twice and nothing that finished is lost.
 */
function sshdTreeCpu(listenerPids) {
  let ms = 0;
  let procs = 0;
  const stack = [...listenerPids];
  while (stack.length) {
    const pid = stack.pop();
    const t = procTimes(pid);
    if (!t) continue;
    ms += t.self + t.children;
    procs++;
    stack.push(...childrenOf(pid));
  }
  return { ms, procs };
}

// After a client exits, sshd needs a moment to end the connection processes and reap them.
// Called after every measured run; the first await lets a pending SIGINT/SIGTERM be handled.
async function settledTreeCpu(listenerPids, baselineProcs) {
  await new Promise((resolve) => setImmediate(resolve));
  const end = Date.now() + 3000;
  let now = sshdTreeCpu(listenerPids);
  while (now.procs > baselineProcs && Date.now() < end) {
    await sleep(20);
    now = sshdTreeCpu(listenerPids);
  }
  return now.ms;
}

// ---------------------------------------------------------------------------------------------
// The section
// ---------------------------------------------------------------------------------------------

/**
 * Runs the SSH benchmarks; returns `{ summaryRows, section }` (markdown) for results.md.
 * Throws if opsctl or a reference fails (after taking the lab down).
 */
export async function sshBench({ root, bin, node, work, env }) {
  const loadBefore = loadavg();
  const sectionT0 = performance.now();
  const dir = join(work, 'ssh');
  const labDir = join(dir, 'lab');
  mkdirSync(dir, { recursive: true });
  const benchEnv = { ...env };
  delete benchEnv.SSH_AUTH_SOCK; // both sides authenticate with the lab's key file only

  /** Runs a command once; returns wall ms, the child's CPU ms, output and when it started. */
  function timed(label, cmd, args, { check, timeoutMs = 180_000, cmdEnv = benchEnv } = {}) {
    const cpu0 = reapedCpu();
    const startedAt = Date.now();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env: cmdEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 2 ** 20, timeout: timeoutMs, killSignal: 'SIGKILL' });
    const ms = performance.now() - t0;
    const cpu1 = reapedCpu();
    const problem = r.error ? String(r.error) : r.status !== 0 ? `exit ${r.status ?? r.signal}` : check?.(r);
    if (problem) {
      throw new BenchFailure(`${label} failed: ${problem}\n--- stderr ---\n${(r.stderr ?? '').slice(-4000)}\n--- stdout (last 2000 chars) ---\n${(r.stdout ?? '').slice(-2000)}`);
    }
    return { ms, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, stdout: r.stdout, stderr: r.stderr, startedAt };
  }

  const opsctl = (args, opts) => timed(`opsctl ${args.slice(0, 2).join(' ')}`, node, [bin, ...args], opts);

  // Precondition: the lab needs root and its packages; `lab up` says what is missing (exit 2).
  if (process.getuid?.() !== 0) return skipped('the lab needs root (mount namespaces, sshd on port 22); run `npm run bench` as root', loadBefore);
  console.log(`SSH: lab up (${HOSTS + 1} hosts)`);
  const upT0 = performance.now();
  const up = spawnSync(node, [bin, 'lab', 'up', '--dir', labDir, '--masters', '3', '--workers', '17'], { cwd: root, env: benchEnv, encoding: 'utf8', timeout: 120_000 });
  const labUpMs = performance.now() - upT0;
  if (up.status === 2 && !existsSync(join(labDir, 'lab.json'))) {
    return skipped(`\`opsctl lab up\` refused (exit 2): ${(up.stderr || up.stdout).trim().split('\n').slice(0, 6).join(' / ')}`, loadBefore);
  }

  // From here on the lab exists: it comes down whatever happens (also on Ctrl-C / process.exit).
  let labIsUp = true;
  let master; // the ControlMaster client we started, so we can ask it to exit
  const cleanup = () => {
    if (master) spawnSync('ssh', [...master.args, '-O', 'exit', 'master-0'], { stdio: 'ignore', timeout: 10_000 });
    master = undefined;
    if (labIsUp) {
      const down = spawnSync(node, [bin, 'lab', 'down', '--dir', labDir], { cwd: root, env: benchEnv, encoding: 'utf8', timeout: 60_000 });
      if (down.status !== 0) process.stderr.write(`bench: opsctl lab down --dir ${labDir} exited ${down.status}: ${down.stderr}\n`);
      labIsUp = false;
    }
  };
  const onSignal = () => process.exit(130);
  // Ahead of run.js's own exit handler, which deletes the work dir the lab lives in.
  process.prependListener('exit', cleanup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (up.status !== 0) throw new BenchFailure(`opsctl lab up failed: exit ${up.status ?? up.signal ?? up.error}\n${up.stderr}`);
    return await measure();
  } finally {
    cleanup();
    process.off('exit', cleanup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  async function measure() {
    const lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8'));
    const inventory = lab.files?.inventory ?? join(labDir, 'inventory.ini');
    const sshConfig = lab.files?.sshConfig ?? join(labDir, 'ssh_config');
    const nodes = inventoryGroup(inventory, 'nodes');
    if (nodes.length !== HOSTS) throw new BenchFailure(`the lab's [nodes] group has ${nodes.length} hosts, expected ${HOSTS}`);
    const byName = new Map(lab.hosts.map((h) => [h.name, h]));
    const listener = (name) => byName.get(name).sshd.pid;
    const nodeListeners = nodes.map(listener);
    const cm = ['-F', sshConfig, '-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, 'cm-%C')}`, '-o', 'ControlPersist=60'];
    const sshLoop = (n) => `for i in $(seq ${n}); do ssh ${cm.map(shq).join(' ')} master-0 true || exit 1; done\n`;
    const refScript = join(dir, `ssh-${STEPS}.sh`);
    writeFileSync(refScript, sshLoop(STEPS));
    const probeScript = join(dir, `ssh-${RC_PROBES}.sh`);
    writeFileSync(probeScript, sshLoop(RC_PROBES));

    const startMaster = () => {
      timed('ssh ControlMaster start', 'ssh', [...cm, 'master-0', 'true']);
      master = { args: cm };
      const check = spawnSync('ssh', [...cm, '-O', 'check', 'master-0'], { encoding: 'utf8' });
      const pid = Number(/pid=(\d+)/.exec(check.stderr)?.[1]);
      if (check.status !== 0 || !pid) throw new BenchFailure(`the ControlMaster did not stay up: ${check.stderr}`);
      master.pid = pid;
    };
    const stopMaster = () => {
      spawnSync('ssh', [...cm, '-O', 'exit', 'master-0'], { stdio: 'ignore' });
      master = undefined;
    };
    const shlvlSeen = () => timed('ssh echo $SHLVL', 'ssh', ['-F', sshConfig, 'master-0', 'echo $SHLVL']).stdout.trim();

    // --- The login shell's rc files: what every SSH command costs on the lab as shipped. --------
    const configs = lab.hosts.map((h) => join(labDir, 'hosts', h.name, 'ssh', 'sshd_config'));
    const labSetsEnv = configs.every((c) => /^\s*SetEnv\s/im.test(readFileSync(c, 'utf8')));
    const asShipped = { shlvl: shlvlSeen() };
    startMaster();
    asShipped.perCommand = timed('ssh probe (as shipped)', 'bash', [probeScript]).ms / RC_PROBES;
    stopMaster();
    const envFix = { applied: false };
    if (!labSetsEnv) {
      // What test/helpers/sshd-config.ts does: bash skips ~/.bashrc for commands sshd runs when
      // SHLVL says it is nested. sshd re-reads its config on SIGHUP (it re-execs: same pid, same
      // namespaces, same host key), and new connections get the new setting.
      console.log('SSH: the lab sshd sets no SetEnv; adding `SetEnv SHLVL=1` to each host (SIGHUP)');
      const logs = lab.hosts.map((h) => join(labDir, 'hosts', h.name, 'root', 'run-lab', 'sshd.log'));
      const listening = (log) => (readFileSync(log, 'utf8').match(/Server listening on /g) ?? []).length;
      const before = logs.map(listening);
      configs.forEach((c) => appendFileSync(c, 'SetEnv SHLVL=1\n'));
      lab.hosts.forEach((h) => process.kill(h.sshd.pid, 'SIGHUP'));
      const end = Date.now() + 10_000;
      while (!logs.every((log, i) => listening(log) > before[i])) {
        if (Date.now() > end) throw new BenchFailure('the lab sshd did not come back after SIGHUP');
        await sleep(20);
      }
      if (!lab.hosts.every((h) => procTimes(h.sshd.pid))) throw new BenchFailure('a lab sshd died on SIGHUP');
      envFix.applied = true;
    }
    const measuredEnv = { shlvl: shlvlSeen() };
    startMaster();
    measuredEnv.perCommand = timed('ssh probe (measured)', 'bash', [probeScript]).ms / RC_PROBES;

    // --- (a) + (b): interleaved rounds --------------------------------------------------------
    const rb1 = writeRunbook(join(dir, 'steps-1-host.yaml'), 'master-0');
    const rb20 = writeRunbook(join(dir, 'steps-20-hosts.yaml'), 'nodes');
    let stateDirs = 0;
    const freshState = () => {
      const s = join(dir, `state-${stateDirs++}`);
      mkdirSync(s);
      return s;
    };
    const warnings = new Map(); // message → runs that printed it
    const runSteps = async (runbook, hosts, extra) => {
      const listeners = hosts === 1 ? [listener('master-0')] : nodeListeners;
      const base = sshdTreeCpu(listeners);
      const r = opsctl(['run', runbook, '-i', inventory, '--output', 'json', ...extra], {
        cmdEnv: { ...benchEnv, OPSCTL_STATE_DIR: freshState() },
        check: (res) => checkSteps(res, STEPS * hosts),
      });
      const server = (await settledTreeCpu(listeners, base.procs)) - base.ms;
      // Node's process warnings (e.g. MaxListenersExceededWarning), counted per distinct message.
      const seen = new Set(r.stderr.split('\n').filter((l) => /Warning:/.test(l)).map((l) => l.replace(/^\(node:\d+\)\s*/, '').trim()));
      for (const w of seen) {
        const key = `${hosts === 1 ? '(a)' : '(b)'} ${w}`;
        warnings.set(key, (warnings.get(key) ?? 0) + 1);
      }
      return { ms: r.ms, client: r.cpu, server, ...phases(r) };
    };
    const runRef = async () => {
      if (spawnSync('ssh', [...cm, '-O', 'check', 'master-0'], { stdio: 'ignore' }).status !== 0) throw new BenchFailure('the ControlMaster went away between rounds');
      const listeners = [listener('master-0')];
      const base = sshdTreeCpu(listeners);
      const m0 = procTimes(master.pid)?.self;
      const r = timed(`${STEPS}× ssh via ControlMaster`, 'bash', [refScript]);
      const m1 = procTimes(master.pid)?.self;
      const server = (await settledTreeCpu(listeners, base.procs)) - base.ms;
      return { ms: r.ms, client: r.cpu === undefined || m0 === undefined || m1 === undefined ? undefined : r.cpu + (m1 - m0), server };
    };

    console.log(`SSH (a)+(b): ${STEPS} steps \`true\` on 1 host / on ${HOSTS} hosts vs ${STEPS}× ssh via ControlMaster, ${ROUNDS_AB.warmup} warm-up + ${ROUNDS_AB.n} measured, interleaved`);
    const ab = { one: [], ref: [], many: [] };
    for (let i = 0; i < ROUNDS_AB.warmup + ROUNDS_AB.n; i++) {
      const one = await runSteps(rb1, 1, []);
      const ref = await runRef();
      const many = await runSteps(rb20, HOSTS, ['--concurrency', String(HOSTS)]);
      if (i >= ROUNDS_AB.warmup) {
        ab.one.push(one);
        ab.ref.push(ref);
        ab.many.push(many);
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    stopMaster();
    const med = (xs, k) => medianOf(xs.map((x) => x[k]));
    const a = { opsctl: med(ab.one, 'ms'), ssh: med(ab.ref, 'ms') };
    a.ratio = a.opsctl / a.ssh;
    a.pass = a.ratio <= 1.0;
    const b = { opsctl: med(ab.many, 'ms') };
    b.serial = HOSTS * a.opsctl;
    b.speedup = b.serial / b.opsctl;
    b.pass = b.speedup >= 8;
    console.log(`    (a) opsctl ${fmtMs(a.opsctl)}  ssh ControlMaster ${fmtMs(a.ssh)}  ratio ${fmtRatio(a.ratio)} (target ≤ 1.0×) ${verdict(a.pass)}`);
    console.log(`    (b) opsctl ${HOSTS} hosts ${fmtMs(b.opsctl)}  ${HOSTS} × single ${fmtMs(b.serial)}  speed-up ${fmtRatio(b.speedup)} (target ≥ 8×) ${verdict(b.pass)}`);

    // --- (c) 1 GiB fetch vs scp ---------------------------------------------------------------
    console.log(`SSH (c): fetch of a 1 GiB random file vs scp, ${ROUNDS_C.n} measured, interleaved`);
    const remoteFile = '/backup/bench-1g.bin';
    const fileOnHost = join(labDir, 'hosts', 'master-0', 'root', 'backup', 'bench-1g.bin');
    const genT0 = performance.now();
    const sha256 = writeRandomFile(fileOnHost, GIB);
    const genMs = performance.now() - genT0;
    const seen = timed('ssh stat', 'ssh', ['-F', sshConfig, 'master-0', `stat -c %s ${remoteFile}`]).stdout.trim();
    if (Number(seen) !== GIB) throw new BenchFailure(`master-0 sees ${remoteFile} with ${seen} bytes, expected ${GIB}`);
    const fetchDir = join(dir, 'fetched');
    const scpDir = join(dir, 'scp');
    mkdirSync(scpDir);
    const rbf = join(dir, 'fetch-1g.yaml');
    writeFileSync(
      rbf,
      `apiVersion: opsctl/v1\nkind: Runbook\nmetadata:\n  name: bench-fetch-1g\nsteps:\n  - id: fetch\n    on: master-0\n    fetch: { src: ${remoteFile}, dest: ${fetchDir}/ }\n`,
    );
    const mListener = [listener('master-0')];
    const c = { opsctl: [], scp: [] };
    for (let i = 0; i < ROUNDS_C.warmup + ROUNDS_C.n; i++) {
      let base = sshdTreeCpu(mListener);
      const f = opsctl(['run', rbf, '-i', inventory, '--output', 'json'], {
        cmdEnv: { ...benchEnv, OPSCTL_STATE_DIR: freshState() },
        check: (res) => checkFetch(res, join(fetchDir, 'bench-1g.bin'), sha256),
      });
      const fServer = (await settledTreeCpu(mListener, base.procs)) - base.ms;
      rmSync(fetchDir, { recursive: true, force: true });
      base = sshdTreeCpu(mListener);
      const s = timed('scp 1 GiB', 'scp', ['-q', '-F', sshConfig, `master-0:${remoteFile}`, `${scpDir}/`], {
        check: () => (statSync(join(scpDir, 'bench-1g.bin')).size === GIB ? undefined : 'scp wrote a file of the wrong size'),
      });
      const sServer = (await settledTreeCpu(mListener, base.procs)) - base.ms;
      rmSync(join(scpDir, 'bench-1g.bin'), { force: true });
      if (i >= ROUNDS_C.warmup) {
        c.opsctl.push({ ms: f.ms, client: f.cpu, server: fServer, stepMs: stepDuration(f.stdout) });
        c.scp.push({ ms: s.ms, client: s.cpu, server: sServer });
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    rmSync(fileOnHost, { force: true });
    const cc = { opsctl: med(c.opsctl, 'ms'), scp: med(c.scp, 'ms'), step: med(c.opsctl, 'stepMs') };
    cc.opsctlRate = mibps(GIB, cc.opsctl);
    cc.scpRate = mibps(GIB, cc.scp);
    cc.stepRate = mibps(GIB, cc.step);
    cc.ratio = cc.opsctlRate / cc.scpRate;
    cc.pass = cc.ratio >= 0.9;
    console.log(`    (c) opsctl ${cc.opsctlRate.toFixed(0)} MiB/s  scp ${cc.scpRate.toFixed(0)} MiB/s  ratio ${fmtRatio(cc.ratio)} (target ≥ 0.9×) ${verdict(cc.pass)}`);

    const loadAfter = loadavg();
    const sectionMs = performance.now() - sectionT0;
    return report({ a, b, cc, ab, c, med, labUpMs, genMs, sectionMs, asShipped, measuredEnv, labSetsEnv, envFix, warnings, loadBefore, loadAfter, lab });
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs and checks
// ---------------------------------------------------------------------------------------------
const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function writeRunbook(file, on) {
  writeFileSync(
    file,
    ['apiVersion: opsctl/v1', 'kind: Runbook', 'metadata:', '  name: bench-ssh-steps', 'steps:']
      .concat(Array.from({ length: STEPS }, (_, i) => `  - id: s${i + 1}\n    on: ${on}\n    run: "true"`))
      .join('\n') + '\n',
  );
  return file;
}

// Host names in an INI inventory section (first word of each host line).
function inventoryGroup(file, group) {
  const hosts = [];
  let inside = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (t.startsWith('[')) inside = t === `[${group}]`;
    else if (inside && t && !t.startsWith('#') && !t.startsWith(';')) hosts.push(t.split(/\s+/)[0]);
  }
  return hosts;
}

// A 1 GiB incompressible file: an AES-128-CTR keystream under a random key (what /dev/urandom
// would give, several times faster). Returns its sha256, taken while writing.
function writeRandomFile(path, bytes) {
  const chunk = Buffer.alloc(16 * 2 ** 20);
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const hash = createHash('sha256');
  const fd = openSync(path, 'w', 0o644);
  try {
    for (let done = 0; done < bytes; done += chunk.length) {
      const block = cipher.update(chunk);
      hash.update(block);
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function events(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      return { error: `stdout is not JSON lines: ${line.slice(0, 200)}` };
    }
  }
  return { events: out };
}

// Every step succeeded, the run succeeded, and (for a group) the hosts really ran side by side.
function checkSteps(r, expected) {
  const { events: evs, error } = events(r.stdout);
  if (error) return error;
  const ended = evs.filter((e) => e.type === 'step.end' && (e.status === 'ok' || e.status === 'changed')).length;
  const end = evs.find((e) => e.type === 'run.end');
  if (ended !== expected) return `expected ${expected} successful step.end events, saw ${ended}`;
  if (end?.status !== 'succeeded') return `run.end status is ${end?.status}`;
  return undefined;
}

function checkFetch(r, localFile, sha256) {
  const { events: evs, error } = events(r.stdout);
  if (error) return error;
  const end = evs.find((e) => e.type === 'step.end' && e.stepId === 'fetch');
  if (!end || (end.status !== 'changed' && end.status !== 'ok')) return `fetch step ended ${end?.status ?? 'without a step.end'}`;
  if (!existsSync(localFile) || statSync(localFile).size !== GIB) return `${localFile} missing or not ${GIB} bytes`;
  const got = end.captures?.sha256 ?? /sha256 ([0-9a-f]{64})/.exec(end.message ?? '')?.[1];
  if (got !== sha256) return `fetched sha256 ${got} differs from the source's ${sha256}`;
  return undefined;
}

const stepDuration = (stdout) => events(stdout).events.find((e) => e.type === 'step.end')?.durationMs;

// Where the wall time of one run went, from its own event timestamps (same clock as ours).
function phases(r) {
  const evs = events(r.stdout).events;
  const t = (e) => Date.parse(e.ts);
  const start = evs.find((e) => e.type === 'run.start');
  const steps = evs.filter((e) => e.type === 'step.start' || e.type === 'step.end');
  const end = evs.find((e) => e.type === 'run.end');
  let open = 0;
  let maxOpen = 0;
  for (const e of steps) {
    open += e.type === 'step.start' ? 1 : -1;
    maxOpen = Math.max(maxOpen, open);
  }
  const firstStart = t(steps[0]);
  const lastEnd = t(steps[steps.length - 1]);
  return {
    startup: t(start) - r.startedAt,
    prepare: firstStart - t(start),
    steps: lastEnd - firstStart,
    tail: r.startedAt + r.ms - lastEnd,
    maxOpen,
  };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
function skipped(reason, loadBefore) {
  console.log(`SSH: not measured: ${reason}`);
  return {
    summaryRows: [row('SSH (a)/(b)/(c) on the lab', '—', '—', '—', '—', 'NOT RUN')],
    section: `## SSH (a)–(c): on the lab\n\n**Not measured in this run:** ${reason}. Load average at the time: ${fmtLoad(loadBefore)}.\n`,
  };
}

function report({ a, b, cc, ab, c, med, labUpMs, genMs, sectionMs, asShipped, measuredEnv, labSetsEnv, envFix, warnings, loadBefore, loadAfter, lab }) {
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const busy = loadBefore[0] > 1 || loadAfter[0] > 1;
  const one = { startup: med(ab.one, 'startup'), prepare: med(ab.one, 'prepare'), steps: med(ab.one, 'steps'), tail: med(ab.one, 'tail'), client: med(ab.one, 'client'), server: med(ab.one, 'server') };
  const many = { startup: med(ab.many, 'startup'), prepare: med(ab.many, 'prepare'), steps: med(ab.many, 'steps'), tail: med(ab.many, 'tail'), client: med(ab.many, 'client'), server: med(ab.many, 'server'), maxOpen: Math.min(...ab.many.map((x) => x.maxOpen)) };
  const ref = { client: med(ab.ref, 'client'), server: med(ab.ref, 'server') };
  const fixed = one.startup + one.prepare + one.tail;
  const perStep = one.steps / STEPS;
  const perSsh = a.ssh / STEPS;
  const cpuTotal = many.client !== undefined && many.server !== undefined ? many.client + many.server : undefined;
  const summaryRows = [
    row(`SSH (a) ${STEPS}× \`true\` on one lab host`, fmtMs(a.opsctl), `${fmtMs(a.ssh)} (${STEPS}× \`ssh\` via ControlMaster)`, fmtRatio(a.ratio), '≤ 1.00×', verdict(a.pass)),
    row(`SSH (b) the same on ${HOSTS} hosts, \`--concurrency ${HOSTS}\``, fmtMs(b.opsctl), `${fmtMs(b.serial)} (${HOSTS} × opsctl single-host)`, `${fmtRatio(b.speedup)} speed-up`, '≥ 8.00× speed-up', verdict(b.pass)),
    row('SSH (c) `fetch` of a 1 GiB file', `${cc.opsctlRate.toFixed(0)} MiB/s`, `${cc.scpRate.toFixed(0)} MiB/s (\`scp\`)`, fmtRatio(cc.ratio), '≥ 0.90×', verdict(cc.pass)),
  ];
  const stepRows = (xs) => xs.map((x) => x.ms);
  const section = `## SSH (a)–(c): on the lab

Hosts: \`node bin/opsctl.js lab up --dir <tmp> --masters 3 --workers 17\` (${lab.hosts.length} hosts, each its own
\`sshd\` on its own loopback address in its own namespaces; up in ${fmtS(labUpMs)}, not counted below), taken down with
\`lab down\` at the end. opsctl gets the lab's \`inventory.ini\`; \`ssh\`/\`scp\` get the lab's \`ssh_config\` (\`-F\`):
the same addresses, host keys (\`known_hosts\`, \`StrictHostKeyChecking yes\`) and identity (\`id_ed25519\`); no
ssh-agent on either side. This section took ${fmtS(sectionMs)} (lab up included, lab down not). Load average (1/5/15 min) at the start of this section: ${fmtLoad(loadBefore)}; at its end:
${fmtLoad(loadAfter)}${busy ? ' — **other work was running on this 2-core machine (concurrent test runs); figures are noisy, medians of interleaved runs**' : ''}.

**The login shell's rc file.** sshd runs every command through root's login shell (\`bash -c\`), and bash
sources \`~/.bashrc\` for commands sshd runs; on this machine that file runs \`pyenv init\`. The lab's
sshd_config ${labSetsEnv ? 'already sets' : '**does not set**'} \`SetEnv\` (the test harness's \`test/helpers/sshd-config.ts\` sets \`SetEnv SHLVL=1\`
so bash skips it). Measured with \`ssh\` through a ControlMaster, ${RC_PROBES} commands: **${fmtMs(asShipped.perCommand)} per command on the lab as
shipped** (the command sees \`SHLVL=${asShipped.shlvl}\`)${envFix.applied ? `. To measure the tools rather than the rc file, this benchmark then appends
\`SetEnv SHLVL=1\` to each lab host's \`sshd_config\` and sends its sshd SIGHUP (sshd re-execs in place: same pid,
namespaces and host key; \`src/\` is unchanged), after which a command costs **${fmtMs(measuredEnv.perCommand)}** (it sees \`SHLVL=${measuredEnv.shlvl}\`).
Every figure below is with that setting, for opsctl and OpenSSH alike` : `; figures below: ${fmtMs(measuredEnv.perCommand)} per command`}.

### (a) ${STEPS} steps on one host, (b) on ${HOSTS} hosts

A runbook of ${STEPS} steps \`run: "true"\`, \`on: master-0\` (a) or \`on: nodes\` (b: the inventory group of ${HOSTS} hosts),
run as \`opsctl run <file> -i <lab>/inventory.ini --output json\` (+ \`--concurrency ${HOSTS}\` for b) with a fresh
\`OPSCTL_STATE_DIR\` each time; every run is checked (exit 0, ${STEPS} resp. ${STEPS * HOSTS} successful \`step.end\`, \`run.end\` succeeded).
Reference for (a): bash running \`ssh -F <lab>/ssh_config -o ControlMaster=auto -o ControlPath=… -o ControlPersist=60 master-0 true\`
${STEPS} times, the master connection established before timing. Reference for (b): ${HOSTS} × the single-host opsctl time of (a).
${ROUNDS_AB.warmup} warm-up + ${ROUNDS_AB.n} measured rounds, each round runs (a) opsctl, (a) ssh, (b) opsctl in turn.

${row('', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${row(`(a) opsctl, ${STEPS} steps on master-0`, fmtMs(a.opsctl), samples(stepRows(ab.one)))}
${row(`(a) ${STEPS}× \`ssh\` via ControlMaster`, fmtMs(a.ssh), samples(stepRows(ab.ref)))}
${row('(a) ratio opsctl / ssh', fmtRatio(a.ratio), `target ≤ 1.0× → **${verdict(a.pass)}**`)}
${row(`(b) opsctl, ${STEPS} steps on ${HOSTS} hosts, \`--concurrency ${HOSTS}\``, fmtMs(b.opsctl), samples(stepRows(ab.many)))}
${row(`(b) speed-up ${HOSTS} × (a) / (b)`, fmtRatio(b.speedup), `target ≥ 8× → **${verdict(b.pass)}**`)}

Where the time goes (medians; phases from each run's own event timestamps: start-up = process spawn to
\`run.start\` — Node, modules, runbook, inventory, plan; prepare = \`run.start\` to the first \`step.start\` — run
directory, lock, SSH connections; steps = first \`step.start\` to last \`step.end\`; tail = to process exit.
CPU from \`/proc\`: client = the process and its children; sshd = the lab sshd process trees, sessions included):

${row('', 'wall', 'start-up', 'prepare + connect', 'steps', 'per step', 'tail', 'client CPU', 'sshd CPU')}
${row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:')}
${row('(a) opsctl, 1 host', fmtMs(a.opsctl), fmtMs(one.startup), fmtMs(one.prepare), fmtMs(one.steps), fmtMs(perStep), fmtMs(one.tail), fmtCpu(one.client), fmtCpu(one.server))}
${row(`(a) ${STEPS}× ssh via ControlMaster`, fmtMs(a.ssh), '—', '— (before timing)', fmtMs(a.ssh), fmtMs(perSsh), '—', fmtCpu(ref.client), fmtCpu(ref.server))}
${row(`(b) opsctl, ${HOSTS} hosts`, fmtMs(b.opsctl), fmtMs(many.startup), fmtMs(many.prepare), fmtMs(many.steps), `${fmtMs(many.steps / STEPS)} (${HOSTS} hosts)`, fmtMs(many.tail), fmtCpu(many.client), fmtCpu(many.server))}

Derived from the rows above (not separate measurements):

- (a) opsctl spends **${fmtMs(fixed)}** outside its steps (start-up + prepare/connect + tail) — ${((fixed / a.opsctl) * 100).toFixed(0)}% of its wall time —
  and **${fmtMs(perStep)} per step** against **${fmtMs(perSsh)} per \`ssh\` invocation** through the master. Steps alone:
  ${fmtMs(one.steps)} vs ${fmtMs(a.ssh)} = **${fmtRatio(one.steps / a.ssh)}**.
- (b) hosts in flight at once (max open steps, lowest of the runs): **${many.maxOpen}**. The run used ${fmtCpu(cpuTotal)} of CPU (client + sshd) in
  ${fmtS(b.opsctl)} of wall time${cpuTotal !== undefined ? `: on ${cores} cores it cannot finish in less than ${fmtS(cpuTotal / cores)} even on an idle machine, i.e. a speed-up of at most ${fmtRatio(b.serial / (cpuTotal / cores))} over ${HOSTS} × (a) here. Per remote command: ${fmtMs(many.client / (STEPS * HOSTS))} client CPU, ${fmtMs(many.server / (STEPS * HOSTS))} sshd CPU` : ''}.
${warnings.size ? `- opsctl printed Node warnings on stderr: ${[...warnings].map(([w, n]) => `“${w.replace(/[`|]/g, "'")}” (${n} of ${ROUNDS_AB.warmup + ROUNDS_AB.n} runs, warm-up included)`).join('; ')}.\n` : ''}
### (c) 1 GiB fetch

A 1 GiB file of AES-128-CTR keystream under a random key (incompressible; written in ${fmtS(genMs)}, not counted) at
\`/backup/bench-1g.bin\` on master-0 (page-cached for both sides). opsctl: a runbook with one step
\`fetch: { src: /backup/bench-1g.bin, dest: <tmp>/fetched/ }\`, run as in (a) — checked: exit 0, the local file is 1 GiB and its
sha256 matches the source's. Reference: \`scp -q -F <lab>/ssh_config master-0:/backup/bench-1g.bin <tmp>/\` (${opensshVersion()}'s
default: SFTP protocol), checked for size. Each tool with its default cipher. MiB/s = 1024 MiB / wall time of the whole command
(start-up and connection included for both). ${ROUNDS_C.n} rounds, interleaved (opsctl, scp); the received file is deleted after each run.

${row('', 'median wall', 'MiB/s', 'samples (ms)', 'client CPU', 'sshd CPU')}
${row('---', '---:', '---:', '---', '---:', '---:')}
${row('opsctl `fetch`', fmtMs(cc.opsctl), cc.opsctlRate.toFixed(0), samples(c.opsctl.map((x) => x.ms)), fmtCpu(med(c.opsctl, 'client')), fmtCpu(med(c.opsctl, 'server')))}
${row('`scp`', fmtMs(cc.scp), cc.scpRate.toFixed(0), samples(c.scp.map((x) => x.ms)), fmtCpu(med(c.scp, 'client')), fmtCpu(med(c.scp, 'server')))}
${row('ratio opsctl / scp (MiB/s)', fmtRatio(cc.ratio), '', `target ≥ 0.9× → **${verdict(cc.pass)}**`, '', '')}
${row('diagnostic: opsctl step `durationMs` only (no start-up/connect)', fmtMs(cc.step), cc.stepRate.toFixed(0), samples(c.opsctl.map((x) => x.stepMs)), '', '')}

opsctl's fetch streams \`cat\` over one exec channel while the host runs \`openssl dgst -sha256\` on the same file
over a second one, and hashes what arrives (in Node) before writing it to a temp file that is renamed into place
once both hashes match; scp does no end-to-end hash.
`;
  return { summaryRows, section };
}

function opensshVersion() {
  const v = spawnSync('ssh', ['-V'], { encoding: 'utf8' });
  return (v.stderr || v.stdout || '').trim().split(/[ ,]/)[0] || 'unknown';
}
