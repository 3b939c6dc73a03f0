// The conventions an operator expects: examples in every --help, completion that works in a real
// bash, plans short enough to read with the verdict at the end, typos caught with a did-you-mean,
// domain commands that speak in their own flags.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, FIXTURES, jsonLines, tempDir } from './cli.js';

const LAB_INVENTORY = join(FIXTURES, 'ansible-diff/26-lab/inventory.ini');
const stateDir = tempDir();

// Every command's --help, walking the tree its own help shows (hidden commands are not listed).
async function allHelp(prefix: string[] = []): Promise<Array<{ path: string[]; exitCode: number; text: string }>> {
  const help = await cli([...prefix, '--help'], { stateDir });
  const section = /\nCommands:\n([\s\S]*?)\n\n/.exec(help.stdout)?.[1] ?? '';
  const subs = [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((s) => s !== 'help');
  const nested = await Promise.all(subs.map((s) => allHelp([...prefix, s])));
  return [{ path: prefix, exitCode: help.exitCode, text: help.stdout }, ...nested.flat()];
}

describe('CLI conventions', () => {
  it('every --help ends with examples, and subcommand help shows the global options', async () => {
    const helps = await allHelp();
    expect(helps.length).toBeGreaterThan(25);
    const missing: string[] = [];
    for (const { path: p, exitCode, text } of helps) {
      if (exitCode !== 0 || !/\nExamples:\n {2}(opsctl|source) /.test(text)) missing.push(p.join(' ') || '(top)');
      if (p.length > 0 && !/Global Options:[\s\S]*--inventory/.test(text)) missing.push(`${p.join(' ')} (global options)`);
    }
    expect(missing).toEqual([]);
  }, 240_000);

  it('bash completion, loaded in a real bash, completes commands, runbooks, hosts and groups', async () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'opsctl'), `#!/bin/sh\nexec node ${BIN} "$@"\n`);
    chmodSync(join(bin, 'opsctl'), 0o755);
    writeFileSync(join(bin, 'opsctl.bash'), (await cli(['completion', 'bash'], { stateDir })).stdout);
    const complete = async (line: string) => {
      const words = line.split(' ');
      const sh = `source ${join(bin, 'opsctl.bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _opsctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = await execa('bash', ['--norc', '--noprofile', '-c', sh], { env: { PATH: `${bin}:${process.env.PATH}`, OPSCTL_STATE_DIR: stateDir } });
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(await complete('opsctl ba')).toEqual(['backup']);
    expect(await complete('opsctl etcd ')).toEqual(expect.arrayContaining(['snapshot', 'restore', 'remove-member', 'add-member']));
    expect(await complete('opsctl plan etcd-')).toEqual(expect.arrayContaining(['etcd-backup', 'etcd-snapshot', 'etcd-restore']));
    expect(await complete(`opsctl backup master -i ${LAB_INVENTORY} --host master-`)).toEqual(['master-0', 'master-1', 'master-2']);
    expect(await complete(`opsctl hosts check -i ${LAB_INVENTORY} --group e`)).toEqual(['etcd']);
    expect(await complete('opsctl completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete('opsctl runs show --time')).toEqual(['--timeline']);
    for (const shell of ['zsh', 'fish']) expect((await cli(['completion', shell], { stateDir })).stdout).toContain('opsctl __complete --');
    expect((await cli(['completion', 'tcsh'], { stateDir })).exitCode).toBe(2);
  }, 120_000);

  it('decommission dry-run: one line per step and host, the quorum verdict at the end; --show-commands has every command', async () => {
    const args = ['decommission', 'master', '--host', 'master-2', '-i', LAB_INVENTORY, '--dry-run'];
    const compact = await cli(args, { stateDir });
    const full = await cli([...args, '--show-commands'], { stateDir });
    expect(compact.exitCode, compact.stderr).toBe(0);
    const lines = compact.stdout.split('\n').length;
    expect(lines).toBeLessThan(80);
    expect(full.stdout.split('\n').length).toBeGreaterThan(3 * lines);
    expect(compact.stdout).toMatch(/^ +3 +read-only +local +etcd-quorum /m);
    expect(compact.stdout).toMatch(/^ +16 +GATE +local +confirm-node +Drain node master-2/m);
    expect(compact.stdout).toMatch(/^ +17 +destructive +master-0 +drain +oc adm drain master-2 +\(gate 16\)$/m);
    const known = compact.stdout.slice(compact.stdout.indexOf('Known at plan time:'));
    expect(known).toMatch(/✖ will be refused at step 3 \(etcd-quorum\): quorum: inventory \[etcd\]: 3 → 2/);
    expect(known).toContain('pass --even-plan');
    expect(known).toContain('2 confirm gates (steps 16, 21)');
    const ok = await cli([...args, '--even-plan', 'add master-3 on Monday'], { stateDir });
    expect(ok.stdout).not.toContain('will be refused');
    expect(ok.stdout).toMatch(/⚠ quorum: .*accepted with the plan "add master-3 on Monday"/);
    const json = jsonLines((await cli([...args, '-o', 'json'], { stateDir })).stdout);
    expect(json.filter((e) => e.type === 'plan.step' && e.command).length).toBeGreaterThan(20);
    expect(json.find((e) => e.type === 'plan.note')).toMatchObject({ label: 'quorum', verdict: 'refused', stepId: 'etcd-quorum' });
  });

  it('a host name in neither the inventory nor ssh_config is exit 2 with a did-you-mean, before anything runs', async () => {
    const r = await cli(['backup', 'master', '--host', 'master-O', '-i', LAB_INVENTORY, '--dry-run'], { stateDir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown host "master-O"');
    expect(r.stderr).toContain('did you mean "master-0"?');
    const home = tempDir();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh/config'), 'Host bastion-*\n  User ops\n');
    const known = await cli(['run', join(FIXTURES, 'runbooks/remote.yaml'), '-p', 'host=bastion-1', '--dry-run'], { stateDir, env: { HOME: home } });
    expect(known.exitCode, known.stderr).toBe(0);
  });

  it('domain commands speak in their flags', async () => {
    const missing = await cli(['decommission', 'master', '-i', LAB_INVENTORY, '--dry-run'], { stateDir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('missing --host <name>');
    expect(missing.stderr).not.toMatch(/-p (host|hostIp|apiHost)=/);
    const bad = await cli(['etcd', 'snapshot', '--host', 'master-0', '--mode', 'bogus', '-i', LAB_INVENTORY, '--dry-run'], { stateDir });
    expect(bad.stderr).toContain('--mode must be one of');
  });

  it('schema runbook prints the JSON Schema; runs -o json uses runId', async () => {
    const s = await cli(['schema', 'runbook'], { stateDir });
    expect(JSON.parse(s.stdout).$defs.step.oneOf).toHaveLength(9);
    const sd = tempDir();
    await cli(['run', join(FIXTURES, 'runbooks/echo-param.yaml'), '-p', 'value=hi', '-p', `dir=${tempDir()}`], { stateDir: sd });
    const runs = jsonLines((await cli(['runs', '-o', 'json'], { stateDir: sd })).stdout);
    expect(runs[0]).toHaveProperty('runId');
    expect(runs[0]).not.toHaveProperty('id');
  });
});
