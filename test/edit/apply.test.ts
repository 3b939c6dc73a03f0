import { describe, expect, it } from 'vitest';
import { applyEdits, describeEditOp, type ResolvedEditOp } from '../../src/edit/apply.js';
import { crlf, fixture } from './helpers.js';

const etcdConf = fixture('etcd.conf');

describe('applyEdits', () => {
  const ops: ResolvedEditOp[] = [
    { op: 'removeFromList', key: 'ETCD_INITIAL_CLUSTER', item: 'master-2.example.com', separator: ',' },
    { op: 'setEnv', values: { ETCD_INITIAL_CLUSTER_STATE: 'existing' } },
    { op: 'unsetEnv', keys: ['ETCD_DEBUG'] },
    { op: 'removeLines', pattern: '^#ETCD_DISCOVERY' },
  ];

  it('applies ops in order and collects their notes', () => {
    const r = applyEdits(crlf(etcdConf), ops);
    expect(r.changed).toBe(true);
    expect(r.text).toBe(
      crlf(
        etcdConf
          .replace(',master-2.example.com=https://10.0.0.12:2380', '')
          .replace('ETCD_INITIAL_CLUSTER_STATE=new', 'ETCD_INITIAL_CLUSTER_STATE=existing')
          .replace('ETCD_DEBUG="False"\n', '')
          .replace(/^#ETCD_DISCOVERY.*\n/gm, ''),
      ),
    );
    expect(r.notes).toEqual([
      'removed master-2.example.com=https://10.0.0.12:2380 from ETCD_INITIAL_CLUSTER (line 15)',
      'set ETCD_INITIAL_CLUSTER_STATE on line 16',
      'removed ETCD_DEBUG (line 44)',
      'removed 4 lines matching /^#ETCD_DISCOVERY/ (lines 18, 19, 20, 21)',
    ]);
    const again = applyEdits(r.text, ops);
    expect(again).toMatchObject({ text: r.text, changed: false });
    expect(again.notes).toHaveLength(4);
  });

  it('reports no change for no ops, and throws on an op it cannot apply', () => {
    expect(applyEdits('A=1\n', [])).toEqual({ text: 'A=1\n', changed: false, notes: [] });
    expect(() => applyEdits('A=1\n', [{ op: 'removeLines', pattern: '[' }])).toThrow('invalid regular expression');
  });
});

describe('describeEditOp', () => {
  it.each<[ResolvedEditOp, string]>([
    [{ op: 'removeLines', pattern: '^\\s*server\\s+master-2\\b' }, 'remove lines matching /^\\s*server\\s+master-2\\b/'],
    [{ op: 'setEnv', values: { ETCD_INITIAL_CLUSTER: 'm0=https://10.0.0.10:2380', X: '1' } }, 'set ETCD_INITIAL_CLUSTER=m0=https://10.0.0.10:2380, X=1'],
    [{ op: 'unsetEnv', keys: ['A', 'B'] }, 'unset A, B'],
    [{ op: 'removeFromList', key: 'ETCD_INITIAL_CLUSTER', item: 'master-2', separator: ',' }, 'remove "master-2" from ETCD_INITIAL_CLUSTER'],
    [{ op: 'removeFromList', key: 'L', item: 'x', separator: ' ' }, 'remove "x" from L (separated by " ")'],
    [{ op: 'removeHostFromGroups', host: 'master-2', groups: ['masters', 'nodes'] }, 'remove host master-2 from [masters], [nodes]'],
    [{ op: 'removeServer', server: 'master-2' }, 'remove haproxy server master-2 from every backend'],
  ])('%j', (op, text) => expect(describeEditOp(op)).toBe(text));
});
