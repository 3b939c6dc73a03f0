import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { builtinRunbooksDir, listBuiltinRunbooks, resolveIncludeRef, resolveRunbookRef } from '../../src/runbook/catalog.js';
import { listCatalog, sha256Of } from '../../src/runbook/catalog-index.js';
import { parse } from 'yaml';
import { tempDir } from '../e2e/cli.js';

const runbook = (name: string) =>
  `apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: ${name}, title: T ${name} }\nparams:\n  host: { type: string, required: true }\nsteps: [{ id: a, run: x }]\n`;

let root: string;
let builtins: string;

beforeAll(() => {
  root = tempDir('opsctl-catalog-');
  builtins = join(root, 'runbooks');
  mkdirSync(builtins);
  writeFileSync(join(builtins, 'master-backup.yaml'), runbook('master-backup'));
  writeFileSync(join(builtins, 'etcd-snapshot.yaml'), runbook('etcd-snapshot'));
  writeFileSync(join(builtins, 'broken.yaml'), 'apiVersion: [\n');
  writeFileSync(join(builtins, 'renamed.yaml'), runbook('other-name'));
  mkdirSync(join(root, 'ops', 'phases'), { recursive: true });
  writeFileSync(join(root, 'ops', 'main.yaml'), runbook('main'));
  writeFileSync(join(root, 'ops', 'master-backup.yaml'), runbook('master-backup'));
  writeFileSync(join(root, 'ops', 'phases', 'drain.yml'), runbook('drain'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const errorOf = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('resolveRunbookRef', () => {
  it('takes paths relative to cwd, and names from the built-in catalogue', () => {
    const cwd = join(root, 'ops');
    expect(resolveRunbookRef('main.yaml', cwd, builtins)).toBe(join(cwd, 'main.yaml'));
    expect(resolveRunbookRef('phases/drain.yml', cwd, builtins)).toBe(join(cwd, 'phases', 'drain.yml'));
    expect(resolveRunbookRef('etcd-snapshot', cwd, builtins)).toBe(join(builtins, 'etcd-snapshot.yaml'));
  });

  it('prefers an existing file in cwd over a built-in of the same name', () => {
    const cwd = join(root, 'ops');
    writeFileSync(join(cwd, 'etcd-snapshot'), runbook('etcd-snapshot'));
    expect(resolveRunbookRef('etcd-snapshot', cwd, builtins)).toBe(join(cwd, 'etcd-snapshot'));
    rmSync(join(cwd, 'etcd-snapshot'));
  });

  it('reports a missing file', () => {
    const e = errorOf(() => resolveRunbookRef('nope.yaml', root, builtins));
    expect(e.diagnostics[0]).toMatchObject({ file: 'nope.yaml', message: 'runbook file not found' });
    expect(e.exitCode).toBe(2);
  });

  it('reports an unknown name with the closest built-in and the list', () => {
    const e = errorOf(() => resolveRunbookRef('master-bakup', root, builtins));
    expect(e.diagnostics[0].message).toBe('unknown runbook "master-bakup"');
    expect(e.diagnostics[0].hint).toBe('did you mean "master-backup"? built-in runbooks: broken, etcd-snapshot, master-backup, renamed');
  });

  it('reports an unknown name against the real catalogue', () => {
    const e = errorOf(() => resolveRunbookRef('no-such-runbook-xyz', root));
    expect(e.diagnostics[0].message).toBe('unknown runbook "no-such-runbook-xyz"');
    expect(builtinRunbooksDir()).toMatch(/runbooks[\\/]$/);
  });
});

describe('resolveIncludeRef', () => {
  const from = () => join(root, 'ops', 'main.yaml');

  it('resolves paths against the including file, not cwd', () => {
    expect(resolveIncludeRef('phases/drain.yml', from(), builtins)).toBe(join(root, 'ops', 'phases', 'drain.yml'));
    expect(resolveIncludeRef('../main.yaml', join(root, 'ops', 'phases', 'drain.yml'), builtins)).toBe(from());
  });

  it('prefers a sibling <name>.yaml, then the built-in', () => {
    expect(resolveIncludeRef('master-backup', from(), builtins)).toBe(join(root, 'ops', 'master-backup.yaml'));
    expect(resolveIncludeRef('etcd-snapshot', from(), builtins)).toBe(join(builtins, 'etcd-snapshot.yaml'));
  });

  it('names the including file when the target is missing', () => {
    const e = errorOf(() => resolveIncludeRef('phases/gone.yaml', from(), builtins));
    expect(e.diagnostics[0].message).toBe(`runbook file not found (included from ${from()})`);
  });
});

describe('listBuiltinRunbooks', () => {
  it('lists every built-in with title and params, broken ones with their error', () => {
    const list = listBuiltinRunbooks(builtins);
    expect(list.map((r) => r.name)).toEqual(['broken', 'etcd-snapshot', 'master-backup', 'renamed']);
    expect(list[2]).toMatchObject({ title: 'T master-backup', file: join(builtins, 'master-backup.yaml'), params: { host: { type: 'string', required: true } } });
    expect(list[2].error).toBeUndefined();
    expect(list[0].error).toMatch(/broken\.yaml:2:1/);
    expect(list[3].error).toBe('metadata.name "other-name" does not match the file name');
  });

  it('is empty when the directory does not exist', () => {
    expect(listBuiltinRunbooks(join(root, 'missing'))).toEqual([]);
  });

  it('says what a failed host does to the others; stop-all when a runbook says nothing', () => {
    expect(listBuiltinRunbooks(builtins)[2].hostFailure).toEqual({ onHostFailure: 'stop-all' });
  });
});

describe('the shipped runbooks', () => {
  // Every built-in runbook chooses, in writing, what one failed host does to the others
  // (docs/runbooks.md §15): backups and snapshots go on, anything that changes the cluster stops.
  const CONTINUE = ['etcd-backup', 'etcd-snapshot', 'master-backup'];
  it('each states onHostFailure; backups and snapshots continue the others, the rest stop all', () => {
    const shipped = listBuiltinRunbooks(builtinRunbooksDir());
    expect(shipped.length).toBeGreaterThan(8);
    for (const rb of shipped) {
      expect(rb.error, rb.name).toBeUndefined();
      expect(readFileSync(rb.file, 'utf8'), `${rb.name} states its policy`).toMatch(/^onHostFailure: (stop-all|continue-others)$/m);
      expect(rb.hostFailure?.onHostFailure, rb.name).toBe(CONTINUE.includes(rb.name) ? 'continue-others' : 'stop-all');
    }
  });

  it('say why a step is skipped in words: every when has a whenText', () => {
    const unexplained = (node: unknown, at: string): string[] => {
      if (Array.isArray(node)) return node.flatMap((n, i) => unexplained(n, `${at}[${i}]`));
      if (!node || typeof node !== 'object') return [];
      const o = node as Record<string, unknown>;
      const here = 'when' in o && typeof o.when === 'string' && !('whenText' in o) ? [`${at} (${String(o.id)})`] : [];
      return [...here, ...Object.entries(o).flatMap(([k, v]) => (k === 'params' || k === 'vars' ? [] : unexplained(v, `${at}.${k}`)))];
    };
    const shipped = listBuiltinRunbooks(builtinRunbooksDir());
    expect(shipped.flatMap((rb) => unexplained(parse(readFileSync(rb.file, 'utf8')), rb.name))).toEqual([]);
  });
});

// `opsctl runbooks` lists from the build's index while each file still matches it, and loads a
// file for real as soon as it does not.
describe('listCatalog', () => {
  it('uses an index entry only while the file has the indexed sha256', async () => {
    const dir = tempDir('opsctl-catalog-');
    const real = listBuiltinRunbooks(builtinRunbooksDir()).find((r) => r.name === 'etcd-snapshot')!;
    const text = readFileSync(real.file, 'utf8');
    writeFileSync(join(dir, 'etcd-snapshot.yaml'), text);
    const index = join(dir, 'index.json');
    writeFileSync(index, JSON.stringify({ 'etcd-snapshot.yaml': { sha256: sha256Of(text), entry: { name: 'etcd-snapshot', title: 'FROM THE INDEX', params: {} } } }));
    expect((await listCatalog(dir, index))[0]).toMatchObject({ title: 'FROM THE INDEX', file: join(dir, 'etcd-snapshot.yaml') });
    writeFileSync(join(dir, 'etcd-snapshot.yaml'), text.replace(/title: .*/, 'title: edited after the build'));
    expect((await listCatalog(dir, index))[0]).toMatchObject({ title: 'edited after the build' });
    expect(await listCatalog(join(dir, 'missing'), index)).toEqual([]);
  });
});
