// A tiny JSON path for captures and conditions: `.members[0].ID`, `header.revision`, `members.length`,
// `.[0].Status` (jq's spelling of an index into a top-level list).
// Enough for etcdctl/oc JSON without pulling in a query language.

export function parseJsonPath(path: string): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  // jq's `.[0]` and `.["a b"]` too: a dot before a bracket is optional.
  const re = /\.?([A-Za-z_$][\w$-]*)|\.?\[(\d+)\]|\.?\[["']([^"']+)["']\]/y;
  let i = 0;
  const p = path.trim();
  if (p === '' || p === '.') return [];
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
    i = re.lastIndex;
  }
  return out;
}

export function getJsonPath(value: unknown, path: Array<string | number>): unknown {
  let cur = value;
  for (const seg of path) {
    if (seg === 'length' && (Array.isArray(cur) || typeof cur === 'string')) cur = cur.length;
    else if (cur && typeof cur === 'object') cur = (cur as Record<string | number, unknown>)[seg];
    else return undefined;
  }
  return cur;
}

export function stringifyJsonValue(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
