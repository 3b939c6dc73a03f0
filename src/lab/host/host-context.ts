// What a simulated tool knows about where it runs, from the environment its wrapper sets. Tools
// start once per command, so this reads lab.json with JSON.parse only (no zod, no CLI code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabHostEntry {
  name: string;
  role: 'master' | 'lb' | 'worker';
  address: string;
  port: number;
}

export interface HostContext {
  labDir: string;
  host: string;
  flavor: 'ocp311' | 'kubeadm';
  entry: LabHostEntry;
  /** The host's bookkeeping dir (pid files, logs, unit state), outside its mounts. */
  runDir: string;
}

export function loadHostContext(tool: string): HostContext {
  const labDir = process.env.OPSCTL_LAB_DIR;
  const host = process.env.OPSCTL_LAB_HOST;
  if (!labDir || !host) fail(tool, 'not on an opsctl lab host (OPSCTL_LAB_DIR and OPSCTL_LAB_HOST are unset)');
  let lab: { flavor: HostContext['flavor']; hosts: LabHostEntry[] };
  try {
    lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8'));
  } catch (e) {
    fail(tool, `cannot read ${join(labDir, 'lab.json')}: ${(e as Error).message}`);
  }
  const entry = lab.hosts.find((h) => h.name === host);
  if (!entry) fail(tool, `host ${host} is not in the lab at ${labDir}`);
  return { labDir, host, flavor: lab.flavor, entry, runDir: join(labDir, 'hosts', host, 'root', 'run-lab') };
}

// Every simulated tool answers `--lab-info` with this one line, before doing anything else.
export function answerLabInfo(tool: string, argv: string[]): void {
  if (!argv.includes('--lab-info')) return;
  const where = process.env.OPSCTL_LAB_HOST ? `on ${process.env.OPSCTL_LAB_HOST}` : "on the operator's machine";
  process.stdout.write(`${tool}: opsctl lab tool (simulated ${tool}) ${where}, lab ${process.env.OPSCTL_LAB_DIR ?? '(unset)'}\n`);
  process.exit(0);
}

function fail(tool: string, message: string): never {
  process.stderr.write(`${tool}: ${message}\n`);
  process.exit(1);
}
