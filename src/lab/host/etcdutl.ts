// A stand-in for etcd ≥ 3.5's `etcdutl snapshot status|restore` on lab hosts that play a newer
// etcd: etcdutl's command line and output formats, backed by the real etcd 3.4 code path
// (Debian's `etcdctl snapshot status|restore`, which etcd 3.6 removed from etcdctl). What 3.4
// cannot do (--bump-revision, --mark-compacted) is refused, never faked.
import { spawnSync } from 'node:child_process';

// etcd's cobrautl exit codes.
const EXIT = { error: 1, badFeature: 4, badArgs: 128 } as const;

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const RESTORE_FLAGS = ['data-dir', 'wal-dir', 'initial-cluster', 'initial-cluster-token', 'initial-advertise-peer-urls', 'name', 'initial-memory-map-size', 'bump-revision'];
const BOOL_FLAGS = ['skip-hash-check', 'mark-compacted'];

interface Parsed {
  words: string[];
  flags: Map<string, string>;
}

function parse(argv: string[]): Parsed {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-w') flags.set('write-out', argv[++i] ?? '');
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (BOOL_FLAGS.includes(name)) flags.set(name, inline ?? 'true');
      else flags.set(name, inline ?? argv[++i] ?? '');
    } else words.push(a);
  }
  return { words, flags };
}

const fail = (code: number, message: string): Outcome => ({ code, stdout: '', stderr: `Error: ${message}\n` });

function etcdctl34(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('/usr/bin/etcdctl', args, { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.error ? `${r.error.message}\n` : (r.stderr ?? '') };
}

// go-humanize's Bytes: SI units, one decimal under 10.
function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const e = Math.min(Math.floor(Math.log(n) / Math.log(1000)), units.length - 1);
  const v = n / 1000 ** e;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[e]}`;
}

function status(p: Parsed): Outcome {
  if (p.words.length !== 3) return fail(EXIT.badArgs, 'snapshot status requires exactly one argument');
  const format = p.flags.get('write-out') ?? 'simple';
  if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(format)) return fail(EXIT.badFeature, 'unsupported output format');
  const r = etcdctl34(['snapshot', 'status', p.words[2], '-w', 'json']);
  if (r.status !== 0) return { code: EXIT.error, stdout: '', stderr: r.stderr };
  const s = JSON.parse(r.stdout) as { hash: number; revision: number; totalKey: number; totalSize: number };
  // An etcd 3.4 data file carries no storage version: etcdutl reports it empty.
  const doc = { hash: s.hash, revision: s.revision, totalKey: s.totalKey, totalSize: s.totalSize, version: '' };
  const row = [s.hash.toString(16), String(s.revision), String(s.totalKey), humanBytes(s.totalSize), doc.version];
  if (format === 'json') return { code: 0, stdout: `${JSON.stringify(doc)}\n`, stderr: '' };
  if (format === 'simple') return { code: 0, stdout: `${row.join(', ')}\n`, stderr: '' };
  if (format === 'table') {
    const head = ['HASH', 'REVISION', 'TOTAL KEYS', 'TOTAL SIZE', 'VERSION'];
    const w = head.map((h, i) => Math.max(h.length, row[i].length) + 2);
    const line = `+${w.map((n) => '-'.repeat(n)).join('+')}+`;
    const cells = (r: string[], right: boolean) => `|${r.map((c, i) => (right ? ` ${c.padStart(w[i] - 2)} ` : ` ${c.padStart(Math.ceil((w[i] - 2 + c.length) / 2)).padEnd(w[i] - 2)} `)).join('|')}|`;
    return { code: 0, stdout: [line, cells(head, false), line, cells(row, true), line, ''].join('\n'), stderr: '' };
  }
  return fail(EXIT.badFeature, `-w ${format}: not served by the opsctl lab stand-in (simple, json, table are)`);
}

function restore(p: Parsed): Outcome {
  if (p.words.length !== 3) return fail(EXIT.badArgs, 'snapshot restore requires exactly one argument');
  const unknown = [...p.flags.keys()].filter((f) => ![...RESTORE_FLAGS, ...BOOL_FLAGS, 'write-out'].includes(f));
  if (unknown.length) return fail(EXIT.badArgs, `unknown flag: --${unknown[0]}`);
  if (!p.flags.get('data-dir')) return fail(EXIT.badArgs, 'required flag(s) "data-dir" not set');
  const bump = Number(p.flags.get('bump-revision') ?? 0);
  const compacted = p.flags.get('mark-compacted') === 'true';
  if ((bump === 0 && compacted) || (bump > 0 && !compacted)) return fail(EXIT.badArgs, '--mark-compacted required if --revision-bump > 0');
  if (bump > 0) return fail(EXIT.badFeature, '--bump-revision/--mark-compacted: not served by the opsctl lab stand-in, whose data path is etcd 3.4 (it cannot bump revisions)');
  const args = ['snapshot', 'restore', p.words[2]];
  for (const f of ['data-dir', 'wal-dir', 'initial-cluster', 'initial-cluster-token', 'initial-advertise-peer-urls', 'name']) if (p.flags.has(f)) args.push(`--${f}=${p.flags.get(f)}`);
  if (p.flags.get('skip-hash-check') === 'true') args.push('--skip-hash-check');
  const r = etcdctl34(args);
  return { code: r.status === 0 ? 0 : EXIT.error, stdout: r.stdout, stderr: r.stderr };
}

// The whole command: its output and exit code, as etcdutl would give them.
export function runEtcdutl(argv: string[]): Outcome {
  const p = parse(argv);
  const [group, verb] = p.words;
  if (group === 'version') return { code: 0, stdout: 'etcdutl version: 3.6.0 (opsctl lab stand-in: etcdutl\'s command line over etcd 3.4.23\'s snapshot code)\nAPI version: 3.6\n', stderr: '' };
  if (group !== 'snapshot') return fail(EXIT.badArgs, group ? `unknown command "${group}" for "etcdutl" (the opsctl lab serves: snapshot status, snapshot restore, version)` : 'the opsctl lab serves: etcdutl snapshot status|restore, etcdutl version');
  if (verb === 'status') return status(p);
  if (verb === 'restore') return restore(p);
  if (verb === 'save') return fail(EXIT.badArgs, 'In order to download snapshot use: `etcdctl snapshot save ...`');
  return fail(EXIT.badArgs, `unknown command "${verb ?? ''}" for "etcdutl snapshot"`);
}
