// Edits of env files such as /etc/etcd/etcd.conf and /etc/sysconfig/flanneld: set or unset a
// KEY, or drop one member from a list value like ETCD_INITIAL_CLUSTER (OCP 3.11 5.2.1.4).
import { formatValue, isEnvKey, parseAssignment, renderAssignment, type Assignment } from './env-line.js';
import { appendLine, result, splitLines, type EditResult, type Line } from './lines.js';

// Lines (0-based) that assign `key`; a line opsctl cannot rewrite safely is an error, not a skip.
function assignments(lines: Line[], key: string): Array<[number, Assignment]> {
  if (!isEnvKey(key)) throw new Error(`"${key}" is not a valid variable name`);
  const out: Array<[number, Assignment]> = [];
  lines.forEach((l, i) => {
    const a = parseAssignment(l.body);
    if (!a || a.key !== key) return;
    if ('problem' in a) throw new Error(`line ${i + 1}: ${a.problem}; edit it by hand`);
    out.push([i, a]);
  });
  return out;
}

const lineList = (ns: number[]) => `line${ns.length === 1 ? '' : 's'} ${ns.join(', ')}`;

// Every uncommented line setting the key is updated, so no stale copy is left for a reader.
export function setEnv(text: string, values: Record<string, string>): EditResult {
  let lines = splitLines(text);
  const notes: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const found = assignments(lines, key);
    if (found.length === 0) {
      lines = appendLine(lines, `${key}=${formatValue(value, '')}`);
      notes.push(`added ${key} at the end (it was not set)`);
      continue;
    }
    const changed = found.filter(([, a]) => a.value !== value).map(([i]) => i);
    for (const [i, a] of found) if (changed.includes(i)) lines[i] = { ...lines[i], body: renderAssignment(a, value) };
    notes.push(
      changed.length > 0
        ? `set ${key} on ${lineList(changed.map((i) => i + 1))}`
        : `${key} already has that value (${lineList(found.map(([i]) => i + 1))}); unchanged`,
    );
  }
  return result(text, lines, notes);
}

// Drops every uncommented line setting each key (not only the last), so none is left to win.
export function unsetEnv(text: string, keys: string[]): EditResult {
  let lines = splitLines(text);
  const notes: string[] = [];
  for (const key of keys) {
    const drop = new Set(assignments(lines, key).map(([i]) => i));
    notes.push(drop.size > 0 ? `removed ${key} (${lineList([...drop].map((i) => i + 1))})` : `${key} is not set; nothing to remove`);
    lines = lines.filter((_, i) => !drop.has(i));
  }
  return result(text, lines, notes);
}

// `item` matches an element equal to it, whose name (before the first `=`) is it
// (`master-2.example.com=https://...:2380`), or whose URL host is it (`https://master-2.example.com:2379`).
export function removeFromList(text: string, key: string, item: string, sep = ','): EditResult {
  if (item.trim() === '') throw new Error(`the item to remove from ${key} is empty`);
  if (sep === '') throw new Error('the list separator is empty');
  const lines = splitLines(text);
  const found = assignments(lines, key);
  if (found.length === 0) return result(text, lines, [`${key} is not set; nothing to remove`]);
  const notes: string[] = [];
  for (const [i, a] of found) {
    const parts = a.value.split(sep);
    const keep = parts.filter((p) => !matchesItem(p, item));
    if (keep.length === parts.length) {
      notes.push(`"${item}" is not in ${key} (line ${i + 1}); unchanged`);
      continue;
    }
    if (keep.length > 0 && keep[0] !== parts[0]) keep[0] = keep[0].trimStart();
    const removed = parts.filter((p) => matchesItem(p, item)).map((p) => p.trim());
    lines[i] = { ...lines[i], body: renderAssignment(a, keep.join(sep)) };
    notes.push(`removed ${removed.join(', ')} from ${key} (line ${i + 1})`);
    if (keep.every((p) => p.trim() === '')) notes.push(`${key} is now empty (line ${i + 1})`);
  }
  return result(text, lines, notes);
}

// Exported for the compiler/tests: does a list element name the member `item`?
export function matchesItem(element: string, item: string): boolean {
  const e = element.trim();
  if (e === '') return false;
  if (e === item) return true;
  const eq = e.indexOf('=');
  if (eq > 0 && e.slice(0, eq) === item) return true;
  const host = urlHost(eq > 0 ? e.slice(eq + 1) : e);
  return host !== undefined && host === item.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function urlHost(s: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return undefined;
  try {
    return new URL(s).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

// The value as the file sets it (the last uncommented assignment wins, as in a shell).
export function getEnv(text: string, key: string): string | undefined {
  const found = assignments(splitLines(text), key);
  return found.length > 0 ? found[found.length - 1][1].value : undefined;
}
