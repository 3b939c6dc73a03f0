// apt-get / apt-mark / apt-cache for the Kubernetes packages on a lab host: install and
// upgrade with apt's holds (`apt-mark hold kubeadm` blocks a change unless
// --allow-change-held-packages), downgrades, missing versions, and apt's wording and exit codes.
import { readSync } from 'node:fs';
import { ToolError } from '../cli/errors.js';
import { readHostState, updateHostState } from './host-state.js';
import { out } from '../cli/io.js';
import { applyChanges, resolveRequests, type Change, type Request } from './plan.js';
import { availableVersions, hostRepo, KUBE_PACKAGES, type Repo } from './repo.js';
import type { LabEnv } from '../store/paths.js';

const READING = 'Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n';

interface AptOptions {
  yes: boolean;
  allowHeld: boolean;
  allowDowngrades: boolean;
  words: string[];
}

function aptOptions(argv: string[]): AptOptions {
  const words: string[] = [];
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '-t' || a === '-c') i++;
    else if (a.startsWith('--')) flags.add(a.split('=')[0]);
    else if (a.startsWith('-')) for (const ch of a.slice(1)) flags.add(`-${ch}`);
    else words.push(a);
  }
  return {
    yes: ['-y', '--yes', '--assume-yes'].some((f) => flags.has(f)),
    allowHeld: flags.has('--allow-change-held-packages'),
    allowDowngrades: flags.has('--allow-downgrades') || flags.has('--force-yes'),
    words,
  };
}

function prompt(): boolean {
  out('Do you want to continue? [Y/n] ');
  const buf = Buffer.alloc(64);
  let n = 0;
  try {
    n = readSync(0, buf, 0, buf.length, null);
  } catch {
    n = 0;
  }
  const answer = buf.subarray(0, n).toString().trim();
  if (n === 0) out('\n');
  return n > 0 && (answer === '' || /^y/i.test(answer));
}

function transaction(changes: Change[], notUpgraded: number): string {
  const held = changes.filter((c) => c.held);
  const upgraded = changes.filter((c) => c.from && !c.downgrade);
  const downgraded = changes.filter((c) => c.downgrade);
  const fresh = changes.filter((c) => !c.from);
  const list = (title: string, cs: Change[]) => (cs.length ? `${title}\n  ${cs.map((c) => c.pkg).join(' ')}\n` : '');
  let text = list('The following held packages will be changed:', held) + list('The following NEW packages will be installed:', fresh) + list('The following packages will be upgraded:', upgraded) + list('The following packages will be DOWNGRADED:', downgraded);
  text += `${upgraded.length} upgraded, ${fresh.length} newly installed, ${downgraded.length} downgraded, 0 to remove and ${notUpgraded} not upgraded.\n`;
  return text + `Need to get ${(changes.length * 10.1).toFixed(1)} MB of archives.\nAfter this operation, 0 B of additional disk space will be used.\n`;
}

function unpack(repo: Repo, changes: Change[]): string {
  const gets = changes.map((c, i) => `Get:${i + 1} ${repo.url}  ${c.pkg} amd64 ${c.to} [10.1 MB]\n`).join('');
  const steps = changes.map((c) => `Preparing to unpack .../${c.pkg}_${c.to}_amd64.deb ...\nUnpacking ${c.pkg} (${c.to})${c.from ? ` over (${c.from})` : ''} ...\n`).join('');
  const setup = changes.map((c) => `Setting up ${c.pkg} (${c.to}) ...\n`).join('');
  return `${gets}Fetched ${(changes.length * 10.1).toFixed(1)} MB in 1s (10.1 MB/s)\n(Reading database ... 41234 files and directories currently installed.)\n${steps}${setup}`;
}

function parseRequests(words: string[]): Request[] {
  return words.map((spec) => {
    const eq = spec.indexOf('=');
    return eq < 0 ? { pkg: spec, spec } : { pkg: spec.slice(0, eq), version: spec.slice(eq + 1), spec };
  });
}

