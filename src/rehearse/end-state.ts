// A lab's state as far as a procedure can change it: every file of every host's tree (not etcd's
// live data or the lab's own logs), the simulated API's objects, the bucket's objects, the hosted
// etcd volumes (not their live data), the inventory and the work dir; etcd's members and keys, the
// hosted etcds' members and keys and the DNS records (hosted-state.ts). Taken after setup and
// again after the run; what changed, normalised, is what two trials are compared on.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { hostedState } from './hosted-state.js';
import { globMatches, normaliseApiJson, normaliseK8sYaml, normaliseText, type NormaliseContext } from './normalise.js';

export interface Snapshot {
  /** lab-relative path → sha256 of the content ('dir' for directories). */
  files: Map<string, string>;
  etcd: string[];
  /** Hosted control planes' etcd members and keys, DNS records. */
  hosted: string[];
}

/** What a run changed: normalised path → fingerprints (several files can normalise alike). */
export type Changes = Map<string, string[]>;
/** Normalised text of changed text files, to show where two trials differ. */
export type ChangedTexts = Map<string, string>;

// Hosted etcd: a member's live data (`member/`) and the converge worker's pids and logs (`run/`).
const SKIP = [/\/run-lab(\/|$)/, /\/var\/lib\/etcd\/(?:.*\/)?member(\/|$)/, /^api\/\.lock/, /\.lock$/, /^hosted-etcd\/[^/]+\/[^/]+\/(?:etcd-\d+\/member|run)(\/|$)/];

function walk(root: string, dir: string, out: Map<string, string>): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const rel = relative(root, p);
    if (SKIP.some((re) => re.test(`/${rel}`) || re.test(rel))) continue;
    if (e.isDirectory()) {
      out.set(rel + '/', 'dir');
      walk(root, p, out);
    } else if (e.isFile()) out.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'));
    else if (e.isSymbolicLink()) out.set(rel, `link`);
  }
}

export async function snapshot(labDir: string, workDir: string): Promise<Snapshot> {
  const files = new Map<string, string>();
  walk(labDir, join(labDir, 'hosts'), files);
  walk(labDir, join(labDir, 'api'), files);
  walk(labDir, join(labDir, 's3'), files);
  walk(labDir, join(labDir, 'hosted-etcd'), files);
  const inv = join(labDir, 'inventory.ini');
  if (existsSync(inv)) files.set('inventory.ini', createHash('sha256').update(readFileSync(inv)).digest('hex'));
  const work = new Map<string, string>();
  walk(workDir, workDir, work);
  for (const [k, v] of work) files.set(`<work>/${k}`, v);
  return { files, etcd: await etcdState(labDir), hosted: await hostedState(labDir) };
}

// Members by name and peer URL (ids differ per lab), and every key name.
async function etcdState(labDir: string): Promise<string[]> {
  const lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as { etcd?: { endpoints: string[]; cacert: string; cert: string; key: string } };
  if (!lab.etcd) return [];
  const e = lab.etcd;
  for (const endpoint of e.endpoints) {
    const ctl = (args: string[]) =>
      execa('etcdctl', [`--endpoints=${endpoint}`, `--cacert=${e.cacert}`, `--cert=${e.cert}`, `--key=${e.key}`, '--dial-timeout=2s', '--command-timeout=5s', ...args], { reject: false, env: { ETCDCTL_API: '3' }, stdin: 'ignore' });
    const members = await ctl(['member', 'list', '-w', 'json']);
    if (members.exitCode !== 0) continue;
    const keys = await ctl(['get', '', '--prefix', '--keys-only']);
    if (keys.exitCode !== 0) continue;
    const list = (JSON.parse(String(members.stdout)).members ?? []) as Array<{ name?: string; peerURLs?: string[] }>;
    return [
      ...list.map((m) => `member ${m.name ?? '(unstarted)'} ${(m.peerURLs ?? []).join(',')}`).sort(),
      ...String(keys.stdout).split('\n').filter(Boolean).sort().map((k) => `key ${k}`),
    ];
  }
  return ['etcd unreachable'];
}

