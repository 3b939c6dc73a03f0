// The package as an operator gets it: `npm pack` of a clean tree (prepack builds), installed
// globally and run npx-style, from a directory that is not the checkout. Needs the npm registry
// for the dependencies, as any install does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from './cli.js';

const work = tempDir('opsctl-pack-');
const prefix = join(work, 'global');
const elsewhere = join(work, 'elsewhere');
let tarball = '';

beforeAll(async () => {
  // A copy of what git tracks, without dist/: prepack must build it.
  const tree = join(work, 'tree');
  const files = (await execa('git', ['ls-files', '-z'], { cwd: ROOT })).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(tree, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(tree, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const packed = await execa('npm', ['pack', '--pack-destination', work, '--json'], { cwd: tree, env: { npm_config_loglevel: 'error' } });
  tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'hosts.ini'), '[masters]\nmaster-0 ansible_host=10.0.0.10\n');
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack → install', () => {
  it('the tarball holds the built CLI, runbooks, JSON Schema, docs and LICENSE, and no sources or tests', async () => {
    const list = (await execa('tar', ['-tzf', tarball])).stdout.split('\n');
    for (const f of ['package/bin/opsctl.js', 'package/dist/cli/main.js', 'package/runbooks/master-backup.yaml', 'package/schema/runbook.schema.json', 'package/LICENSE', 'package/README.md']) {
      expect(list).toContain(f);
    }
    expect(list.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
  });

  it('installs globally and runs from any directory', async () => {
    await execa('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { env: { npm_config_loglevel: 'error' } });
    const bin = join(prefix, 'bin', 'opsctl');
    const version = await execa(bin, ['--version'], { cwd: elsewhere });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const catalogue = await execa(bin, ['runbooks'], { cwd: elsewhere, env: { NO_COLOR: '1' } });
    expect(catalogue.stdout).toContain('master-backup');
    const plan = await execa(bin, ['backup', 'master', '--host', 'master-0', '-i', 'hosts.ini', '--dry-run', '--state-dir', join(work, 'state')], { cwd: elsewhere, env: { CI: '1' }, reject: false });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('master-0');
    const schema = await execa(bin, ['schema', 'runbook'], { cwd: elsewhere });
    expect(JSON.parse(schema.stdout).$schema).toMatch(/json-schema\.org/);
  }, 300_000);

  it('runs npx-style from the tarball', async () => {
    const r = await execa('npx', ['--yes', '--package', tarball, 'opsctl', '--', 'runbooks', 'show', 'etcd-snapshot'], { cwd: elsewhere, env: { NO_COLOR: '1', npm_config_loglevel: 'error' } });
    expect(r.stdout).toContain('etcd-snapshot');
    expect(readdirSync(elsewhere)).toEqual(['hosts.ini']);
  }, 300_000);
});
