// Removes a decommissioned host from named sections of an Ansible INI inventory (OCP 3.11
// 5.2.1.3 step 5: [masters] and [nodes]; 5.2.1.4: [etcd]), leaving every other line as it was.
import { expandHostRange, splitHostPort } from '../inventory/host-pattern.js';
import { newlineOf, result, splitLines, type EditResult, type Line } from './lines.js';

const HEADER = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const HOST_LINE = /^(\s*)(\S+)(.*)$/;

export function removeHostFromGroups(text: string, host: string, groups: string[]): EditResult {
  if (host.trim() === '') throw new Error('the host to remove is empty');
  if (groups.length === 0) throw new Error('no group given to remove the host from');
  const lines = splitLines(text);
  const out: Line[] = [];
  const notes: string[] = [];
  const sections = new Set<string>(['ungrouped']);
  const removed = new Map<string, number[]>();
  let section = 'ungrouped'; // hosts before the first header are Ansible's `ungrouped`
  lines.forEach((line, i) => {
    const header = HEADER.exec(line.body);
    if (header) {
      section = header[1].trim();
      sections.add(section);
      return void out.push(line);
    }
    const m = HOST_LINE.exec(line.body);
    if (!groups.includes(section) || !m || /^[#;]/.test(m[2])) return void out.push(line);
    const [, indent, token, rest] = m;
    const { name, port } = splitHostPort(token);
    if (name === host) return void removed.set(section, [...(removed.get(section) ?? []), i + 1]);
    const expanded = name.includes('[') ? expandHostRange(name) : undefined;
    if (!expanded || !('hosts' in expanded) || !expanded.hosts.includes(host)) return void out.push(line);
    // A range cannot lose one host in place: spell it out without that host.
    const others = expanded.hosts.filter((h) => h !== host);
    const eol = line.eol || newlineOf(lines);
    others.forEach((h, k) => out.push({ body: `${indent}${h}${port === undefined ? '' : `:${port}`}${rest}`, eol: k === others.length - 1 ? line.eol : eol }));
    notes.push(`expanded ${token} in [${section}] (line ${i + 1}) into ${others.length} line${others.length === 1 ? '' : 's'} without ${host}`);
    removed.set(section, removed.get(section) ?? []);
  });
  for (const g of groups) {
    const at = removed.get(g);
    if (at && at.length > 0) notes.push(`removed ${host} from [${g}] (line${at.length === 1 ? '' : 's'} ${at.join(', ')})`);
    else if (!at) notes.push(sections.has(g) ? `${host} is not in [${g}]` : `there is no [${g}] section`);
  }
  return result(text, out, notes);
}