function install(lab: LabEnv, host: string, opts: AptOptions, requests: Request[], upgradeMode: boolean): void {
  const repo = hostRepo(lab.labDir, host, 'deb');
  updateHostState(lab.labDir, host, (state) => {
    const r = resolveRequests(state, repo, requests);
    out(READING);
    for (const u of r.unknownPackage) throw new ToolError(`E: Unable to locate package ${u.pkg}`, 100);
    for (const u of r.unknownVersion) throw new ToolError(`E: Version '${u.version}' for '${u.pkg}' was not found`, 100);
    let text = '';
    for (const c of r.current) text += `${c.pkg} is already the newest version (${c.version}).\n`;
    let changes = r.changes;
    // `apt-get upgrade` keeps held packages back instead of failing.
    const kept = upgradeMode ? changes.filter((c) => c.held) : [];
    if (kept.length) {
      text += `The following packages have been kept back:\n  ${kept.map((c) => c.pkg).join(' ')}\n`;
      changes = changes.filter((c) => !c.held);
    }
    if (changes.length === 0) {
      out(`${text}0 upgraded, 0 newly installed, 0 to remove and ${kept.length} not upgraded.\n`);
      return;
    }
    out(text + transaction(changes, kept.length));
    if (changes.some((c) => c.held) && !opts.allowHeld && opts.yes) throw new ToolError('E: Held packages were changed and -y was used without --allow-change-held-packages.', 100);
    if (changes.some((c) => c.downgrade) && !opts.allowDowngrades && opts.yes) throw new ToolError('E: Packages were downgraded and -y was used without --allow-downgrades.', 100);
    if (!opts.yes && !prompt()) throw new ToolError('Abort.', 1);
    applyChanges(state, changes);
    out(unpack(repo, changes));
  });
}

function mark(lab: LabEnv, host: string, words: string[]): void {
  const [verb, ...pkgs] = words;
  if (verb === 'showhold') {
    const state = readHostState(lab.labDir, host);
    out(Object.entries(state.packages).filter(([, p]) => p.held).map(([n]) => `${n}\n`).join(''));
    return;
  }
  if (verb !== 'hold' && verb !== 'unhold') throw new ToolError(`E: Invalid operation ${verb ?? ''}`, 100);
  updateHostState(lab.labDir, host, (state) => {
    for (const pkg of pkgs) {
      const p = state.packages[pkg];
      if (!p) throw new ToolError(`E: Unable to locate package ${pkg}`, 100);
      const want = verb === 'hold';
      out(p.held === want ? `${pkg} was already ${want ? 'set on hold' : 'not on hold'}.\n` : want ? `${pkg} set on hold.\n` : `Canceled hold on ${pkg}.\n`);
      p.held = want;
    }
  });
}

function cache(lab: LabEnv, host: string, words: string[]): void {
  const [verb, ...pkgs] = words;
  const repo = hostRepo(lab.labDir, host, 'deb');
  if (verb === 'madison') {
    for (const pkg of pkgs) for (const v of availableVersions(repo, pkg).reverse()) out(`${pkg.padStart(10)} | ${v} | ${repo.url}  Packages\n`);
    return;
  }
  if (verb === 'policy') {
    const state = readHostState(lab.labDir, host);
    for (const pkg of pkgs) {
      const all = availableVersions(repo, pkg);
      const installed = state.packages[pkg]?.version;
      out(`${pkg}:\n  Installed: ${installed ?? '(none)'}\n  Candidate: ${all.at(-1) ?? '(none)'}\n  Version table:\n`);
      for (const v of [...all].reverse()) out(` ${v === installed ? '***' : '   '} ${v} 500\n        500 ${repo.url}  Packages\n`);
    }
    return;
  }
  throw new ToolError(`E: Invalid operation ${verb ?? ''}`, 100);
}

export function runApt(tool: string, lab: LabEnv, host: string, argv: string[]): void {
  const opts = aptOptions(argv);
  if (tool === 'apt-mark') return mark(lab, host, opts.words);
  if (tool === 'apt-cache') return cache(lab, host, opts.words);
  const [verb, ...rest] = opts.words;
  if (verb === 'update') {
    out(`Hit:1 ${hostRepo(lab.labDir, host, 'deb').url}  InRelease\nReading package lists... Done\n`);
    return;
  }
  if (verb === 'install') return install(lab, host, opts, parseRequests(rest), false);
  if (verb === 'upgrade' || verb === 'dist-upgrade' || verb === 'full-upgrade') {
    const pkgs = rest.length ? rest : KUBE_PACKAGES;
    return install(lab, host, opts, parseRequests(pkgs), true);
  }
  if (verb === 'policy' || verb === 'madison') return cache(lab, host, opts.words);
  throw new ToolError(`E: Invalid operation ${verb ?? ''}`, 100);
}
