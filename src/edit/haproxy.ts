// Takes a decommissioned master out of the load balancer (OCP 3.11 5.2.1.3 step 2): its `server`
// lines go from every backend and listen section of /etc/haproxy/haproxy.cfg.
import { result, splitLines, type EditResult } from './lines.js';

const SECTIONS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen', 'peers', 'resolvers', 'userlist', 'mailers', 'program', 'http-errors', 'ring', 'cache']);

export interface HaproxyServer {
  /** `backend atomic-openshift-api`, `listen stats`. */
  section: string;
  name: string;
  address: string;
  /** 1-based line number. */
  line: number;
}

// `server <name> <address>[:port] ...` lines of backend/listen sections, in file order.
export function listServers(text: string): HaproxyServer[] {
  const out: HaproxyServer[] = [];
  let section = '';
  splitLines(text).forEach((l, i) => {
    const words = l.body.trim().split(/\s+/);
    if (SECTIONS.has(words[0])) section = words.slice(0, 2).join(' ');
    else if (words[0] === 'server' && /^(backend|listen) /.test(section) && words.length >= 3) {
      out.push({ section, name: words[1], address: words[2], line: i + 1 });
    }
  });
  return out;
}

// The host part of `10.0.0.10:8443`, `ipv4@master-0:8443`, `[fd00::1]:8443`.
export function addressHost(address: string): string {
  const a = address.replace(/^(ipv4|ipv6)@/, '');
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const colon = a.lastIndexOf(':');
  return colon > 0 && /^\d*$/.test(a.slice(colon + 1)) && a.indexOf(':') === colon ? a.slice(0, colon) : a;
}

// Matches the server's name or its address host, so either the inventory name or the IP works.
export function removeServer(text: string, server: string): EditResult {
  if (server.trim() === '') throw new Error('the server to remove is empty');
  const all = listServers(text);
  const gone = all.filter((s) => s.name === server || addressHost(s.address) === server);
  const drop = new Set(gone.map((s) => s.line));
  const lines = splitLines(text).filter((_, i) => !drop.has(i + 1));
  if (gone.length === 0) return result(text, lines, [`no server named or at "${server}" in any backend or listen section; unchanged`]);
  const notes = gone.map((s) => `removed server ${s.name} (${s.address}) from ${s.section} (line ${s.line})`);
  for (const section of new Set(gone.map((s) => s.section))) {
    if (!all.some((s) => s.section === section && !drop.has(s.line))) notes.push(`warning: ${section} has no servers left`);
  }
  return result(text, lines, notes);
}