// What changed between two snapshots of one lab, normalised and fingerprinted.
export async function changes(labDir: string, workDir: string, before: Snapshot, after: Snapshot, volatile: string[], ctx: NormaliseContext, texts: ChangedTexts = new Map()): Promise<Changes> {
  const out: Changes = new Map();
  const add = (path: string, fp: string) => {
    const p = normaliseText(path, ctx);
    const list = out.get(p) ?? [];
    list.push(volatile.some((g) => globMatches(g, p)) ? fp.split(':')[0] : fp);
    out.set(p, list.sort());
  };
  for (const [path, sha] of after.files) {
    const was = before.files.get(path);
    if (was === sha) continue;
    if (sha === 'dir' || sha === 'link') add(path, was === undefined ? `added ${sha}` : `changed ${sha}`);
    else {
      const fp = await fingerprint(path.startsWith('<work>/') ? join(workDir, path.slice(7)) : join(labDir, path), ctx, path.startsWith('api/'));
      if (fp.text !== undefined) texts.set(normaliseText(path, ctx), fp.text);
      add(path, `${was === undefined ? 'added' : 'changed'}:${fp.id}`);
    }
  }
  for (const path of before.files.keys()) if (!after.files.has(path)) add(path, 'removed');
  const was = new Set(before.etcd);
  const now = new Set(after.etcd);
  for (const x of now) if (!was.has(x)) add(`etcd: ${x}`, 'added');
  for (const x of was) if (!now.has(x)) add(`etcd: ${x}`, 'removed');
  const hostedWas = new Set(before.hosted);
  const hostedNow = new Set(after.hosted);
  for (const x of hostedNow) if (!hostedWas.has(x)) add(x, 'added');
  for (const x of hostedWas) if (!hostedNow.has(x)) add(x, 'removed');
  return out;
}

// Text: normalised content; a tar archive: its entry names; anything else binary: just "binary".
async function fingerprint(file: string, ctx: NormaliseContext, api: boolean): Promise<{ id: string; text?: string }> {
  if (lstatSync(file).isDirectory()) return { id: 'dir' };
  if (/\.(tar\.gz|tgz|tar)$/.test(file)) {
    const r = await execa('tar', ['-tf', file], { reject: false, stdin: 'ignore' });
    const text = normaliseText(String(r.stdout).split('\n').sort().join('\n'), ctx);
    return { id: `tar ${hash(text)}`, text };
  }
  const buf = readFileSync(file);
  const raw = buf.toString('utf8');
  if (buf.includes(0) || raw.includes('\uFFFD')) return { id: 'binary' };
  const text = api && file.endsWith('.json') ? normaliseApiJson(raw, ctx) : (/\.ya?ml$/.test(file) ? normaliseK8sYaml(raw, ctx) : undefined) ?? normaliseText(raw, ctx);
  return { id: `text ${hash(text)}`, text };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** How a trial's changes differ from the reference's: one line per path, empty when equal. */
export function compareChanges(reference: Changes, trial: Changes, refTexts: ChangedTexts = new Map(), trialTexts: ChangedTexts = new Map()): string[] {
  const out: string[] = [];
  for (const [path, fps] of reference) {
    const t = trial.get(path);
    if (!t) out.push(`missing: ${path} (${fps.join(', ')})`);
    else if (t.join('|') !== fps.join('|')) out.push(`differs: ${path} (reference ${fps.join(', ')}; here ${t.join(', ')})${firstDifference(refTexts.get(path), trialTexts.get(path))}`);
  }
  for (const [path, fps] of trial) if (!reference.has(path)) out.push(`extra: ${path} (${fps.join(', ')})`);
  return out;
}

// The first line where two normalised texts part, for the table.
function firstDifference(a: string | undefined, b: string | undefined): string {
  if (a === undefined || b === undefined) return '';
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  const cut = (s: string | undefined) => (s === undefined ? '(end)' : JSON.stringify(s.length > 160 ? s.slice(0, 160) + '…' : s));
  return `; line ${at + 1}: reference ${cut(x[at])}, here ${cut(y[at])}`;
}
