import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/load.js';

const FIVE_MISTAKES = `apiVersion: opsctl/v1
kind: Runbook
metadata:
  name: etcd-snapshot
params:
  host: { type: string, requird: true }
steps:
  - id: snap
    run: etcdctl snapshot save /tmp/s.db
    timeout: soon
  - id: check
    assert: "test -s /tmp/s.db"
    retryDelay: 5s
  - id: snap
    run: ls
  - id: copy
    fetch: { src: /tmp/s.db }
`;

const COMPLEX = `# A realistic runbook using every kind.
apiVersion: opsctl/v1
kind: Runbook
metadata:
  name: master-decommission
  title: Remove a master from an OpenShift 3.11 cluster
  source: "OCP 3.11 docs"
params:
  host: { type: string, required: true, description: master to remove }
  backupRoot: { type: string, default: /backup }
  compress: { type: boolean, default: true }
  mode: { type: string, enum: [drain, force], default: drain }
  awsSecret: { type: string, secret: true }
targets:
  master: "{{ params.host }}"
  others: [master-0, master-1]
vars:
  backupDir: "{{ params.backupRoot }}/{{ run.id }}"
lock: [etcd-cluster]
steps:
  - id: hostname
    on: master
    run: hostname
    readOnly: true
    capture: { hostname: stdout, version: { regex: 'v(\\d+)', group: 1 } }
  - id: health
    assert: { run: "etcdctl endpoint health", message: etcd must be healthy }
  - id: gate
    confirm: "Remove {{ params.host }}?"
  - id: backup
    include: { runbook: master-backup, params: { host: "{{ params.host }}" } }
  - id: members
    foreach:
      items: "{{ groups.etcd }}"
      as: member
      serial: 1
      steps:
        - id: remove-member
          on: "{{ member }}"
          sudo: true
          run: etcdctl member remove x
          retries: 3
          retryDelay: 10s
          okExitCodes: [0, 1]
  - id: haproxy
    on: lb
    edit: { path: /etc/haproxy/haproxy.cfg, removeServer: "{{ params.host }}" }
  - id: push
    copy: { src: ./files/x.conf, dest: /etc/x.conf, mode: "0644" }
  - id: pull
    fetch: { src: /backup/a.tar.gz, dest: ./backups/ }
  - id: nodes-ready
    wait: { run: "oc get nodes", until: "stdout contains 'Ready'", interval: 10s, timeout: 10m }
finally:
  - id: uncordon
    run: oc adm uncordon x
    idempotent: true
`;

describe('parseRunbook', () => {
  it('reports five mistakes as five diagnostics, in source order', () => {
    const { runbook, diagnostics } = parseRunbook(FIVE_MISTAKES, 'snap.yaml');
    expect(runbook).toBeUndefined();
    expect(diagnostics.map((d) => [`${d.line}:${d.col}`, d.path, d.message])).toEqual([
      ['6:25', 'params.host.requird', 'unknown field "requird"'],
      ['10:14', 'steps[0].timeout', 'expected a duration like 30s, 5m, 1h or 500ms, found "soon"'],
      ['13:5', 'steps[1].retryDelay', 'retryDelay has no effect without retries'],
      ['14:9', 'steps[2].id', 'duplicate step id "snap"'],
      ['17:5', 'steps[3].fetch.dest', 'missing required field "dest"'],
    ]);
    expect(diagnostics[0].hint).toBe('did you mean "required"?');
    expect(diagnostics[3].hint).toContain('first used at line 8');
  });

  it('loads a complex valid runbook cleanly, with defaults and ms durations', () => {
    const { runbook, diagnostics } = parseRunbook(COMPLEX, 'decom.yaml');
    expect(diagnostics).toEqual([]);
    expect(runbook!.steps.map((s) => s.kind)).toEqual(['run', 'assert', 'confirm', 'include', 'foreach', 'edit', 'copy', 'fetch', 'wait']);
    const wait = runbook!.steps[8];
    expect(wait.kind === 'wait' && wait.wait).toMatchObject({ interval: 10_000, timeout: 600_000 });
    const each = runbook!.steps[4];
    expect(each.kind === 'foreach' && each.foreach.steps[0]).toMatchObject({ id: 'remove-member', retries: 3, retryDelay: 10_000 });
    expect(runbook!.finally[0]).toMatchObject({ id: 'uncordon', kind: 'run' });
  });

  it('digests the raw text with sha256', () => {
    const hex = createHash('sha256').update(COMPLEX).digest('hex');
    expect(parseRunbook(COMPLEX, 'x').digest).toBe(`sha256:${hex}`);
    expect(parseRunbook('not: [valid', 'x').digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('locates fields for later stages and says undefined for absent ones', () => {
    const { locate } = parseRunbook(COMPLEX, 'decom.yaml');
    expect(locate(['steps', 1, 'assert', 'run'])).toEqual({ line: 27, col: 20 });
    expect(locate(['steps', 0, 'nope'])).toBeUndefined();
  });

  it('still checks the schema when the only YAML problem is a duplicate key', () => {
    const text = 'apiVersion: opsctl/v1\nkind: Runbook\nmetadata: { name: t }\nsteps:\n  - id: a\n    id: b\n    run: 1\n';
    const { diagnostics } = parseRunbook(text, 'x');
    expect(diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(['6:5 Map keys must be unique', '7:10 expected string, found number 1']);
  });
});
