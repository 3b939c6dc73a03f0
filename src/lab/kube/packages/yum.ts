// yum / dnf for the Kubernetes packages on a lab host: `yum install -y kubeadm-1.29.3
// --disableexcludes=kubernetes` and `yum list --showduplicates`. A repo file with `exclude=`
// hides the packages unless --disableexcludes says otherwise, as on a real host.
import { readSync } from 'node:fs';
import { ToolError } from '../cli/errors.js';
import { readHostState, updateHostState } from './host-state.js';
import { out } from '../cli/io.js';
import { applyChanges, resolveRequests, type Request } from './plan.js';
import { availableVersions, hostRepo, KUBE_PACKAGES } from './repo.js';
import type { LabEnv } from '../store/paths.js';

const KNOWN = [...KUBE_PACKAGES, 'kubernetes-cni', 'cri-tools'];

// `kubeadm-1.29.3`, `kubelet-1.29.3-150500.1.1`, `kubectl-'1.29.3-*'`, `kubeadm`.
function parseSpec(spec: string): Request {
  const name = KNOWN.filter((k) => spec === k || spec.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0];
  if (!name || spec === name) return { pkg: name ?? spec, spec };
  return { pkg: name, version: spec.slice(name.length + 1).replace(/^'(.*)'$/, '$1'), spec };
}

function confirmed(): boolean {
  out('Is this ok [y/d/N]: ');
  const buf = Buffer.alloc(64);
  let n = 0;
  try {
    n = readSync(0, buf, 0, buf.length, null);
  } catch {
    n = 0;
  }
  return /^y/i.test(buf.subarray(0, n).toString().trim());
}

export function runYum(tool: 'yum' | 'dnf', lab: LabEnv, host: string, argv: string[]): void {
  const words = argv.filter((a) => !a.startsWith('-'));
  const yes = argv.some((a) => a === '-y' || a === '--assumeyes');
  const disabled = argv.flatMap((a) => (a.startsWith('--disableexcludes=') ? a.slice(18).split(',') : []));
  const repo = hostRepo(lab.labDir, host, 'rpm');
  const hidden = (pkg: string) => !disabled.includes('kubernetes') && !disabled.includes('all') && repo.excluded.some((e) => pkg.startsWith(e));
  const [verb, ...rest] = words;
  if (verb === 'list') {
    const named = rest.filter((w) => !['installed', 'available', 'all', 'updates'].includes(w));
    const pkgs = named.length ? named : KNOWN;
    const state = readHostState(lab.labDir, host);
    out('Installed Packages\n');
    for (const p of pkgs) if (state.packages[p]) out(`${`${p}.x86_64`.padEnd(28)}${state.packages[p].version.padEnd(24)}@kubernetes\n`);
    out('Available Packages\n');
    for (const p of pkgs.filter((x) => !hidden(x))) for (const v of availableVersions(repo, p)) out(`${`${p}.x86_64`.padEnd(28)}${v.padEnd(24)}kubernetes\n`);
    return;
  }
  if (verb !== 'install' && verb !== 'update' && verb !== 'upgrade') throw new ToolError(`No such command: ${verb ?? ''}. Please use /usr/bin/${tool} --help`, 1);
  const requests = rest.map(parseSpec);
  const visible = requests.filter((r) => !hidden(r.pkg));
  const missing = requests.filter((r) => hidden(r.pkg));
  updateHostState(lab.labDir, host, (state) => {
    const r = resolveRequests(state, repo, visible);
    const notFound = [...missing, ...r.unknownPackage, ...r.unknownVersion];
    if (notFound.length) {
      throw new ToolError(tool === 'dnf' ? `Error: Unable to find a match: ${notFound.map((n) => n.spec).join(' ')}` : `${notFound.map((n) => `No package ${n.spec} available.`).join('\n')}\nError: Nothing to do`, 1);
    }
    for (const c of r.current) out(`Package ${c.pkg}-${c.version}.x86_64 already installed and latest version\n`);
    if (r.changes.length === 0) {
      out('Nothing to do\n');
      return;
    }
    out('Resolving Dependencies\n--> Running transaction check\n');
    for (const c of r.changes) {
      if (c.from) out(`---> Package ${c.pkg}.x86_64 0:${c.from} will be ${c.downgrade ? 'a downgrade' : 'updated'}\n`);
      out(`---> Package ${c.pkg}.x86_64 0:${c.to} will be ${c.from ? (c.downgrade ? 'a downgrade' : 'an update') : 'installed'}\n`);
    }
    out(`--> Finished Dependency Resolution\n\nTransaction Summary\n================================================================================\n${r.changes.some((c) => c.from) ? 'Upgrade' : 'Install'}  ${r.changes.length} Package(s)\n\n`);
    if (!yes && !confirmed()) throw new ToolError('Exiting on user command\nYour transaction was saved, rerun it with:\n yum load-transaction /tmp/yum_save_tx.lab.yumtx', 1);
    applyChanges(state, r.changes);
    out(`Running transaction\n${r.changes.map((c) => `  ${c.from ? 'Updating' : 'Installing'}   : ${c.pkg}-${c.to}.x86_64\n`).join('')}\n${r.changes.some((c) => c.from) ? 'Updated' : 'Installed'}:\n  ${r.changes.map((c) => `${c.pkg}.x86_64 0:${c.to}`).join(' ')}\n\nComplete!\n`);
  });
}
