// The systemd units a lab host has, by flavour and role, and their recorded state. Only etcd (and
// the kubelet of a kubeadm control plane) run for real; the others are state kept in a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic.js';
import type { HostContext } from './host-context.js';

export type UnitKind = 'etcd' | 'haproxy' | 'kubelet' | 'state';

export interface Unit {
  name: string;
  description: string;
  unitFile: string;
  kind: UnitKind;
}

const RHEL = '/usr/lib/systemd/system';
const DEB = '/lib/systemd/system';

export function unitsOf(ctx: HostContext): Unit[] {
  const role = ctx.entry.role;
  const u = (name: string, description: string, kind: UnitKind = 'state', dir = RHEL): Unit => ({ name, description, kind, unitFile: `${dir}/${name}.service` });
  if (role === 'lb') return [u('haproxy', 'HAProxy Load Balancer', 'haproxy', ctx.flavor === 'ocp311' ? RHEL : DEB)];
  if (ctx.flavor === 'kubeadm') {
    return [u('kubelet', 'kubelet: The Kubernetes Node Agent', role === 'master' ? 'kubelet' : 'state', DEB), u('containerd', 'containerd container runtime', 'state', DEB)];
  }
  const node = [
    { ...u('atomic-openshift-node', 'OpenShift Node'), unitFile: '/etc/systemd/system/atomic-openshift-node.service' },
    u('docker', 'Docker Application Container Engine'),
    u('flanneld', 'Flanneld overlay address etcd agent'),
    u('dnsmasq', 'DNS caching server.'),
    u('iptables', 'IPv4 firewall with iptables'),
  ];
  return role === 'master' ? [u('etcd', 'Etcd Server', 'etcd'), ...node] : node;
}

// `etcd`, `etcd.service` → the unit; anything else is not found, as on a host without it.
export function findUnit(ctx: HostContext, arg: string): Unit | undefined {
  const name = arg.replace(/\.service$/, '');
  return unitsOf(ctx).find((x) => x.name === name);
}

export interface UnitRecord {
  /** What was last asked of it; a real daemon that is not running while `started` has failed. */
  wanted: 'started' | 'stopped' | 'failed';
  enabled: boolean;
  since: string;
  restarts: number;
}

type UnitTable = Record<string, UnitRecord>;
const tableFile = (ctx: HostContext) => join(ctx.runDir, 'units.json');

export function readUnits(ctx: HostContext): UnitTable {
  try {
    return JSON.parse(readFileSync(tableFile(ctx), 'utf8')) as UnitTable;
  } catch {
    return {};
  }
}

// Units the lab never touched are running and enabled since the lab started, like a booted host.
export function unitRecord(ctx: HostContext, unit: string): UnitRecord {
  return readUnits(ctx)[unit] ?? { wanted: 'started', enabled: true, since: labStart(ctx), restarts: 0 };
}

export function saveUnitRecord(ctx: HostContext, unit: string, change: Partial<UnitRecord>): UnitRecord {
  const table = readUnits(ctx);
  const next = { ...unitRecord(ctx, unit), ...change };
  writeFileAtomic(tableFile(ctx), JSON.stringify({ ...table, [unit]: next }, null, 2) + '\n', 0o644);
  return next;
}

function labStart(ctx: HostContext): string {
  try {
    return (JSON.parse(readFileSync(join(ctx.labDir, 'lab.json'), 'utf8')) as { createdAt: string }).createdAt;
  } catch {
    return new Date().toISOString();
  }
}
