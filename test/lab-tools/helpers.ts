// Runs the lab's simulated tools as a lab host would: the compiled scripts in dist/, as real
// child processes, against a temp lab dir seeded by seedApiState (and, when asked, a host file
// tree holding the masters' static pod manifests).
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { renderStaticPodManifests } from '../../src/lab/kube/seed/static-pod-manifests.js';
import { seedApiState, type SeedResult } from '../../src/lab/kube/seed/seed.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const TOOLS = join(ROOT, 'dist/lab/tools');
const BUILT = join(ROOT, 'dist/lab');
const SRC = join(ROOT, 'src/lab');

// A stale build would test old code: refuse it with the fix.
function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(dir, f)).mtimeMs));
}
if (newest(SRC) > newest(BUILT)) throw new Error('dist/lab is older than src/lab: run `npm run build` first');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export interface Lab {
  dir: string;
  kubeconfigs: SeedResult['kubeconfigs'];
  masters: Array<{ name: string; address: string }>;
  workers: Array<{ name: string; address: string }>;
}

export interface LabOptions {
  flavor: 'ocp311' | 'kubeadm';
  version?: string;
  masters?: number;
  workers?: number;
  /** Write each master's static pod manifests under hosts/<name>/root, as `lab up` does. */
  hostTree?: boolean;
}

export function makeLab(opts: LabOptions): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-labtools-'));
  dirs.push(dir);
  const masters = Array.from({ length: opts.masters ?? 3 }, (_, i) => ({ name: `master-${i}`, address: `127.0.10.${10 + i}` }));
  const workers = Array.from({ length: opts.workers ?? 0 }, (_, i) => ({ name: `node-${i}`, address: `127.0.10.${20 + i}` }));
  const version = opts.version ?? (opts.flavor === 'ocp311' ? '3.11' : '1.28.8');
  const { kubeconfigs } = seedApiState(dir, { flavor: opts.flavor, masters, workers, version });
  if (opts.hostTree) {
    for (const m of masters) {
      for (const f of renderStaticPodManifests(opts.flavor, m, version)) writeHostFile(dir, m.name, f.path, f.content);
    }
    for (const w of workers) mkdirSync(join(dir, 'hosts', w.name, 'root'), { recursive: true });
  }
  return { dir, kubeconfigs, masters, workers };
}

export function writeHostFile(labDir: string, host: string, path: string, content: string): string {
  const file = join(labDir, 'hosts', host, 'root', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export const hostFile = (labDir: string, host: string, path: string): string => join(labDir, 'hosts', host, 'root', path);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  host?: string;
  env?: Record<string, string>;
  input?: string;
}

export async function run(lab: Lab, tool: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  const r = await execa('node', [join(TOOLS, `${tool}.js`), ...args], {
    reject: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', OPSCTL_LAB_DIR: lab.dir, ...(opts.host ? { OPSCTL_LAB_HOST: opts.host } : {}), ...opts.env },
    extendEnv: false,
    input: opts.input ?? '',
    stripFinalNewline: false,
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export const kubectl = (lab: Lab, args: string[], opts?: RunOptions) => run(lab, 'kubectl', args, opts);
export const oc = (lab: Lab, args: string[], opts?: RunOptions) => run(lab, 'oc', args, opts);
export const kubeadm = (lab: Lab, args: string[], opts?: RunOptions) => run(lab, 'kubeadm', args, opts);
export const pkg = (lab: Lab, host: string, args: string[], input?: string) => run(lab, 'pkg', args, { host, input });

// A table's rows as arrays of cells (cells never contain spaces in the lab's fixtures).
export const rows = (table: string): string[][] =>
  table
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}|\t+/));
