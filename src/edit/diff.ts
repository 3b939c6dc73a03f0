// A unified diff (as `diff -u` / git print it) of an edit, for dry-run, --check and the journal.
// Myers' O(ND) algorithm on lines; lines compare with their terminators, so a CRLF→LF change shows.
import { splitLines, type Line } from './lines.js';

export interface DiffOptions {
  oldLabel: string;
  newLabel: string;
  context?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: Line; oldNo: number; newNo: number };

/** Above this many differing lines the middle is shown as replaced wholesale (still a correct diff). */
const MAX_EDITS = 2000;

export function unifiedDiff(oldText: string, newText: string, { oldLabel, newLabel, context = 3 }: DiffOptions): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  for (const hunk of hunks(ops, context)) {
    const olds = hunk.filter((o) => o.kind !== '+');
    const news = hunk.filter((o) => o.kind !== '-');
    out.push(`@@ -${range(hunk[0].oldNo, olds.length)} +${range(hunk[0].newNo, news.length)} @@`);
    for (const o of hunk) {
      out.push(o.kind + o.line.body);
      if (o.line.eol === '') out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n') + '\n';
}

// `start,count`, GNU style: count 1 is omitted, and an empty range names the line before it.
function range(firstNo: number, count: number): string {
  if (count === 0) return `${firstNo - 1},0`;
  return count === 1 ? `${firstNo}` : `${firstNo},${count}`;
}

function hunks(ops: Op[], context: number): Op[][] {
  const changes = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const out: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const i of changes) {
    if (start >= 0 && i - context <= end + 1) end = Math.min(ops.length - 1, i + context);
    else {
      if (start >= 0) out.push(ops.slice(start, end + 1));
      start = Math.max(0, i - context);
      end = Math.min(ops.length - 1, i + context);
    }
  }
  if (start >= 0) out.push(ops.slice(start, end + 1));
  return out;
}

// Every line of both files once, in order, marked kept/removed/added, with 1-based line numbers
// (for an added line, oldNo is the old line it comes before; likewise newNo for a removed one).
function diffLines(a: Line[], b: Line[]): Op[] {
  const key = (l: Line) => l.body + l.eol;
  const ak = a.map(key);
  const bk = b.map(key);
  let pre = 0;
  while (pre < ak.length && pre < bk.length && ak[pre] === bk[pre]) pre++;
  let suf = 0;
  while (suf < ak.length - pre && suf < bk.length - pre && ak[ak.length - 1 - suf] === bk[bk.length - 1 - suf]) suf++;
  const script = myers(ak.slice(pre, ak.length - suf), bk.slice(pre, bk.length - suf));
  const kinds: Array<Op['kind']> = [...Array(pre).fill(' '), ...removalsFirst(script), ...Array(suf).fill(' ')];
  const ops: Op[] = [];
  let x = 0;
  let y = 0;
  for (const kind of kinds) {
    ops.push({ kind, line: kind === '+' ? b[y] : a[x], oldNo: x + 1, newNo: y + 1 });
    if (kind !== '+') x++;
    if (kind !== '-') y++;
  }
  return ops;
}

// Within each run of changes, removed lines before added ones, as diff and git show them.
function removalsFirst(script: Array<Op['kind']>): Array<Op['kind']> {
  const out: Array<Op['kind']> = [];
  let run: Array<Op['kind']> = [];
  for (const k of [...script, ' ' as const]) {
    if (k !== ' ') run.push(k);
    else {
      out.push(...run.filter((r) => r === '-'), ...run.filter((r) => r === '+'), k);
      run = [];
    }
  }
  return out.slice(0, -1);
}

// The shortest edit script from a to b; past MAX_EDITS, delete all of a and insert all of b.
function myers(a: string[], b: string[]): Array<Op['kind']> {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, MAX_EDITS); d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) x++, y++;
      v[off + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(off - d, off + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(v.slice(off - d, off + d + 1));
  }
  return [...Array<Op['kind']>(n).fill('-'), ...Array<Op['kind']>(m).fill('+')];
}

// trace[d][k + d] is the furthest x on diagonal k after d edits.
function backtrack(trace: Int32Array[], n: number, m: number): Array<Op['kind']> {
  const out: Array<Op['kind']> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number) => prev[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) out.push(' '), x--, y--;
    out.push(down ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) out.push(' '), x--, y--;
  return out.reverse();
}
