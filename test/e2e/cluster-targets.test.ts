// Cluster targets through the built CLI, with a stand-in `kubectl` on PATH that answers the
// kube-system uid of whichever cluster the KUBECONFIG it is given points at (a file naming the
// cluster): the identity is pinned and journaled, a kubeconfig re-pointed in the middle of a run
// stops the next change with exit 3 before it runs, and steps see that KUBECONFIG only.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, journal, jsonLines, runIds, tempDir } from './cli.js';

function setup() {
  const dir = tempDir('opsctl-clusters-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // The "API server": the kubeconfig's server line names the cluster; its uid is in uids/<server>.
  writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nserver=$(sed -n 's/^ *server: *https:\\/\\///p' "$KUBECONFIG")\ncat "${dir}/uids/$server"\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  mkdirSync(join(dir, 'uids'));
  writeFileSync(join(dir, 'uids', 'one:6443'), '11111111-1111-1111-1111-111111111111');
  writeFileSync(join(dir, 'uids', 'two:6443'), '22222222-2222-2222-2222-222222222222');
  const kubeconfig = (server: string) =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://${server}\ncontexts:\n- name: c\n  context: { cluster: c, user: u }\ncurrent-context: c\nusers:\n- name: u\n  user: { token: x }\n`;
  writeFileSync(join(dir, 'a.kubeconfig'), kubeconfig('one:6443'));
  writeFileSync(join(dir, 'b.kubeconfig'), kubeconfig('two:6443'));
  writeFileSync(
    join(dir, 'rb.yaml'),
    `apiVersion: opsctl/v1
kind: Runbook
metadata: { name: cluster-pin }
params:
  a: { type: string, required: true }
  b: { type: string, required: true }
  marks: { type: string, required: true }
targets:
  a: { kubeconfig: "{{ params.a }}" }
  b: { kubeconfig: "{{ params.b }}" }
steps:
  - id: first
    on: a
    run: echo "$KUBECONFIG" > {{ params.marks }}/first
  - id: repoint
    run: cp {{ params.b }} {{ params.a }}
  - id: second
    on: a
    run: touch {{ params.marks }}/second
  - id: look
    on: b
    readOnly: true
    run: 'true'
`,
  );
  const marks = join(dir, 'marks');
  mkdirSync(marks);
  const env = { PATH: `${bin}:${process.env.PATH}`, KUBECONFIG: '/nonexistent/inherited' };
  const args = ['run', join(dir, 'rb.yaml'), '-p', `a=${join(dir, 'a.kubeconfig')}`, '-p', `b=${join(dir, 'b.kubeconfig')}`, '-p', `marks=${marks}`];
  return { dir, marks, env, args };
}

describe('cluster targets', () => {
  it('pins each cluster at the start and stops a change on a re-pointed kubeconfig (exit 3, not run)', async () => {
    const t = setup();
    const stateDir = tempDir();
    const r = await cli([...t.args, '-o', 'json'], { stateDir, env: t.env });
    expect(r.exitCode, r.stderr).toBe(3);
    // The step saw the target's kubeconfig, not the inherited one.
    expect(readFileSync(join(t.marks, 'first'), 'utf8').trim()).toBe(join(t.dir, 'a.kubeconfig'));
    expect(existsSync(join(t.marks, 'second'))).toBe(false);
    const failed = jsonLines(r.stdout).find((e) => e.type === 'step.end' && e.stepId === 'second');
    expect(failed).toMatchObject({ status: 'failed', reason: 'cluster identity' });
    expect(String(failed!.message)).toContain(`cluster a: kubeconfig ${join(t.dir, 'a.kubeconfig')} now points at https://two:6443 (kube-system uid 22222222-2222-2222-2222-222222222222), but this run started against https://one:6443 (kube-system uid 11111111-1111-1111-1111-111111111111)`);
    const pins = journal(stateDir, runIds(stateDir)[0]).filter((e) => e.type === 'cluster.pin');
    expect(pins.map((p) => [p.target, p.server, p.uid])).toEqual([
      ['a', 'https://one:6443', '11111111-1111-1111-1111-111111111111'],
      ['b', 'https://two:6443', '22222222-2222-2222-2222-222222222222'],
    ]);
  });

  it('refuses two targets that are one cluster before anything runs', async () => {
    const t = setup();
    writeFileSync(join(t.dir, 'uids', 'two:6443'), '11111111-1111-1111-1111-111111111111');
    writeFileSync(join(t.dir, 'b.kubeconfig'), readFileSync(join(t.dir, 'a.kubeconfig')));
    const r = await cli(t.args, { stateDir: tempDir(), env: t.env });
    expect(r.exitCode).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/targets a and b are the same cluster https:\/\/one:6443/);
    expect(existsSync(join(t.marks, 'first'))).toBe(false);
  });
});
