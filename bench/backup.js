// Backup benchmarks (issue 5) on a one-master lab, measured side by side in one run:
//   (A) `opsctl backup master --host master-0` vs the same commands by hand over one OpenSSH
//       connection (a ControlMaster socket opened, one `ssh` per command, closed): the commands are
//       exactly the ones opsctl ran, taken from its saved plan with the run's captures filled in.
//       Also shown, for context: the source's own command lines (OCP 3.11 5.2.1.1) by hand.
//       Measured twice: on the lab as shipped (root's ~/.bashrc runs for every command sshd runs)
//       and with `SetEnv SHLVL=1` in the lab's sshd_config (bash then skips ~/.bashrc).
//   (B) `opsctl etcd snapshot --host master-0 --fetch-to DIR` of a ~1 GiB etcd database vs
//       `ssh master-0 'etcdctl snapshot save'` + `scp`: end-to-end MiB/s.
// `backupBench()` brings its own lab up and always takes it down; it returns summary rows and a
// section for results.md. bench/run.js calls it once and reports MISS if it throws.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, fmtMs, fmtRatio } from './stats.js';

const ROUNDS_A = { warmup: 1, n: 5 };
const ROUNDS_B = { warmup: 0, n: 2 };
const DB_MIB = 1024; // values of 1 MiB each
const row = (...cells) => `| ${cells.join(' | ')} |`;
const samples = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const fmtLoad = (l) => l.map((x) => x.toFixed(2)).join(' / ');
const mibps = (bytes, ms) => bytes / 2 ** 20 / (ms / 1000);

// Where the wall time of one opsctl run went, from its own event timestamps (same clock as ours).
function phases(r) {
  const evs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const t = (e) => Date.parse(e.ts);
  const start = evs.find((e) => e.type === 'run.start');
  const steps = evs.filter((e) => (e.type === 'step.start' || e.type === 'step.end') && e.durationMs !== 0);
  return { startup: t(start) - r.startedAt, prepare: t(steps[0]) - t(start), steps: t(steps[steps.length - 1]) - t(steps[0]), tail: r.startedAt + r.ms - t(steps[steps.length - 1]) };
}

