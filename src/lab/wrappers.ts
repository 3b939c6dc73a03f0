// The simulated tools on a lab host's PATH: /usr/local/sbin/<tool> is a two-line shell wrapper
// that execs `node dist/lab/tools/<script>.js` with the lab and host baked into its environment.
//
// Contract for every tool script (see docs/lab.md): it runs with
//   OPSCTL_LAB_DIR   the lab directory (lab.json, hosts/, api state)
//   OPSCTL_LAB_HOST  the host it runs on (unset on the operator's machine: <lab>/bin)
//   OPSCTL_LAB_TOOL  the name it was called by (apt-get, apt-mark, yum share pkg.js)
//   OPSCTL_LAB_REAL  for package tools: the real binary to pass other verbs to ('' if none)
// and answers `--lab-info` with one line saying it is an opsctl lab tool.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flavor, Role } from './layout.js';
import { hostRoot } from './layout.js';

// Tool name on PATH → script in dist/lab/tools.
const SCRIPT: Record<string, string> = {
  systemctl: 'systemctl.js',
  'master-restart': 'master-restart.js',
  rpm: 'rpm.js',
  oc: 'oc.js',
  kubectl: 'kubectl.js',
  kubeadm: 'kubeadm.js',
  'apt-get': 'pkg.js',
  'apt-mark': 'pkg.js',
  'apt-cache': 'pkg.js',
  yum: 'pkg.js',
  kubelet: 'kubelet.js',
  etcdutl: 'etcdutl.js',
  reboot: 'reboot.js',
  shutdown: 'reboot.js',
};

// What a real host of that flavour and role has installed.
export function toolsFor(flavor: Flavor, role: Role): string[] {
  const power = ['reboot', 'shutdown'];
  if (flavor === 'ocp311') {
    if (role === 'lb') return ['systemctl', 'rpm', ...power];
    return role === 'master' ? ['systemctl', 'master-restart', 'rpm', 'oc', 'kubectl', ...power] : ['systemctl', 'rpm', 'oc', 'kubectl', ...power];
  }
  if (role === 'lb') return ['systemctl', ...power];
  const node = ['systemctl', 'kubectl', 'kubeadm', 'kubelet', 'apt-get', 'apt-mark', 'apt-cache', 'yum', ...power];
  // Control-plane nodes play etcd ≥ 3.5 hosts: etcdutl for snapshot files (etcd 3.6 dropped
  // `etcdctl snapshot status|restore`); OCP 3.11 hosts have etcdctl only.
  return role === 'master' ? [...node, 'etcdutl'] : node;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function renderWrapper(tool: string, opts: { labDir: string; host?: string; toolsDir: string; node: string; kubeconfig?: string }): string {
  const script = join(opts.toolsDir, SCRIPT[tool]);
  const real = ['apt-get', 'apt-mark', 'apt-cache', 'yum'].includes(tool) ? [`/usr/bin/${tool}`].find(existsSync) ?? '' : undefined;
  const env = [
    `OPSCTL_LAB_DIR=${quote(opts.labDir)}`,
    ...(opts.host ? [`OPSCTL_LAB_HOST=${quote(opts.host)}`] : []),
    `OPSCTL_LAB_TOOL=${quote(tool)}`,
    ...(real !== undefined ? [`OPSCTL_LAB_REAL=${quote(real)}`] : []),
    ...(opts.kubeconfig ? [`KUBECONFIG=\${KUBECONFIG:-${quote(opts.kubeconfig)}}`] : []),
  ];
  // One line per call in <lab>/calls.log (host, tool, arguments), appended in the order calls
  // happen on every host: what tests check the order of an upgrade's package and kubeadm calls by.
  const calls = quote(join(opts.labDir, 'calls.log'));
  return `#!/bin/sh
# opsctl lab tool: ${tool} (simulated) ${opts.host ? `on ${opts.host}` : 'for the operator'} — lab ${opts.labDir}
[ -f ${quote(script)} ] || { echo "${tool}: opsctl lab tool ${script} is missing (run npm run build)" >&2; exit 127; }
${env.map((e) => `export ${e}`).join('\n')}
printf '%s %s %s\\n' ${quote(opts.host ?? '-')} ${quote(tool)} "$*" >> ${calls} 2>/dev/null || true
exec ${quote(opts.node)} ${quote(script)} "$@"
`;
}

export function installHostTools(labDir: string, host: string, flavor: Flavor, role: Role, toolsDir: string): void {
  for (const tool of toolsFor(flavor, role)) installHostTool(labDir, host, tool, toolsDir);
}

// One tool on one host; also how a test makes a host of another kind (an OCP 3.11 master with
// the etcdutl stand-in, so one restore runs both the etcdutl and the etcdctl path).
export function installHostTool(labDir: string, host: string, tool: string, toolsDir: string): void {
  const path = join(hostRoot(labDir, host), '/usr/local/sbin', tool);
  writeFileSync(path, renderWrapper(tool, { labDir, host, toolsDir, node: process.execPath }));
  chmodSync(path, 0o755);
}

// <lab>/bin: oc and kubectl for the operator's machine (steps `on: local`), aimed at the lab's API.
export function installOperatorTools(labDir: string, flavor: Flavor, toolsDir: string, kubeconfig: string): void {
  const dir = join(labDir, 'bin');
  mkdirSync(dir, { recursive: true });
  for (const tool of flavor === 'ocp311' ? ['oc', 'kubectl'] : ['kubectl']) {
    const path = join(dir, tool);
    writeFileSync(path, renderWrapper(tool, { labDir, toolsDir, node: process.execPath, kubeconfig }));
    chmodSync(path, 0o755);
  }
}
