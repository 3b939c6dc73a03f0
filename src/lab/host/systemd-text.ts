// What systemctl prints, in the two dialects the lab's hosts speak: RHEL 7 (systemd 219) on
// OpenShift 3.11 hosts and a current systemd on kubeadm (Debian/Ubuntu) hosts.
import type { Unit } from './units.js';

export type Dialect = 'rhel7' | 'modern';

export function jobFailed(dialect: Dialect, unit: string): string {
  return dialect === 'rhel7'
    ? `Job for ${unit}.service failed because the control process exited with error code. See "systemctl status ${unit}.service" and "journalctl -xe" for details.\n`
    : `Job for ${unit}.service failed because the control process exited with error code.\nSee "systemctl status ${unit}.service" and "journalctl -xeu ${unit}.service" for details.\n`;
}

export const notFound = (verb: string, unit: string): string =>
  verb === 'stop' ? `Failed to stop ${unit}.service: Unit ${unit}.service not loaded.\n` : `Failed to ${verb} ${unit}.service: Unit ${unit}.service not found.\n`;

export function enabledMessage(dialect: Dialect, unit: Unit, enable: boolean): string {
  const link = `/etc/systemd/system/multi-user.target.wants/${unit.name}.service`;
  if (!enable) return dialect === 'rhel7' ? `Removed symlink ${link}.\n` : `Removed "${link}".\n`;
  return dialect === 'rhel7' ? `Created symlink from ${link} to ${unit.unitFile}.\n` : `Created symlink ${link} → ${unit.unitFile}.\n`;
}

// `Sat 2025-11-22 13:05:01 UTC; 2min 3s ago`
export function sinceText(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const day = d.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
  const stamp = d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  let s = Math.max(0, Math.floor((now - d.getTime()) / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3600], ['min', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (parts.length < 2) parts.push(`${s}s`);
  return `${day} ${stamp}; ${parts.join(' ')} ago`;
}

export interface StatusView {
  unit: Unit;
  active: 'active' | 'inactive' | 'failed';
  enabled: boolean;
  since: string;
  pid?: number;
  command?: string;
  journal: string[];
}

export function renderStatus(dialect: Dialect, v: StatusView): string {
  const w = dialect === 'rhel7' ? 9 : 11;
  const label = (s: string) => `${s}:`.padStart(w + 1);
  const preset = dialect === 'rhel7' ? 'disabled' : 'enabled';
  const sub = v.active === 'active' ? 'active (running)' : v.active === 'failed' ? 'failed (Result: exit-code)' : 'inactive (dead)';
  const bullet = dialect === 'modern' && v.active === 'inactive' ? '○' : '●';
  const lines = [
    `${bullet} ${v.unit.name}.service - ${v.unit.description}`,
    `${label('Loaded')} loaded (${v.unit.unitFile}; ${v.enabled ? 'enabled' : 'disabled'}; vendor preset: ${preset})`,
    `${label('Active')} ${sub} since ${sinceText(v.since)}`,
  ];
  if (v.pid && v.active === 'active') {
    const name = (v.command ?? v.unit.name).split('/').pop();
    lines.push(`${label('Main PID')} ${v.pid} (${name})`, `${label('CGroup')} /system.slice/${v.unit.name}.service`, `${' '.repeat(w + 2)}└─${v.pid} ${v.command ?? v.unit.name}`);
  }
  if (v.journal.length > 0) lines.push('', ...v.journal);
  return lines.join('\n') + '\n';
}