export async function backupBench({ root, bin, node, work, env }) {
  const loadBefore = loadavg();
  const dir = join(work, 'backup');
  const labDir = join(dir, 'lab');
  mkdirSync(dir, { recursive: true });
  const benchEnv = { ...env };
  delete benchEnv.SSH_AUTH_SOCK;

  function timed(label, cmd, args, { check, timeoutMs = 600_000, input } = {}) {
    const startedAt = Date.now();
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env: benchEnv, encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 256 * 2 ** 20, timeout: timeoutMs, killSignal: 'SIGKILL' });
    const ms = performance.now() - t0;
    const problem = r.error ? String(r.error) : r.status !== 0 ? `exit ${r.status ?? r.signal}` : check?.(r);
    if (problem) throw new Error(`${label} failed: ${problem}\n--- stderr ---\n${(r.stderr ?? '').slice(-3000)}\n--- stdout ---\n${(r.stdout ?? '').slice(-2000)}`);
    return { ms, stdout: r.stdout, stderr: r.stderr, startedAt };
  }

  if (process.getuid?.() !== 0) throw new Error('the lab needs root');
  console.log('Backup: lab up (1 master)');
  const up = spawnSync(node, [bin, 'lab', 'up', '--dir', labDir, '--masters', '1'], { cwd: root, env: benchEnv, encoding: 'utf8', timeout: 120_000 });
  let labIsUp = existsSync(join(labDir, 'lab.json'));
  const cleanup = () => {
    if (labIsUp) spawnSync(node, [bin, 'lab', 'down', '--dir', labDir], { cwd: root, env: benchEnv, timeout: 60_000 });
    labIsUp = false;
  };
  process.prependListener('exit', cleanup);
  try {
    if (up.status !== 0) throw new Error(`opsctl lab up failed: exit ${up.status}\n${up.stderr}`);
    return await measure();
  } finally {
    cleanup();
    process.off('exit', cleanup);
  }

  async function measure() {
    const lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8'));
    const inventory = join(labDir, 'inventory.ini');
    const sshConfig = join(labDir, 'ssh_config');
    const hostRoot = join(labDir, 'hosts', 'master-0', 'root');
    const sock = join(dir, 'cm.sock');
    const cleanBackups = () => {
      for (const f of readdirSync(join(hostRoot, 'backup'))) rmSync(join(hostRoot, 'backup', f), { recursive: true, force: true });
    };
    let states = 0;
    const freshState = () => {
      const s = join(dir, `state-${states++}`);
      mkdirSync(s);
      return s;
    };
    // dist/ is a bundle: the two pure modules this needs are bundled from src/ for the benchmark.
    const { build } = await import('esbuild');
    const helper = join(dir, 'plan-helpers.mjs');
    await build({ stdin: { contents: "export { finishParts } from './src/template/index.ts'; export { planSteps } from './src/plan/walk.ts';", resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile: helper, logLevel: 'warning' });
    const { finishParts, planSteps } = await import(pathToFileURL(helper).href);

    // --- (A) master backup ---------------------------------------------------------------------
    const runBackup = () => {
      cleanBackups();
      const state = freshState();
      const r = timed('opsctl backup master', node, [bin, 'backup', 'master', '--host', 'master-0', '-i', inventory, '--state-dir', state, '-o', 'json'], {
        check: (x) => (/"type":"run.end"[^\n]*"status":"succeeded"/.test(x.stdout) ? undefined : 'run did not succeed'),
      });
      return { ...r, state };
    };
    // The commands opsctl ran, in order: the saved plan's steps with the run's captures filled in.
    const commandsOf = (state) => {
      const runDir = join(state, 'runs', readdirSync(join(state, 'runs'))[0]);
      const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8'));
      const journal = readFileSync(join(runDir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const ran = new Set(journal.filter((e) => e.type === 'step.start').map((e) => e.key));
      const captures = Object.assign({}, ...journal.filter((e) => e.type === 'step.end' && e.captures).map((e) => e.captures));
      const commands = planSteps(plan)
        .filter((s) => ran.has(s.key) && s.host === 'master-0' && 'command' in s.action)
        .map((s) => finishParts(s.action.command, { captures, secrets: {} }));
      return { commands, oldSha: captures.archiveSha256 };
    };
    const cm = ['-F', sshConfig, '-S', sock];
    let scripts = 0;
    // Each command is fed to `sh -s` on the host (the same as opsctl's `sh -c`, without a second
    // layer of quoting). Its output is kept: the sha256 the archive step prints is what an
    // operator checks before removing the directory (opsctl's run had its own archive's).
    const byHand = (commands, { oldSha } = {}) => {
      const out = join(dir, `hand-${scripts++}`);
      mkdirSync(out, { recursive: true });
      const lines = ['set -e', `ssh -F ${shq(sshConfig)} -M -S ${shq(sock)} -o ControlPersist=yes -f -N master-0`];
      commands.forEach((c, i) => {
        const file = join(out, `cmd-${i}.sh`);
        writeFileSync(file, c);
        const ssh = `ssh ${cm.map(shq).join(' ')} master-0 sh -s > ${shq(join(out, `out-${i}.txt`))}`;
        if (oldSha && c.includes(oldSha)) lines.push(`sed "s/${oldSha}/$(cat ${shq(out)}/out-*.txt | grep -o '^[0-9a-f]\\{64\\}' | tail -n 1)/" ${shq(file)} | ${ssh}`);
        else lines.push(`${ssh} < ${shq(file)}`);
      });
      lines.push(`ssh ${cm.map(shq).join(' ')} -O exit master-0 2> /dev/null`);
      return lines.join('\n') + '\n';
    };
    // The source's command lines (5.2.1.1), one `ssh` each, as an operator following it types them.
    const B = 'MYBACKUPDIR=/backup/$(hostname)/$(date +%Y%m%d)';
    const sourceLines = [
      `${B}; mkdir -p \${MYBACKUPDIR}/etc/sysconfig`,
      `${B}; cp -aR /etc/origin \${MYBACKUPDIR}/etc`,
      `${B}; cp -aR /etc/sysconfig/ \${MYBACKUPDIR}/etc/sysconfig/`,
      `${B}; mkdir -p \${MYBACKUPDIR}/etc/pki/ca-trust/source/anchors`,
      `${B}; cp -aR /etc/sysconfig/{iptables,docker-*,flanneld} \${MYBACKUPDIR}/etc/sysconfig/ || true`,
      `${B}; cp -aR /etc/dnsmasq* /etc/cni \${MYBACKUPDIR}/etc/ || true`,
      `${B}; cp -aR /etc/pki/ca-trust/source/anchors/* \${MYBACKUPDIR}/etc/pki/ca-trust/source/anchors/`,
      `${B}; rpm -qa | sort | tee $MYBACKUPDIR/packages.txt`,
      `${B}; find \${MYBACKUPDIR} -mindepth 1 -type f -printf '%P\\n'`,
      `${B}; tar -zcvf /backup/$(hostname)-$(date +%Y%m%d).tar.gz $MYBACKUPDIR`,
      `${B}; rm -Rf \${MYBACKUPDIR}`,
    ];
    const sourceScript = join(dir, 'source-by-hand.sh');
    writeFileSync(
      sourceScript,
      [
        'set -e',
        `ssh -F ${shq(sshConfig)} -M -S ${shq(sock)} -o ControlPersist=yes -f -N master-0`,
        // bash -c: the source's lines use brace expansion
        ...sourceLines.map((c) => `ssh ${cm.map(shq).join(' ')} master-0 ${shq(`bash -c ${shq(c)}`)} > /dev/null`),
        `ssh ${cm.map(shq).join(' ')} -O exit master-0 2> /dev/null`,
      ].join('\n') + '\n',
    );

    const perCommand = () => {
      const probe = join(dir, 'probe.sh');
      writeFileSync(probe, byHand(['true', 'true', 'true', 'true', 'true']));
      const whole = timed('ssh probe', 'bash', [probe]).ms;
      const open = join(dir, 'probe-open.sh');
      writeFileSync(open, byHand([]));
      const openMs = timed('ssh open/close', 'bash', [open]).ms;
      return { perCommand: (whole - openMs) / 5, openMs };
    };

    const variantA = (label) => {
      const first = runBackup();
      const { commands, oldSha } = commandsOf(first.state);
      const refScript = join(dir, `by-hand-${label}.sh`);
      writeFileSync(refScript, byHand(commands, { oldSha }));
      const out = { opsctl: [], hand: [], source: [], phases: [], commands: commands.length };
      for (let i = 0; i < ROUNDS_A.warmup + ROUNDS_A.n; i++) {
        const o = runBackup();
        if (i >= ROUNDS_A.warmup) out.phases.push(phases(o));
        cleanBackups();
        const h = timed('by hand', 'bash', [refScript]);
        if (!readdirSync(join(hostRoot, 'backup')).some((f) => f.endsWith('.tar.gz'))) throw new Error('the by-hand commands made no archive');
        cleanBackups();
        const s = timed('source by hand', 'bash', [sourceScript]);
        cleanBackups();
        if (i >= ROUNDS_A.warmup) {
          out.opsctl.push(o.ms);
          out.hand.push(h.ms);
          out.source.push(s.ms);
        }
        process.stdout.write('.');
      }
      process.stdout.write('\n');
      const pc = [perCommand(), perCommand(), perCommand()];
      out.perCommand = median(pc.map((p) => p.perCommand));
      out.openMs = pc.map((p) => p.openMs);
      return out;
    };

    console.log(`Backup (A): backup master vs the same commands over one ControlMaster connection, ${ROUNDS_A.warmup} warm-up + ${ROUNDS_A.n} measured, interleaved`);
    // Every command sshd runs starts root's login shell; bash reads ~/.bashrc unless SHLVL says it
    // is nested (the lab's sshd_config sets `SetEnv SHLVL=1`; older labs did not: then both).
    const configs = lab.hosts.map((h) => join(labDir, 'hosts', h.name, 'ssh', 'sshd_config'));
    const labSetsEnv = configs.every((c) => /^\s*SetEnv\s+SHLVL=/im.test(readFileSync(c, 'utf8')));
    const variants = [{ label: labSetsEnv ? 'lab as shipped (sshd `SetEnv SHLVL=1`: no ~/.bashrc)' : 'lab as shipped (~/.bashrc runs for every command)', ...variantA('shipped') }];
    if (!labSetsEnv) {
      const logs = lab.hosts.map((h) => join(labDir, 'hosts', h.name, 'root', 'run-lab', 'sshd.log'));
      const listening = (log) => (readFileSync(log, 'utf8').match(/Server listening on /g) ?? []).length;
      const before = logs.map(listening);
      configs.forEach((c) => appendFileSync(c, 'SetEnv SHLVL=1\n'));
      lab.hosts.forEach((h) => process.kill(h.sshd.pid, 'SIGHUP'));
      for (const end = Date.now() + 10_000; !logs.every((l, i) => listening(l) > before[i]); await sleep(20)) {
        if (Date.now() > end) throw new Error('the lab sshd did not come back after SIGHUP');
      }
      variants.push({ label: '`SetEnv SHLVL=1` added (no ~/.bashrc)', ...variantA('no-rc') });
    }
    for (const v of variants) {
      Object.assign(v, { mo: median(v.opsctl), mh: median(v.hand), ms: median(v.source) });
      v.ratio = v.mo / v.mh;
      v.pass = v.ratio <= 1.2;
      console.log(`    (${v.label}) opsctl ${fmtMs(v.mo)}  by hand ${fmtMs(v.mh)}  ratio ${fmtRatio(v.ratio)} (target ≤ 1.2×) ${v.pass ? 'PASS' : 'MISS'}; source's lines by hand ${fmtMs(v.ms)}`);
    }
    const last = variants[variants.length - 1];
    const ph = (k) => fmtMs(median(last.phases.map((p) => p[k])));

    // --- (B) 1 GiB etcd snapshot + fetch --------------------------------------------------------
    console.log(`Backup (B): filling etcd with ${DB_MIB} × 1 MiB values`);
    const e = lab.etcd;
    const etcdctl = `ETCDCTL_API=3 etcdctl --endpoints=${e.endpoints[0]} --cacert=${e.cacert} --cert=${e.cert} --key=${e.key}`;
    const fill = join(dir, 'fill.sh');
    writeFileSync(fill, `set -e\nseq -w 1 ${DB_MIB} | xargs -P 4 -I{} sh -c ${shq(`head -c 1048576 /dev/urandom | ${etcdctl} put /bench/{} > /dev/null`)}\n`);
    const fillMs = timed('fill etcd', 'bash', [fill], { timeoutMs: 1_800_000 }).ms;
    const status = JSON.parse(timed('endpoint status', 'sh', ['-c', `${etcdctl} endpoint status -w json`]).stdout)[0].Status;
    const fetchDir = join(dir, 'fetched');
    const refDir = join(dir, 'scp');
    const snapDir = join(hostRoot, 'var', 'lib', 'etcd');
    const cleanSnaps = () => {
      for (const f of readdirSync(snapDir)) if (f.endsWith('.db') || f.endsWith('.part')) rmSync(join(snapDir, f), { force: true });
      rmSync(fetchDir, { recursive: true, force: true });
      rmSync(refDir, { recursive: true, force: true });
      mkdirSync(refDir, { recursive: true });
    };
    const remote = `ETCDCTL_API=3 etcdctl --cacert /etc/etcd/ca.crt --cert /etc/etcd/peer.crt --key /etc/etcd/peer.key --endpoints ${e.endpoints[0]}`;
    const b = { opsctl: [], ref: [], size: 0, stepMs: {} };
    console.log(`Backup (B): etcd snapshot + fetch vs etcdctl snapshot save + scp, ${ROUNDS_B.n} measured, interleaved`);
    for (let i = 0; i < ROUNDS_B.warmup + ROUNDS_B.n; i++) {
      cleanSnaps();
      const o = timed('opsctl etcd snapshot', node, [bin, 'etcd', 'snapshot', '--host', 'master-0', '--fetch-to', fetchDir, '-i', inventory, '--state-dir', freshState(), '-o', 'json'], {
        check: (x) => (/"type":"run.end"[^\n]*"status":"succeeded"/.test(x.stdout) ? undefined : 'run did not succeed'),
      });
      const size = statSync(join(fetchDir, readdirSync(fetchDir)[0])).size;
      cleanSnaps();
      const r = timed('etcdctl snapshot save + scp', 'sh', [
        '-c',
        `ssh -F ${shq(sshConfig)} master-0 ${shq(`${remote} snapshot save /var/lib/etcd/ref.db > /dev/null 2>&1`)} && scp -q -F ${shq(sshConfig)} master-0:/var/lib/etcd/ref.db ${shq(refDir)}/`,
      ]);
      const refSize = statSync(join(refDir, 'ref.db')).size;
      if (i >= ROUNDS_B.warmup) {
        b.opsctl.push(mibps(size, o.ms));
        b.ref.push(mibps(refSize, r.ms));
        b.size = size;
        for (const l of o.stdout.split('\n').filter(Boolean).map((x) => JSON.parse(x))) {
          if (l.type === 'step.end' && l.durationMs) (b.stepMs[l.stepId] ??= []).push(l.durationMs);
        }
      }
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    cleanSnaps();
    const bo = median(b.opsctl);
    const br = median(b.ref);
    const passB = bo / br >= 0.9;
    console.log(`    opsctl ${bo.toFixed(0)} MiB/s  etcdctl+scp ${br.toFixed(0)} MiB/s  ratio ${fmtRatio(bo / br)} (target ≥ 0.9×) ${passB ? 'PASS' : 'MISS'}`);

    const loadAfter = loadavg();
    const gib = (b.size / 2 ** 30).toFixed(2);
    const summaryRows = [
      ...variants.map((v) => row(`Backup (A) \`backup master\` of one lab host, ${v.label}`, fmtMs(v.mo), `${fmtMs(v.mh)} (the same ${v.commands} commands, \`ssh\` via ControlMaster)`, fmtRatio(v.ratio), '≤ 1.20×', v.pass ? 'PASS' : 'MISS')),
      row(`Backup (B) \`etcd snapshot --fetch-to\` of a ${gib} GiB db`, `${bo.toFixed(0)} MiB/s`, `${br.toFixed(0)} MiB/s (\`etcdctl snapshot save\` + \`scp\`)`, fmtRatio(bo / br), '≥ 0.90×', passB ? 'PASS' : 'MISS'),
    ];
    const stepRows = Object.entries(b.stepMs).map(([id, xs]) => row(`\`${id}\``, fmtMs(median(xs)), samples(xs)));
    const section = `## Backup (A)–(B): on the lab (\`bench/backup.js\`)

Lab: \`opsctl lab up --masters 1\` (master-0 with a one-member TLS etcd, lb-0). Load average at start
${fmtLoad(loadBefore)}, at end ${fmtLoad(loadAfter)}.

### (A) \`opsctl backup master --host master-0\` vs the same commands by hand

opsctl: \`node bin/opsctl.js backup master --host master-0 -i inventory.ini -o json\` (fresh state dir,
\`/backup\` emptied before each run): ${variants[0].commands} remote commands (the preflight assert, copy-files,
packages, verify-files, archive, remove-dir), plus opsctl's start, compile, journal and its own SSH connection.
By hand: those same ${variants[0].commands} commands — taken from the run's saved \`plan.json\` with its captures filled
in, so byte for byte what opsctl sent (only the archive's sha256 that remove-dir checks is the by-hand archive's) —
each as one \`ssh -S SOCK master-0 sh -s < command\`, after opening a ControlMaster connection
(\`ssh -M -f -N\`, counted) and closing it at the end (counted). Context: the source's own
${sourceLines.length} command lines (5.2.1.1, \`MYBACKUPDIR=…; cp -aR …\`, no checks) the same way.
${ROUNDS_A.warmup} warm-up + ${ROUNDS_A.n} measured rounds, interleaved.

Every command sshd runs starts root's login shell; bash reads \`~/.bashrc\` (on this machine \`pyenv init\` …,
about 0.3 s) unless \`SHLVL\` says it is nested. ${labSetsEnv ? 'The lab sets `SetEnv SHLVL=1` in its sshd_config.' : 'The lab as shipped does not set `SetEnv SHLVL=1`; the second row adds it (SIGHUP).'}
Measured per \`ssh\` command through the socket: ${variants.map((v) => `${fmtMs(v.perCommand)} (${v.label})`).join('; ')}. Both sides pay it once per command.

${row('', 'opsctl (median)', 'by hand, same commands', 'ratio', 'source lines by hand', 'samples opsctl / by hand (ms)')}
${row('---', '---:', '---:', '---:', '---:', '---')}
${variants.map((v) => row(v.label, fmtMs(v.mo), fmtMs(v.mh), `**${fmtRatio(v.ratio)}** ${v.pass ? 'PASS' : 'MISS'}`, fmtMs(v.ms), `${samples(v.opsctl)} / ${samples(v.hand)}`)).join('\n')}

Target ≤ 1.2×. Where an opsctl run's wall time went (medians of the measured runs of the last row, from
its own event timestamps): process start to \`run.start\` (Node start, loading commander/zod/yaml,
inventory, runbook and plan compilation, lock, run directory, plan and journal) **${ph('startup')}**;
\`run.start\` to the first step (loading ssh2, SSH handshake, host-key check, authentication)
**${ph('prepare')}**; the ${variants[0].commands} steps **${ph('steps')}**; after the last step **${ph('tail')}**.
By hand the fixed cost is opening the ControlMaster connection (${fmtMs(median(last.openMs))}, with closing it).
The steps cost about what the same commands cost through the socket; the gap is opsctl's fixed
start-up, which a command through a ControlMaster socket does not pay.

### (B) etcd snapshot + fetch of a ${gib} GiB database

etcd filled with ${DB_MIB} values of 1 MiB (random) from this machine (${(fillMs / 1000).toFixed(0)} s; \`endpoint status\` dbSize
${(status.dbSize / 2 ** 20).toFixed(0)} MiB). opsctl: \`etcd snapshot --host master-0 --fetch-to DIR\` (preflight with endpoint health
and free space, \`snapshot save\`, \`snapshot status -w json\` + sha256 + key count, fetch over its ssh2
connection with sha256 on both ends, the fetched sha256 checked). Reference: \`ssh master-0 'etcdctl …
snapshot save /var/lib/etcd/ref.db'\` then \`scp master-0:/var/lib/etcd/ref.db .\` (no verification).
MiB/s = snapshot size / end-to-end wall time. ${ROUNDS_B.n} measured rounds, interleaved.

${row('', 'median', 'samples (MiB/s)')}
${row('---', '---:', '---')}
${row('opsctl etcd snapshot --fetch-to', `${bo.toFixed(0)} MiB/s`, b.opsctl.map((x) => x.toFixed(0)).join(', '))}
${row('etcdctl snapshot save + scp', `${br.toFixed(0)} MiB/s`, b.ref.map((x) => x.toFixed(0)).join(', '))}
${row('ratio', `**${fmtRatio(bo / br)}**`, `target ≥ 0.9× → **${passB ? 'PASS' : 'MISS'}**`)}

Where opsctl's time went (step durations, median of the measured runs):

${row('step', 'median', 'samples (ms)')}
${row('---', '---:', '---')}
${stepRows.join('\n')}
`;
    const pm = (k) => median(last.phases.map((x) => x[k]));
    const causes = variants
      .filter((v) => !v.pass)
      .map(
        (v) =>
          `Backup (A) \`backup master\` ${fmtRatio(v.ratio)} (target ≤ 1.2×): a fixed cost. Before its first step opsctl spends ${fmtMs(pm('startup'))} (Node, modules, inventory, plan, lock, journal) + ${fmtMs(pm('prepare'))} (SSH connection); its ${v.commands} steps take ${fmtMs(pm('steps'))}, about what the same commands take through the ControlMaster socket, whose connection (${fmtMs(median(last.openMs))}) is the by-hand side's only fixed cost.`,
      );
    if (!passB) causes.push(`Backup (B) snapshot + fetch ${fmtRatio(bo / br)} (target ≥ 0.9×): see the step table in the Backup section.`);
    return { summaryRows, section, causes };
  }
}
