import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/edit/diff.js';
import { getEnv, removeFromList, setEnv, unsetEnv } from '../../src/edit/env-file.js';
import { crlf, expectIdempotent, fixture } from './helpers.js';

const etcdConf = fixture('etcd.conf');
const flanneld = fixture('flanneld');
const CLUSTER3 =
  'master-0.example.com=https://10.0.0.10:2380,master-1.example.com=https://10.0.0.11:2380,master-2.example.com=https://10.0.0.12:2380';
const CLUSTER2 = 'master-0.example.com=https://10.0.0.10:2380,master-1.example.com=https://10.0.0.11:2380';

describe('removeFromList on /etc/etcd/etcd.conf (OCP 3.11 5.2.1.4 step 2)', () => {
  it('removes a member from ETCD_INITIAL_CLUSTER by name, and nothing else', () => {
    const r = removeFromList(etcdConf, 'ETCD_INITIAL_CLUSTER', 'master-2.example.com');
    expect(r.changed).toBe(true);
    expect(r.text).toBe(etcdConf.replace(`ETCD_INITIAL_CLUSTER=${CLUSTER3}`, `ETCD_INITIAL_CLUSTER=${CLUSTER2}`));
    expect(r.notes).toEqual(['removed master-2.example.com=https://10.0.0.12:2380 from ETCD_INITIAL_CLUSTER (line 15)']);
    expect(unifiedDiff(etcdConf, r.text, { oldLabel: 'master-0:/etc/etcd/etcd.conf', newLabel: 'master-0:/etc/etcd/etcd.conf' })).toBe(
      [
        '--- master-0:/etc/etcd/etcd.conf',
        '+++ master-0:/etc/etcd/etcd.conf',
        '@@ -12,7 +12,7 @@',
        ' ',
        ' #[cluster]',
        ' ETCD_INITIAL_ADVERTISE_PEER_URLS=https://10.0.0.10:2380',
        `-ETCD_INITIAL_CLUSTER=${CLUSTER3}`,
        `+ETCD_INITIAL_CLUSTER=${CLUSTER2}`,
        ' ETCD_INITIAL_CLUSTER_STATE=new',
        ' ETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster-1',
        ' #ETCD_DISCOVERY=',
        '',
      ].join('\n'),
    );
    const notes = expectIdempotent((t) => removeFromList(t, 'ETCD_INITIAL_CLUSTER', 'master-2.example.com'), r);
    expect(notes).toEqual(['"master-2.example.com" is not in ETCD_INITIAL_CLUSTER (line 15); unchanged']);
  });

  it('matches a member by its peer URL host too, and removes the first element cleanly', () => {
    expect(getEnv(removeFromList(etcdConf, 'ETCD_INITIAL_CLUSTER', '10.0.0.12').text, 'ETCD_INITIAL_CLUSTER')).toBe(CLUSTER2);
    expect(getEnv(removeFromList(etcdConf, 'ETCD_INITIAL_CLUSTER', 'master-0.example.com').text, 'ETCD_INITIAL_CLUSTER')).toBe(
      'master-1.example.com=https://10.0.0.11:2380,master-2.example.com=https://10.0.0.12:2380',
    );
  });

  it('keeps CRLF line endings', () => {
    const r = removeFromList(crlf(etcdConf), 'ETCD_INITIAL_CLUSTER', 'master-2.example.com');
    expect(r.text).toBe(crlf(etcdConf.replace(CLUSTER3, CLUSTER2)));
  });

  it('says so when the key is not set, and never touches a commented-out line', () => {
    const text = `#ETCD_INITIAL_CLUSTER=${CLUSTER3}\n`;
    expect(removeFromList(text, 'ETCD_INITIAL_CLUSTER', 'master-2.example.com')).toEqual({
      text, changed: false, notes: ['ETCD_INITIAL_CLUSTER is not set; nothing to remove'],
    });
  });

  it('keeps the quote style and warns when the list becomes empty', () => {
    const r = removeFromList("export A='x=https://h1:1'  # only one\n", 'A', 'x');
    expect(r.text).toBe("export A=''  # only one\n");
    expect(r.notes).toEqual(['removed x=https://h1:1 from A (line 1)', 'A is now empty (line 1)']);
  });

  it('supports another separator and spaces after it', () => {
    expect(removeFromList('L="a; b; c"\n', 'L', 'a', ';').text).toBe('L="b; c"\n');
    expect(removeFromList('L="a; b; c"\n', 'L', 'b', ';').text).toBe('L="a; c"\n');
  });
});

