// Shared by the topology runbook tests (issue 6): one lab per test file, the built CLI against
// it, and readers for what the tests check on the hosts — files, etcd members and keys, and the
// proof that a dry-run touched nothing (host trees hashed, sshd logs unchanged).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { cli as rawCli, jsonLines } from '../e2e/cli.js';
import { etcdctl, labCli, labJson, ssh, type Lab } from '../lab/helpers.js';

export interface TopologyLab extends Lab {
  root: string;
  hosts: string[];
}

export async function startLab(masters: number, workers = 0): Promise<TopologyLab> {
  const root = mkdtempSync(join(tmpdir(), 'opsctl-topology-'));
  const lab: TopologyLab = { root, dir: join(root, 'lab'), stateDir: join(root, 'state'), hosts: [] };
  const up = await labCli(lab, ['up', '--masters', String(masters), '--workers', String(workers)]);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
  lab.hosts = labJson(lab).hosts.map((h) => h.name);
  return lab;
}

export async function stopLab(lab: TopologyLab | undefined): Promise<void> {
  if (!lab?.root) return;
  if (existsSync(lab.dir)) await labCli(lab, ['down']);
  rmSync(lab.root, { recursive: true, force: true });
}

export const inventoryOf = (lab: Lab) => join(lab.dir, 'inventory.ini');
/** The built CLI with the lab's inventory and the test's state dir. */
export const opsctl = (lab: Lab, args: string[]) => rawCli([...args, '-i', inventoryOf(lab)], { stateDir: lab.stateDir });
export const hostPath = (lab: Lab, host: string, p: string) => join(lab.dir, 'hosts', host, 'root', p);
export const hostFile = (lab: Lab, host: string, p: string) => readFileSync(hostPath(lab, host, p), 'utf8');
export const envValue = (text: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];
export const address = (lab: Lab, host: string) => labJson(lab).hosts.find((h) => h.name === host)!.address;
export const clientUrl = (lab: Lab, host: string) => `https://${address(lab, host)}:2379`;
export const peerUrl = (lab: Lab, host: string) => `https://${address(lab, host)}:2380`;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Everything a run could change: each host's tree (not etcd's own db/WAL, not the lab's logs), the simulated API, the inventory. */
export function hashLab(lab: TopologyLab): string {
  const h = createHash('sha256');
  const files = [
    ...lab.hosts.flatMap((host) => filesUnder(join(lab.dir, 'hosts', host, 'root')).filter((f) => !f.includes('/run-lab/') && !f.includes('/var/lib/etcd/member/'))),
    ...filesUnder(join(lab.dir, 'api')),
    inventoryOf(lab),
  ];
  for (const f of files) h.update(relative(lab.dir, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

/** Every sshd's log: a connection of any kind adds lines. */
export const sshdLogs = (lab: TopologyLab) => lab.hosts.map((host) => readFileSync(join(lab.dir, 'hosts', host, 'root/run-lab/sshd.log'), 'utf8'));

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

/** `member list` through one endpoint, ids in hex. */
export async function members(lab: Lab, endpoint: string): Promise<Member[]> {
  const r = await etcdctl(lab, [endpoint], ['member', 'list', '-w', 'json']);
  if (r.exitCode !== 0) throw new Error(`member list through ${endpoint} failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout.replace(/("ID"\s*:\s*)(\d+)/g, '$1"$2"')) as { members: Array<{ ID: string; name?: string; peerURLs?: string[]; clientURLs?: string[] }> };
  return doc.members.map((m) => ({ id: BigInt(m.ID).toString(16), name: m.name ?? '', peerURLs: m.peerURLs ?? [], clientURLs: m.clientURLs ?? [] }));
}

export const memberNames = async (lab: Lab, endpoint: string) => (await members(lab, endpoint)).map((m) => m.name).sort();

/** Keys under the lab's seed prefix, read through one endpoint. */
export async function seedKeys(lab: Lab, endpoint: string): Promise<number> {
  const r = await etcdctl(lab, [endpoint], ['get', labJson(lab).etcd.seedPrefix, '--prefix', '--keys-only', '--limit=1', '-w', 'json']);
  if (r.exitCode !== 0) throw new Error(`get through ${endpoint} failed: ${r.stderr}`);
  return Number(/"count":(\d+)/.exec(r.stdout)?.[1] ?? -1);
}

/** The real `haproxy -c` on a host's config, from the machine. */
export async function haproxyValid(lab: Lab, host: string): Promise<{ ok: boolean; out: string }> {
  const r = await execa('haproxy', ['-c', '-f', hostPath(lab, host, '/etc/haproxy/haproxy.cfg')], { reject: false, stdin: 'ignore' });
  return { ok: r.exitCode === 0, out: `${r.stdout}${r.stderr}` };
}

/** Sections of an INI inventory: name → host names, in order. */
export function inventoryGroups(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]/.exec(line.trim());
    if (header) out[(section = header[1])] = [];
    else if (section && line.trim() && !/^[#;]/.test(line.trim())) out[section].push(line.trim().split(/\s+/)[0]);
  }
  return out;
}

/** The step ids a run's journal started, in order (resumes included). */
export function startedSteps(stateDir: string, runId: string): string[] {
  const journal = jsonLines(readFileSync(join(stateDir, 'runs', runId, 'journal.jsonl'), 'utf8'));
  return journal.filter((e) => e.type === 'step.start').map((e) => String(e.key));
}

export { ssh, etcdctl, labJson };
