// --check runs read-only steps and asserts for real and diffs edits without writing; resume
// (`prior`) skips completed steps and refuses to guess about a step whose outcome is unknown.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, read, runEngine } from './helpers.js';
import type { PriorStep } from '../../src/engine/run-plan.js';

describe('check mode', () => {
  const body = `
    steps:
      - id: probe
        readOnly: true
        run: echo probed > {{ params.dir }}/probe; echo v1.2.3
        capture: { version: stdout }
      - id: precondition
        assert: test -f {{ params.dir }}/etcd.conf
      - id: mutate
        run: touch {{ params.dir }}/mutated
      - id: conf
        edit:
          path: "{{ params.dir }}/etcd.conf"
          setEnv: { ETCD_NAME: new-name }
          removeLines: '^# drop me'
  `;
  const conf = 'ETCD_NAME=old-name\n# drop me\nETCD_DATA_DIR=/var/lib/etcd\n';

  it('runs read-only steps and asserts, skips mutating ones, and shows a real diff without writing', async () => {
    const c = compileInline(body);
    writeFileSync(join(c.dir, 'etcd.conf'), conf);
    const r = await runEngine(c, { mode: 'check' });
    expect(r.result).toEqual({ status: 'checked', exitCode: 0, hosts: [] });
    expect(existsSync(join(c.dir, 'probe'))).toBe(true);
    expect(r.ends.get('probe')).toMatchObject({ status: 'ok', captures: { version: 'v1.2.3' } });
    expect(r.ends.get('precondition')).toMatchObject({ status: 'ok' });
    expect(existsSync(join(c.dir, 'mutated'))).toBe(false);
    expect(r.ends.get('mutate')).toMatchObject({ status: 'skipped', reason: 'check: would run', message: `touch ${c.dir}/mutated` });
    const edit = r.ends.get('conf')!;
    expect(edit).toMatchObject({ status: 'skipped', reason: 'check: would change' });
    expect(edit.diff).toBe(
      [
        `--- local:${c.dir}/etcd.conf`,
        `+++ local:${c.dir}/etcd.conf`,
        '@@ -1,3 +1,2 @@',
        '-ETCD_NAME=old-name',
        '-# drop me',
        '+ETCD_NAME=new-name',
        ' ETCD_DATA_DIR=/var/lib/etcd',
        '',
      ].join('\n'),
    );
    expect(read(join(c.dir, 'etcd.conf'))).toBe(conf);
    // No backup either: nothing was written next to the file.
    expect(readdirSync(c.dir).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('a failing assert under --check is a precondition failure (exit 3)', async () => {
    const c = compileInline(body);
    const r = await runEngine(c, { mode: 'check' });
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 3, failedStep: 'precondition@local' });
  });

  it('the same plan run for real writes the edit, with a backup, keeping the file mode', async () => {
    const c = compileInline(body);
    writeFileSync(join(c.dir, 'etcd.conf'), conf, { mode: 0o640 });
    chmodSync(join(c.dir, 'etcd.conf'), 0o640);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(read(join(c.dir, 'etcd.conf'))).toBe('ETCD_NAME=new-name\nETCD_DATA_DIR=/var/lib/etcd\n');
    expect(statSync(join(c.dir, 'etcd.conf')).mode & 0o777).toBe(0o640);
    const backups = readdirSync(c.dir).filter((f) => /^etcd\.conf\.opsctl-\d{8}T\d{6}-\d+\.bak$/.test(f));
    expect(backups).toHaveLength(1);
    expect(read(join(c.dir, backups[0]))).toBe(conf);
    expect(r.ends.get('conf')).toMatchObject({ status: 'changed' });
    expect(existsSync(join(c.dir, 'mutated'))).toBe(true);
  });
});

describe('resume through prior', () => {
  const body = `
    steps:
      - id: a
        run: echo a >> {{ params.dir }}/log
      - id: b
        run: echo b >> {{ params.dir }}/log
      - id: c
        run: echo c >> {{ params.dir }}/log
  `;
  const prior = (entries: Record<string, PriorStep['state']>) => new Map(Object.entries(entries).map(([k, state]) => [k, { state }]));
  const log = (dir: string) => (existsSync(join(dir, 'log')) ? read(join(dir, 'log')).trim().split('\n') : []);

  it('skips steps done in an earlier attempt and runs a failed one again', async () => {
    const c = compileInline(body);
    const r = await runEngine(c, { prior: prior({ 'a@local': 'done', 'b@local': 'failed' }) });
    expect(r.result.status).toBe('succeeded');
    expect(log(c.dir)).toEqual(['b', 'c']);
    expect(r.ends.get('a')).toMatchObject({ status: 'skipped', reason: 'completed in an earlier attempt' });
  });

  it('stops at an unknown step that is not idempotent, unless retryUnknown', async () => {
    const c = compileInline(body);
    const r = await runEngine(c, { prior: prior({ 'a@local': 'done', 'b@local': 'unknown' }) });
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'b@local' });
    expect(r.result.message).toMatch(/whether it took effect is unknown/);
    expect(r.of('message')[0]).toMatchObject({ level: 'error', hint: expect.stringMatching(/--retry-unknown/) });
    expect(log(c.dir)).toEqual([]);

    const again = await runEngine(c, { prior: prior({ 'a@local': 'done', 'b@local': 'unknown' }), retryUnknown: true });
    expect(again.result.status).toBe('succeeded');
    expect(log(c.dir)).toEqual(['b', 'c']);
  });

  it('runs an unknown step again when it is idempotent', async () => {
    const c = compileInline(body.replace('      - id: b\n', '      - id: b\n        idempotent: true\n'));
    const r = await runEngine(c, { prior: prior({ 'a@local': 'done', 'b@local': 'unknown' }) });
    expect(r.result.status).toBe('succeeded');
    expect(log(c.dir)).toEqual(['b', 'c']);
  });

  it('a mutating step done earlier counts as a change: a failing assert after it is exit 1, not 3', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: "true"
        - id: check
          assert: "false"
    `);
    const r = await runEngine(c, { prior: prior({ 'a@local': 'done' }) });
    expect(r.result.exitCode).toBe(1);
  });

  it('undoes a step completed in an earlier attempt when a later step fails', async () => {
    const c = compileInline(`
      steps:
        - id: a
          run: echo a >> {{ params.dir }}/log
          undo: echo undo-a >> {{ params.dir }}/log
        - id: b
          run: "false"
    `);
    const r = await runEngine(c, { prior: prior({ 'a@local': 'done' }) });
    expect(r.result.status).toBe('failed');
    expect(log(c.dir)).toEqual(['undo-a']);
  });
});
