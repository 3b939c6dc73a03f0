// The two `describe` layouts: OpenShift 3.11's (tab-aligned, as in the 3.11 docs) and current
// kubectl's (space-aligned, padding 2). A description is rows of cells; a row whose first cell
// is empty continues the previous field (a second label, say).
export type Row = string[];

export function layoutDescribe(rows: Row[], legacy: boolean): string {
  return legacy ? tabLayout(rows) : spaceLayout(rows);
}

function tabLayout(rows: Row[]): string {
  const top = rows.filter((r) => !r[0].startsWith(' '));
  const width = Math.ceil((Math.max(...top.map((r) => r[0].length)) + 1) / 8) * 8;
  const tabsTo = (len: number, to: number) => '\t'.repeat(Math.max(1, Math.ceil((to - len) / 8)));
  return rows
    .map((r) => {
      if (r.length === 1) return r[0];
      const [head, ...rest] = r;
      return head + tabsTo(head.length, width) + rest.join('\t');
    })
    .join('\n')
    .concat('\n');
}

function spaceLayout(rows: Row[]): string {
  const top = rows.filter((r) => r.length > 1 && !r[0].startsWith(' '));
  const width = Math.max(...top.map((r) => r[0].length)) + 2;
  return rows
    .map((r) => {
      if (r.length === 1) return r[0];
      const [head, ...rest] = r;
      const pad = head.startsWith(' ') ? head.length + 2 : width;
      return head.padEnd(pad) + rest.join('  ');
    })
    .join('\n')
    .concat('\n');
}

// `Labels:  a=b` then continuation rows for the rest; `<none>` when empty.
export function mapRows(title: string, map: Record<string, string> | undefined): Row[] {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  if (entries.length === 0) return [[title, '<none>']];
  return entries.map((e, i) => [i === 0 ? title : '', e]);
}