describe('removeFromList on /etc/sysconfig/flanneld (OCP 3.11 5.2.1.4 step 4)', () => {
  it('removes an endpoint by URL host name', () => {
    const r = removeFromList(flanneld, 'FLANNEL_ETCD_ENDPOINTS', 'master-2.example.com');
    expect(r.text).toBe(flanneld.replace(',https://master-2.example.com:2379', ''));
    expect(r.notes).toEqual(['removed https://master-2.example.com:2379 from FLANNEL_ETCD_ENDPOINTS (line 4)']);
    expectIdempotent((t) => removeFromList(t, 'FLANNEL_ETCD_ENDPOINTS', 'master-2.example.com'), r);
  });

  it('does not match a host that is only a prefix of another', () => {
    expect(removeFromList(flanneld, 'FLANNEL_ETCD_ENDPOINTS', 'master-2').changed).toBe(false);
  });
});

describe('setEnv', () => {
  it('replaces a value in place, keeping double quotes, comments and everything else', () => {
    const r = setEnv(etcdConf, { ETCD_INITIAL_CLUSTER: CLUSTER2, ETCD_CLIENT_CERT_AUTH: 'false' });
    expect(r.text).toBe(etcdConf.replace(CLUSTER3, CLUSTER2).replace('ETCD_CLIENT_CERT_AUTH="true"', 'ETCD_CLIENT_CERT_AUTH="false"'));
    expect(r.notes).toEqual(['set ETCD_INITIAL_CLUSTER on line 15', 'set ETCD_CLIENT_CERT_AUTH on line 33']);
    const notes = expectIdempotent((t) => setEnv(t, { ETCD_INITIAL_CLUSTER: CLUSTER2, ETCD_CLIENT_CERT_AUTH: 'false' }), r);
    expect(notes).toEqual([
      'ETCD_INITIAL_CLUSTER already has that value (line 15); unchanged',
      'ETCD_CLIENT_CERT_AUTH already has that value (line 33); unchanged',
    ]);
  });

  it('appends an absent key at the end, keeping CRLF and a missing final newline', () => {
    expect(setEnv('A=1\n', { B: 'two words' }).text).toBe('A=1\nB="two words"\n');
    expect(setEnv('A=1\r\n', { B: '2' }).text).toBe('A=1\r\nB=2\r\n');
    expect(setEnv('A=1', { B: '2' }).text).toBe('A=1\nB=2');
    expect(setEnv('', { B: '2' })).toEqual({ text: 'B=2\n', changed: true, notes: ['added B at the end (it was not set)'] });
  });

  it('quotes when the new value needs it, and escapes what double quotes do not protect', () => {
    expect(setEnv('A=x\n', { A: 'a b' }).text).toBe('A="a b"\n');
    expect(setEnv('A=x\n', { A: '$HOME' }).text).toBe('A="\\$HOME"\n');
    expect(setEnv("A='x'\n", { A: "it's" }).text).toBe('A="it\'s"\n');
    expect(setEnv("  export A='x' # keep me\n", { A: 'y z' }).text).toBe("  export A='y z' # keep me\n");
  });

  it('updates every uncommented copy of the key, never a commented one', () => {
    const r = setEnv('#A=old\nA=1\nB=2\nA=3\n', { A: '9' });
    expect(r.text).toBe('#A=old\nA=9\nB=2\nA=9\n');
    expect(r.notes).toEqual(['set A on lines 2, 4']);
  });

  it('refuses to rewrite a value it cannot parse safely, and a newline in a value', () => {
    expect(() => setEnv('A="unterminated\nB=1\n', { A: 'x' })).toThrow('line 1: the quoted value of A does not end on its line');
    expect(() => setEnv('A=1\n', { A: 'x\ny' })).toThrow('cannot contain a newline');
    expect(() => setEnv('A=1\n', { 'not-a-key': 'x' })).toThrow('"not-a-key" is not a valid variable name');
  });
});

describe('unsetEnv and getEnv', () => {
  it('removes the lines of the keys, once', () => {
    const r = unsetEnv(etcdConf, ['ETCD_DEBUG', 'ETCD_NOPE']);
    expect(r.text).toBe(etcdConf.replace('ETCD_DEBUG="False"\n', ''));
    expect(r.notes).toEqual(['removed ETCD_DEBUG (line 44)', 'ETCD_NOPE is not set; nothing to remove']);
    expectIdempotent((t) => unsetEnv(t, ['ETCD_DEBUG']), r);
  });

  it('reads values as a shell would: unquoted, last one wins, comments ignored', () => {
    expect(getEnv(etcdConf, 'ETCD_CLIENT_CERT_AUTH')).toBe('true');
    expect(getEnv(flanneld, 'FLANNEL_ETCD_PREFIX')).toBe('/openshift.com/network');
    expect(getEnv('A=1\nA=2 # two\n#A=3\n', 'A')).toBe('2');
    expect(getEnv('A="a \\"b\\" \\$c"\n', 'A')).toBe('a "b" $c');
    expect(getEnv(etcdConf, 'ETCD_WAL_DIR')).toBeUndefined();
  });
});
