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
import { checkRecap, ensureAnsible, writeAnsibleFiles } from './ansible.js';
import { hostCpuGroups } from './cgroup-cpu.js';

const STEPS = 50;
const HOSTS = 20; // the lab's `nodes` group with --masters 3 --workers 17
const GIB = 2 ** 30;
const ROUNDS_AB = { warmup: 1, n: 3 };
const ROUNDS_C = { warmup: 0, n: 2 };
const RC_PROBES = 5;
const LOGIN_MS = 50; // `lab up --login-ms`: what each login shell's rc file takes
const MASTER_STEPS = 20; // the Ansible comparison: 20 steps on the 3 masters

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
  let now = hostCpu(listenerPids);
  while (now.procs > baselineProcs && Date.now() < end) {
    await sleep(20);
    now = hostCpu(listenerPids);
  }
  return now.ms;
}

// The kernel's count (bench/cgroup-cpu.js) once the lab is up; the /proc walk where cgroups cannot be used.
let cpuGroups;
const hostCpu = (listenerPids) => (cpuGroups ? cpuGroups.cpu(listenerPids) : sshdTreeCpu(listenerPids));
const hostCpuMethod = () =>
  cpuGroups
    ? `the kernel's count (${cpuGroups.kind}): each host's sshd listener in a cgroup of its own, so every process it starts (connection, session, login shell, runner, step) is counted`
    : 'a walk of /proc from each sshd listener (own + reaped children); cgroups were not usable, and this walk undercounts';

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
  const up = spawnSync(node, [bin, 'lab', 'up', '--dir', labDir, '--masters', '3', '--workers', '17', '--login-ms', String(LOGIN_MS)], { cwd: root, env: benchEnv, encoding: 'utf8', timeout: 120_000 });
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
    cpuGroups?.close();
    cpuGroups = undefined;
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
    cpuGroups = hostCpuGroups(`opsctl-bench-${process.pid}`, lab.hosts.map((h) => [h.name, h.sshd.pid]));
    const cm = ['-F', sshConfig, '-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, 'cm-%C')}`, '-o', 'ControlPersist=1800'];
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

    // --- The login shell's rc files: every command sshd runs starts root's bash, which reads the
    // host's rc file (lab up --login-ms). Rewriting that file changes the cost for the next login.
    const rcFiles = lab.hosts.map((h) => join(labDir, 'hosts', h.name, 'ssh', 'login-rc.sh'));
    if (!rcFiles.every((f) => existsSync(f))) throw new BenchFailure('lab up --login-ms wrote no login-rc.sh');
    const setLoginCost = (ms) => rcFiles.forEach((f) => writeFileSync(f, `unset BASH_ENV\n${ms ? `sleep ${(ms / 1000).toFixed(3)}\n` : ''}`));
    const shlvl = shlvlSeen();
    startMaster();
    const measuredEnv = { shlvl, perCommand: timed('ssh probe (login cost)', 'bash', [probeScript]).ms / RC_PROBES };
    const ansibleVersion = ensureAnsible();
    const ans = writeAnsibleFiles(join(dir, 'ansible'), 'masters', MASTER_STEPS);
    const masters = inventoryGroup(inventory, 'masters');

    // --- (a) + (b): interleaved rounds --------------------------------------------------------
    const rb1 = writeRunbook(join(dir, 'steps-1-host.yaml'), 'master-0');
    // Diagnostic: the same steps read-only, so not wrapped by the step record on the host.
    const rb1Ro = writeRunbook(join(dir, 'steps-1-host-ro.yaml'), 'master-0', STEPS, true);
    const rb20 = writeRunbook(join(dir, 'steps-20-hosts.yaml'), 'nodes');
    const rbMasters = writeRunbook(join(dir, 'steps-masters.yaml'), 'masters', MASTER_STEPS);
    let stateDirs = 0;
    const freshState = () => {
      const s = join(dir, `state-${stateDirs++}`);
      mkdirSync(s);
      return s;
    };
    const warnings = new Map(); // message → runs that printed it
    const runSteps = async (runbook, hosts, extra, steps = STEPS, listeners = hosts === 1 ? [listener('master-0')] : nodeListeners) => {
      const base = hostCpu(listeners);
      const r = opsctl(['run', runbook, '-i', inventory, '--output', 'json', ...extra], {
        cmdEnv: { ...benchEnv, OPSCTL_STATE_DIR: freshState() },
        check: (res) => checkSteps(res, steps * hosts),
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
      const base = hostCpu(listeners);
      const m0 = procTimes(master.pid)?.self;
      const r = timed(`${STEPS}× ssh via ControlMaster`, 'bash', [refScript]);
      const m1 = procTimes(master.pid)?.self;
      const server = (await settledTreeCpu(listeners, base.procs)) - base.ms;
      return { ms: r.ms, client: r.cpu === undefined || m0 === undefined || m1 === undefined ? undefined : r.cpu + (m1 - m0), server };
    };

    const masterListeners = masters.map(listener);
    const runAnsible = async () => {
      const base = hostCpu(masterListeners);
      const r = timed('ansible-playbook', 'ansible-playbook', ['-i', inventory, ans.playbook], {
        // Ansible is slow on a loaded 2-core machine (a run took over 3 minutes at load 29).
        timeoutMs: 1_200_000,
        cmdEnv: { ...benchEnv, ANSIBLE_CONFIG: ans.cfg, ANSIBLE_NOCOLOR: '1' },
        check: (res) => checkRecap(res.stdout, masters, MASTER_STEPS),
      });
      const server = (await settledTreeCpu(masterListeners, base.procs)) - base.ms;
      return { ms: r.ms, client: r.cpu, server };
    };

    console.log(`SSH (a)+(b)+Ansible, login cost ${LOGIN_MS} ms: ${STEPS} steps on 1 host / ${HOSTS} hosts vs ${STEPS}× ssh via ControlMaster; ${MASTER_STEPS} steps × ${masters.length} masters vs ansible-playbook; ${ROUNDS_AB.warmup} warm-up + ${ROUNDS_AB.n} measured, interleaved`);
    const ab = { one: [], oneRo: [], ref: [], many: [], ans: [], onMasters: [] };
    for (let i = 0; i < ROUNDS_AB.warmup + ROUNDS_AB.n; i++) {
      const one = await runSteps(rb1, 1, []);
      const oneRo = await runSteps(rb1Ro, 1, []);
      const ref = await runRef();
      const many = await runSteps(rb20, HOSTS, ['--concurrency', String(HOSTS)]);
      const onMasters = await runSteps(rbMasters, masters.length, [], MASTER_STEPS, masterListeners);
      const ansible = await runAnsible();
      if (i >= ROUNDS_AB.warmup) {
        ab.one.push(one);
        ab.oneRo.push(oneRo);
        ab.ref.push(ref);
        ab.many.push(many);
        ab.onMasters.push(onMasters);
        ab.ans.push(ansible);
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');

    // The lab as shipped: the same (a) with logins that cost nothing.
    setLoginCost(0);
    stopMaster();
    startMaster();
    const shippedPerCommand = timed('ssh probe (as shipped)', 'bash', [probeScript]).ms / RC_PROBES;
    console.log(`SSH (a) on the lab as shipped (no login cost), ${ROUNDS_AB.warmup} warm-up + ${ROUNDS_AB.n} measured, interleaved`);
    const shipped = { one: [], ref: [] };
    for (let i = 0; i < ROUNDS_AB.warmup + ROUNDS_AB.n; i++) {
      const one = await runSteps(rb1, 1, []);
      const ref = await runRef();
      if (i >= ROUNDS_AB.warmup) {
        shipped.one.push(one);
        shipped.ref.push(ref);
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    stopMaster();
    const med = (xs, k) => medianOf(xs.map((x) => x[k]));
    const a = { opsctl: med(ab.one, 'ms'), ssh: med(ab.ref, 'ms') };
    a.ratio = a.opsctl / a.ssh;
    a.pass = a.ratio <= 0.25;
    const a0 = { opsctl: med(shipped.one, 'ms'), ssh: med(shipped.ref, 'ms') };
    a0.ratio = a0.opsctl / a0.ssh;
    const b = { opsctl: med(ab.many, 'ms') };
    b.serial = HOSTS * a.opsctl;
    b.speedup = b.serial / b.opsctl;
    b.pass = b.speedup >= 10;
    const an = { opsctl: med(ab.onMasters, 'ms'), ansible: med(ab.ans, 'ms') };
    an.speedup = an.ansible / an.opsctl;
    an.pass = an.speedup >= 10;
    console.log(`    (a) opsctl ${fmtMs(a.opsctl)}  ssh ControlMaster ${fmtMs(a.ssh)}  ratio ${fmtRatio(a.ratio)} (target ≤ 0.25×) ${verdict(a.pass)}; as shipped ${fmtRatio(a0.ratio)}`);
    console.log(`    (b) opsctl ${HOSTS} hosts ${fmtMs(b.opsctl)}  ${HOSTS} × single ${fmtMs(b.serial)}  speed-up ${fmtRatio(b.speedup)} (target ≥ 10×) ${verdict(b.pass)}`);
    console.log(`    Ansible: opsctl ${fmtMs(an.opsctl)}  ansible-playbook ${fmtMs(an.ansible)}  opsctl ${fmtRatio(an.speedup)} faster (target ≥ 10×) ${verdict(an.pass)}`);

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
      let base = hostCpu(mListener);
      const f = opsctl(['run', rbf, '-i', inventory, '--output', 'json'], {
        cmdEnv: { ...benchEnv, OPSCTL_STATE_DIR: freshState() },
        check: (res) => checkFetch(res, join(fetchDir, 'bench-1g.bin'), sha256),
      });
      const fServer = (await settledTreeCpu(mListener, base.procs)) - base.ms;
      rmSync(fetchDir, { recursive: true, force: true });
      base = hostCpu(mListener);
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
    cc.pass = cc.ratio >= 0.95;
    console.log(`    (c) opsctl ${cc.opsctlRate.toFixed(0)} MiB/s  scp ${cc.scpRate.toFixed(0)} MiB/s  ratio ${fmtRatio(cc.ratio)} (target ≥ 0.95×) ${verdict(cc.pass)}`);

    const loadAfter = loadavg();
    const sectionMs = performance.now() - sectionT0;
    return report({ a, a0, b, an, cc, ab, shipped, c, med, labUpMs, genMs, sectionMs, shippedPerCommand, measuredEnv, ansibleVersion, masters, warnings, loadBefore, loadAfter, lab });
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs and checks
// ---------------------------------------------------------------------------------------------
const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function writeRunbook(file, on, steps = STEPS, readOnly = false) {
  writeFileSync(
    file,
    ['apiVersion: opsctl/v1', 'kind: Runbook', 'metadata:', '  name: bench-ssh-steps', 'steps:']
      .concat(Array.from({ length: steps }, (_, i) => `  - id: s${i + 1}\n    on: ${on}\n${readOnly ? '    readOnly: true\n' : ''}    run: "true"`))
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

function report({ a, a0, b, an, cc, ab, shipped, c, med, labUpMs, genMs, sectionMs, shippedPerCommand, measuredEnv, ansibleVersion, masters, warnings, loadBefore, loadAfter, lab }) {
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const busy = loadBefore[0] > 1 || loadAfter[0] > 1;
  const phase = (xs) => ({ startup: med(xs, 'startup'), prepare: med(xs, 'prepare'), steps: med(xs, 'steps'), tail: med(xs, 'tail'), client: med(xs, 'client'), server: med(xs, 'server') });
  const one = phase(ab.one);
  const oneRo = { ...phase(ab.oneRo), ms: med(ab.oneRo, 'ms') };
  const one0 = phase(shipped.one);
  const many = { ...phase(ab.many), maxOpen: Math.min(...ab.many.map((x) => x.maxOpen)) };
  const onM = phase(ab.onMasters);
  const ref = { client: med(ab.ref, 'client'), server: med(ab.ref, 'server') };
  const ansCpu = { client: med(ab.ans, 'client'), server: med(ab.ans, 'server') };
  const fixed = one.startup + one.prepare + one.tail;
  const perStep = one.steps / STEPS;
  const perSsh = a.ssh / STEPS;
  const cpuTotal = many.client !== undefined && many.server !== undefined ? many.client + many.server : undefined;
  const summaryRows = [
    row(`SSH (a) ${STEPS}× \`true\` on one lab host, login cost ${LOGIN_MS} ms`, fmtMs(a.opsctl), `${fmtMs(a.ssh)} (${STEPS}× \`ssh\` via ControlMaster)`, fmtRatio(a.ratio), '≤ 0.25×', verdict(a.pass)),
    row('SSH (a) the same steps read-only: no step record on the host (reported)', fmtMs(med(ab.oneRo, 'ms')), `${fmtMs(a.ssh)} (${STEPS}× \`ssh\` via ControlMaster)`, fmtRatio(med(ab.oneRo, 'ms') / a.ssh), '—', '—'),
    row('SSH (a) the same, lab as shipped (no login cost; reported)', fmtMs(a0.opsctl), `${fmtMs(a0.ssh)} (${STEPS}× \`ssh\` via ControlMaster)`, fmtRatio(a0.ratio), '—', '—'),
    row(`SSH (b) the same on ${HOSTS} hosts, \`--concurrency ${HOSTS}\``, fmtMs(b.opsctl), `${fmtMs(b.serial)} (${HOSTS} × opsctl single-host)`, `${fmtRatio(b.speedup)} speed-up`, '≥ 10.00× speed-up', verdict(b.pass)),
    row(`SSH ${MASTER_STEPS} steps × ${masters.length} masters vs Ansible`, fmtMs(an.opsctl), `${fmtMs(an.ansible)} (\`ansible-playbook\`, pipelining, ControlPersist, forks 10)`, `${fmtRatio(an.speedup)} faster`, '≥ 10.00× faster', verdict(an.pass)),
    row('SSH (c) `fetch` of a 1 GiB file', `${cc.opsctlRate.toFixed(0)} MiB/s`, `${cc.scpRate.toFixed(0)} MiB/s (\`scp\`)`, fmtRatio(cc.ratio), '≥ 0.95×', verdict(cc.pass)),
  ];
  const ms = (xs) => samples(xs.map((x) => x.ms));
  const section = `## SSH: on the lab

Hosts: \`node bin/opsctl.js lab up --dir <tmp> --masters 3 --workers 17 --login-ms ${LOGIN_MS}\` (${lab.hosts.length} hosts, each its own
\`sshd\` on its own loopback address in its own namespaces; up in ${fmtS(labUpMs)}, not counted below), taken down with
\`lab down\` at the end. opsctl and Ansible get the lab's \`inventory.ini\`; \`ssh\`/\`scp\` get the lab's \`ssh_config\` (\`-F\`):
the same addresses, host keys (\`known_hosts\`, \`StrictHostKeyChecking yes\`) and identity (\`id_ed25519\`); no
ssh-agent. This section took ${fmtS(sectionMs)} (lab up included, lab down not). Load average (1/5/15 min) at its start: ${fmtLoad(loadBefore)}; at its end:
${fmtLoad(loadAfter)}${busy ? ' — **other work was running on this 2-core machine; figures are noisy: read the ratios of interleaved runs, not the absolute times**' : ''}.

**Login cost.** Every command sshd runs starts root's login shell (bash). Real hosts' rc files (\`~/.bashrc\`, pyenv,
conda, \`/etc/profile.d\`) take tens to hundreds of milliseconds; the lab's hosts take a fixed ${LOGIN_MS} ms
(\`--login-ms ${LOGIN_MS}\`: bash reads an rc file that sleeps ${LOGIN_MS} ms). Measured through a ControlMaster: **${fmtMs(measuredEnv.perCommand)} per
\`ssh\` command** with it (the command sees \`SHLVL=${measuredEnv.shlvl}\`), **${fmtMs(shippedPerCommand)}** on the lab as shipped (rc file emptied). opsctl pays
the login once per step runner (one per host, more when steps run in parallel on a host); \`ssh\` and Ansible pay it per command.

### (a) ${STEPS} steps on one host, (b) on ${HOSTS} hosts, and ${MASTER_STEPS} steps on the ${masters.length} masters vs Ansible

A runbook of ${STEPS} steps \`run: "true"\`, \`on: master-0\` (a) or \`on: nodes\` (b: the inventory group of ${HOSTS} hosts),
run as \`opsctl run <file> -i <lab>/inventory.ini --output json\` (+ \`--concurrency ${HOSTS}\` for b) with a fresh
\`OPSCTL_STATE_DIR\` each time; every run is checked (exit 0, every \`step.end\` successful, \`run.end\` succeeded).
Reference for (a): bash running \`ssh -F <lab>/ssh_config -o ControlMaster=auto -o ControlPath=… -o ControlPersist=60 master-0 true\`
${STEPS} times, the master connection established before timing. Reference for (b): ${HOSTS} × the single-host opsctl time of (a).
Ansible (${ansibleVersion}, installed by the benchmark from Debian's \`ansible\` package if missing): a playbook on \`masters\`
with ${MASTER_STEPS} tasks \`ansible.builtin.command: "true"\`, \`gather_facts: false\`, \`pipelining = True\`,
\`ssh_args = -o ControlMaster=auto -o ControlPersist=60s\`, \`forks = 10\`, checked from its recap (ok=${MASTER_STEPS}, failed=0 on each master);
its ControlPersist masters stay up between rounds. opsctl: the same ${MASTER_STEPS} steps \`on: masters\`.
${ROUNDS_AB.warmup} warm-up + ${ROUNDS_AB.n} measured rounds; each round runs (a) opsctl, (a) ssh, (b) opsctl, opsctl on the masters, Ansible in turn.
Then the rc files are emptied and (a) runs again (${ROUNDS_AB.warmup} + ${ROUNDS_AB.n} rounds): the lab as shipped.

${row('', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${row(`(a) opsctl, ${STEPS} steps on master-0`, fmtMs(a.opsctl), ms(ab.one))}
${row(`(a) ${STEPS}× \`ssh\` via ControlMaster`, fmtMs(a.ssh), ms(ab.ref))}
${row('(a) ratio opsctl / ssh', fmtRatio(a.ratio), `target ≤ 0.25× → **${verdict(a.pass)}**`)}
${row('(a, as shipped) opsctl', fmtMs(a0.opsctl), ms(shipped.one))}
${row('(a, as shipped) ssh', fmtMs(a0.ssh), ms(shipped.ref))}
${row('(a, as shipped) ratio', fmtRatio(a0.ratio), 'no target')}
${row(`(b) opsctl, ${STEPS} steps on ${HOSTS} hosts, \`--concurrency ${HOSTS}\``, fmtMs(b.opsctl), ms(ab.many))}
${row(`(b) speed-up ${HOSTS} × (a) / (b)`, fmtRatio(b.speedup), `target ≥ 10× → **${verdict(b.pass)}**`)}
${row(`opsctl, ${MASTER_STEPS} steps on ${masters.length} masters`, fmtMs(an.opsctl), ms(ab.onMasters))}
${row('ansible-playbook, the same', fmtMs(an.ansible), ms(ab.ans))}
${row('Ansible / opsctl', fmtRatio(an.speedup), `target ≥ 10× → **${verdict(an.pass)}**`)}

Where the time goes (medians; phases from each run's own event timestamps: start-up = process spawn to
\`run.start\` — Node, modules, runbook, inventory, plan; prepare = \`run.start\` to the first \`step.start\` — lock, run
directory, plan, journal, with the SSH connections and first runners opening meanwhile; steps = first \`step.start\` to last
\`step.end\`; tail = to process exit. Client CPU = the process and its children (\`/proc\`); host CPU = what the lab hosts used, by
${hostCpuMethod()}):

${row('', 'wall', 'start-up', 'prepare + connect', 'steps', 'per step', 'tail', 'client CPU', 'host CPU')}
${row('---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:')}
${row('(a) opsctl, 1 host', fmtMs(a.opsctl), fmtMs(one.startup), fmtMs(one.prepare), fmtMs(one.steps), fmtMs(perStep), fmtMs(one.tail), fmtCpu(one.client), fmtCpu(one.server))}
${row(`(a) ${STEPS}× ssh via ControlMaster`, fmtMs(a.ssh), '—', '— (before timing)', fmtMs(a.ssh), fmtMs(perSsh), '—', fmtCpu(ref.client), fmtCpu(ref.server))}
${row('(a) opsctl, the same steps read-only (no step record)', fmtMs(oneRo.ms), fmtMs(oneRo.startup), fmtMs(oneRo.prepare), fmtMs(oneRo.steps), fmtMs(oneRo.steps / STEPS), fmtMs(oneRo.tail), fmtCpu(oneRo.client), fmtCpu(oneRo.server))}
${row('(a, as shipped) opsctl', fmtMs(a0.opsctl), fmtMs(one0.startup), fmtMs(one0.prepare), fmtMs(one0.steps), fmtMs(one0.steps / STEPS), fmtMs(one0.tail), fmtCpu(one0.client), fmtCpu(one0.server))}
${row(`(b) opsctl, ${HOSTS} hosts`, fmtMs(b.opsctl), fmtMs(many.startup), fmtMs(many.prepare), fmtMs(many.steps), `${fmtMs(many.steps / STEPS)} (${HOSTS} hosts)`, fmtMs(many.tail), fmtCpu(many.client), fmtCpu(many.server))}
${row(`opsctl, ${masters.length} masters`, fmtMs(an.opsctl), fmtMs(onM.startup), fmtMs(onM.prepare), fmtMs(onM.steps), fmtMs(onM.steps / MASTER_STEPS), fmtMs(onM.tail), fmtCpu(onM.client), fmtCpu(onM.server))}
${row('ansible-playbook', fmtMs(an.ansible), '—', '—', '—', fmtMs(an.ansible / MASTER_STEPS), '—', fmtCpu(ansCpu.client), fmtCpu(ansCpu.server))}

Derived from the rows above (not separate measurements):

- (a) opsctl spends **${fmtMs(fixed)}** outside its steps (start-up + prepare/connect + tail) — ${((fixed / a.opsctl) * 100).toFixed(0)}% of its wall time —
  and **${fmtMs(perStep)} per step** against **${fmtMs(perSsh)} per \`ssh\` invocation** through the master. Steps alone:
  ${fmtMs(one.steps)} vs ${fmtMs(a.ssh)} = **${fmtRatio(one.steps / a.ssh)}**. The host spent **${fmtMs(one.server / STEPS)} of CPU per opsctl step** (runner, step
  record wrapper, the step's \`sh\`; the connection and runner start included) against **${fmtMs(ref.server / STEPS)} per \`ssh\` command** (session, login shell, command).
  Read-only, the same steps are not wrapped by the step record: ${fmtMs(oneRo.ms)} (${fmtRatio(oneRo.ms / a.ssh)} of the ssh loop), ${fmtMs(oneRo.server / STEPS)} of host CPU per step:
  the record wrapper costs ${fmtMs((one.server - oneRo.server) / STEPS)} of host CPU and ${fmtMs((one.steps - oneRo.steps) / STEPS)} of wall time per step.
- (b) hosts in flight at once (max open steps, lowest of the runs): **${many.maxOpen}**. The run used ${fmtCpu(cpuTotal)} of CPU (client + hosts) in
  ${fmtS(b.opsctl)} of wall time${cpuTotal !== undefined ? `: on ${cores} cores it cannot finish in less than ${fmtS(cpuTotal / cores)} even on an idle machine, i.e. a speed-up of at most ${fmtRatio(b.serial / (cpuTotal / cores))} over ${HOSTS} × (a) here. Per remote command: ${fmtMs(many.client / (STEPS * HOSTS))} client CPU, ${fmtMs(many.server / (STEPS * HOSTS))} host CPU. The ${HOSTS} hosts are processes on this machine's ${cores} cores: what each step costs a host is paid ${HOSTS} times on the same cores` : ''}.
${warnings.size ? `- opsctl printed Node warnings on stderr: ${[...warnings].map(([w, n]) => `“${w.replace(/[`|]/g, "'")}” (${n} runs, warm-up included)`).join('; ')}.\n` : ''}
### (c) 1 GiB fetch

A 1 GiB file of AES-128-CTR keystream under a random key (incompressible; written in ${fmtS(genMs)}, not counted) at
\`/backup/bench-1g.bin\` on master-0 (page-cached for both sides). opsctl: a runbook with one step
\`fetch: { src: /backup/bench-1g.bin, dest: <tmp>/fetched/ }\`, run as in (a) — checked: exit 0, the local file is 1 GiB and its
sha256 matches the source's. Reference: \`scp -q -F <lab>/ssh_config master-0:/backup/bench-1g.bin <tmp>/\` (${opensshVersion()}'s
default: SFTP protocol), checked for size. Each tool with its default cipher. MiB/s = 1024 MiB / wall time of the whole command
(start-up and connection included for both). ${ROUNDS_C.n} rounds, interleaved (opsctl, scp); the received file is deleted after each run.
Measured on the lab as shipped (no login cost).

${row('', 'median wall', 'MiB/s', 'samples (ms)', 'client CPU', 'host CPU')}
${row('---', '---:', '---:', '---', '---:', '---:')}
${row('opsctl `fetch`', fmtMs(cc.opsctl), cc.opsctlRate.toFixed(0), samples(c.opsctl.map((x) => x.ms)), fmtCpu(med(c.opsctl, 'client')), fmtCpu(med(c.opsctl, 'server')))}
${row('`scp`', fmtMs(cc.scp), cc.scpRate.toFixed(0), samples(c.scp.map((x) => x.ms)), fmtCpu(med(c.scp, 'client')), fmtCpu(med(c.scp, 'server')))}
${row('ratio opsctl / scp (MiB/s)', fmtRatio(cc.ratio), '', `target ≥ 0.95× → **${verdict(cc.pass)}**`, '', '')}
${row('diagnostic: opsctl step `durationMs` only (no start-up/connect)', fmtMs(cc.step), cc.stepRate.toFixed(0), samples(c.opsctl.map((x) => x.stepMs)), '', '')}

opsctl's fetch streams \`cat\` over one exec channel while the host runs \`openssl dgst -sha256\` on the same file
(on a step runner), and hashes what arrives (in Node) before writing it to a temp file that is renamed into place
once both hashes match; scp does no end-to-end hash. On this 2-core machine both ends share the same two cores, so
every CPU-second either side spends (the host's extra sha256 pass included) is wall time.
`;
  const causes = [];
  const perStepHost = one.server / STEPS;
  const perStepHostRo = oneRo.server / STEPS;
  if (!a.pass)
    causes.push(
      `SSH (a) ${fmtRatio(a.ratio)} (target ≤ 0.25×): the host's CPU per step. A step costs the host ${fmtMs(perStepHost)} of CPU (runner fork, \`setsid\`, \`sh\`, two \`cat\`, and the step record: \`mkdir\`, a second \`sh\`, two \`tail -f\`) against ${fmtMs(ref.server / STEPS)} for a whole \`ssh\` command with its login; read-only steps, which have no record, cost ${fmtMs(perStepHostRo)} and run ${fmtRatio(oneRo.ms / a.ssh)} of the ssh loop. Outside its steps opsctl spends ${fmtMs(fixed)} (start-up, connection, runner start, exit). ${perStepHost - perStepHostRo > perStepHostRo ? 'The record (what lets resume read an outcome back from the host) is the larger part; making the runner keep the record itself, without the wrapper\'s extra processes, is the change that would close most of the gap.' : 'The runner\'s own chain is the larger part.'}`,
    );
  if (!b.pass)
    causes.push(
      `SSH (b) ${fmtRatio(b.speedup)} speed-up (target ≥ 10×): the ${HOSTS} lab hosts are processes on this machine's ${cores} cores. The ${HOSTS}-host run needs ${fmtCpu(cpuTotal)} of CPU (client + hosts), so it cannot take less than ${fmtS(cpuTotal / cores)} here: at most ${fmtRatio(b.serial / (cpuTotal / cores))} over ${HOSTS} × (a). ${many.maxOpen} hosts were in flight at once: opsctl does not serialise them. On ${HOSTS} real hosts each pays only its own steps.`,
    );
  if (!an.pass)
    causes.push(
      `Ansible ${fmtRatio(an.speedup)} faster (target ≥ 10×): opsctl's ${MASTER_STEPS} steps on ${masters.length} masters take ${fmtMs(onM.steps / MASTER_STEPS)} per step-round (${fmtMs(onM.server / (MASTER_STEPS * masters.length))} of host CPU per step, the same chain as (a)), against Ansible's ${fmtMs(an.ansible / MASTER_STEPS)} per task; opsctl's fixed part is ${fmtMs(onM.startup + onM.prepare + onM.tail)}. The ratio is bounded by the per-step host CPU above.`,
    );
  if (!cc.pass)
    causes.push(
      `SSH (c) fetch ${fmtRatio(cc.ratio)} of scp (target ≥ 0.95×): both ends share ${cores} cores. opsctl's fetch used ${fmtCpu(med(c.opsctl, 'client'))} client + ${fmtCpu(med(c.opsctl, 'server'))} host CPU against scp's ${fmtCpu(med(c.scp, 'client'))} + ${fmtCpu(med(c.scp, 'server'))}: the end-to-end sha256 (on the host and in Node) and ssh2's decryption in the Node process are CPU that scp does not spend.`,
    );
  return { summaryRows, section, causes };
}

function opensshVersion() {
  const v = spawnSync('ssh', ['-V'], { encoding: 'utf8' });
  return (v.stderr || v.stdout || '').trim().split(/[ ,]/)[0] || 'unknown';
}
