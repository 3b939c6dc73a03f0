// What `opsctl relay` lets a source host's archive create on the other hosts: only the paths it
// was asked for (and what is under them), as plain files, directories and links that stay inside
// them — no absolute or `..` names, no links out, no devices, no setuid bits. Pure.
import { posix } from 'node:path';
import type { TarEntry } from './tar-list.js';

const ALLOWED_TYPES = new Set(['0', '7', '1', '2', '5']);

// Every reason the archive cannot be extracted; [] when it can. `roots` are the requested paths
// without their leading `/` (`etc/etcd/ca`), as `tar -C /` stores them.
export function checkRelayEntries(entries: TarEntry[], roots: string[]): string[] {
  const problems: string[] = [];
  const inRoots = (p: string) => roots.some((r) => p === r || p.startsWith(`${r}/`));
  const seen = new Set<string>();
  for (const e of entries) {
    const shown = JSON.stringify(e.path);
    const path = normalize(e.path);
    if (path === undefined) problems.push(`${shown}: absolute or with ".." (only paths under ${roots.map((r) => `/${r}`).join(', ')} are accepted)`);
    else if (!inRoots(path)) problems.push(`${shown}: not one of the requested paths`);
    else if (!ALLOWED_TYPES.has(e.type)) problems.push(`${shown}: a ${typeName(e.type)}, not a file, directory or link`);
    else if (e.mode & 0o7000) problems.push(`${shown}: has the setuid, setgid or sticky bit (mode ${e.mode.toString(8)})`);
    else if (e.type === '2' && !linkStaysInside(path, e.linkPath, inRoots)) problems.push(`${shown}: a symlink to ${JSON.stringify(e.linkPath)}, outside the requested paths`);
    else if (e.type === '1' && !(normalize(e.linkPath) !== undefined && inRoots(normalize(e.linkPath)!) && seen.has(normalize(e.linkPath)!))) {
      problems.push(`${shown}: a hard link to ${JSON.stringify(e.linkPath)}, not a file earlier in the archive`);
    }
    if (path !== undefined) seen.add(path);
  }
  return problems;
}

// `./a//b/` → `a/b`; undefined for an absolute name or one that climbs with `..`.
function normalize(name: string): string | undefined {
  if (name.startsWith('/')) return undefined;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || parts.length === 0) return undefined;
  return parts.join('/');
}

function linkStaysInside(path: string, target: string, inRoots: (p: string) => boolean): boolean {
  if (target === '') return false;
  const resolved = target.startsWith('/') ? posix.normalize(target).slice(1) : posix.normalize(posix.join(posix.dirname(path), target));
  return !resolved.startsWith('..') && inRoots(resolved);
}

function typeName(type: string): string {
  return { '3': 'character device', '4': 'block device', '6': 'fifo' }[type] ?? `entry of type ${JSON.stringify(type)}`;
}
