// The quorum guard's arithmetic, table-driven: what etcdctl prints goes in, the verdict and the
// lines an operator reads come out. No etcd here; the lab tests run the same code for real.
import { describe, expect, it } from 'vitest';
import { assessAddition, assessRemoval, initialCluster, matchesMember, quorumOf, toleranceOf } from '../../src/quorum/arithmetic.js';
import { memberStates, parseHealth, parseLeader, parseMemberList, sameId, type MemberState } from '../../src/quorum/etcd-json.js';

// What `etcdctl member list -w json` printed on a 3-member lab: ids above 2^53.
const LIST = `{"header":{"cluster_id":15349410843200468844,"member_id":5485426831837856704,"raft_term":2},"members":[{"ID":2718430760990896825,"name":"master-2","peerURLs":["https://127.0.10.12:2380"],"clientURLs":["https://127.0.10.12:2379"]},{"ID":5485426831837856704,"name":"master-0","peerURLs":["https://127.0.10.10:2380"],"clientURLs":["https://127.0.10.10:2379"]},{"ID":14650328383870170838,"name":"master-1","peerURLs":["https://127.0.10.11:2380"],"clientURLs":["https://127.0.10.11:2379"]}]}`;
const HEALTH_ONE_DOWN = `[{"endpoint":"https://127.0.10.10:2379","health":true,"took":"6.8ms"},{"endpoint":"https://127.0.10.11:2379","health":true,"took":"9.9ms"},{"endpoint":"https://127.0.10.12:2379","health":false,"took":"5.0s","error":"context deadline exceeded"}]`;
const STATUS = `[{"Endpoint":"https://127.0.10.10:2379","Status":{"header":{"cluster_id":15349410843200468844,"member_id":5485426831837856704,"revision":2,"raft_term":3},"version":"3.4.23","dbSize":28672,"leader":14650328383870170838,"raftIndex":13}}]`;

function cluster(n: number, opts: { unhealthy?: number[]; leader?: number } = {}): MemberState[] {
  return Array.from({ length: n }, (_, i) => ({
    id: (0xa0 + i).toString(16),
    name: `m${i}`,
    peerURLs: [`https://10.0.0.${i}:2380`],
    clientURLs: [`https://10.0.0.${i}:2379`],
    learner: false,
    healthy: !(opts.unhealthy ?? []).includes(i),
    leader: opts.leader === i,
  }));
}
const remove = (members: MemberState[], name: string, extra: { allowEven?: boolean; evenPlan?: string; absentOk?: boolean } = {}) =>
  assessRemoval({ members, isTarget: (m) => matchesMember(m, name), targetLabel: name, allowEven: extra.allowEven ?? false, ...extra });

describe('quorum arithmetic', () => {
  it('quorum is ⌊n/2⌋+1; an even cluster tolerates no more failures than the odd one below it', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumOf)).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect([1, 2, 3, 4, 5, 6, 7].map(toleranceOf)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

describe('etcdctl -w json', () => {
  it('keeps uint64 member ids exact, in the hex form member remove takes', () => {
    const m = parseMemberList(LIST);
    expect(m.map((x) => [x.name, x.id])).toEqual([
      ['master-2', '25b9ce5fcf5b72b9'],
      ['master-0', '4c2026a3f91783c0'],
      ['master-1', 'cb506c0b5b6776d6'],
    ]);
    expect(sameId('00cb506c0b5b6776d6', 'CB506C0B5B6776D6')).toBe(true);
  });

  it('ties health entries and the leader to members by client URL and id', () => {
    const states = memberStates(parseMemberList(LIST), parseHealth(HEALTH_ONE_DOWN), parseLeader(STATUS));
    expect(states.map((s) => [s.name, s.healthy, s.leader])).toEqual([
      ['master-2', false, false],
      ['master-0', true, false],
      ['master-1', true, true],
    ]);
    expect(memberStates(parseMemberList(LIST), parseHealth(''))[0].healthy).toBeUndefined();
  });

  it('says what it expected when the text is not etcdctl JSON', () => {
    expect(() => parseMemberList('Error: context deadline exceeded')).toThrow(/member list is not the JSON etcdctl -w json prints/);
  });
});

describe('assessRemoval (the quorum guard)', () => {
  it('allows 5 → 4 only with --allow-even, explaining the count', () => {
    const refused = remove(cluster(5), 'm4');
    expect(refused.ok).toBe(false);
    expect(refused.lines).toEqual([
      'now:     5 members (m0, m1, m2, m3, m4), 5 healthy; quorum ⌊5/2⌋+1 = 3, tolerates 2 failures',
      'remove:  m4 (id a4, healthy)',
      'after:   4 members, 4 healthy; quorum ⌊4/2⌋+1 = 3, tolerates 1 failure',
      'refused: 4 members is an even count: quorum 3 tolerates 1 failure, no more than 3 members would, and a split can leave no majority; pass --allow-even, or --even-plan TEXT saying how the count gets back to odd',
    ]);
    const allowed = remove(cluster(5), 'm4', { allowEven: true });
    expect(allowed.ok).toBe(true);
    expect(allowed.survivor).toBe('https://10.0.0.0:2379');
    expect(allowed.summary).toBe('5 → 4 members, 4 healthy left; quorum 3, tolerates 1 failure');
    expect(remove(cluster(5), 'm4', { evenPlan: 'add m5 tomorrow', allowEven: true }).lines).toContain('even:    4 members accepted (plan: add m5 tomorrow)');
  });

  it('allows 4 → 3 and announces the leader', () => {
    const v = remove(cluster(4, { leader: 2 }), 'm2');
    expect(v.ok).toBe(true);
    expect(v.lines).toContain('leader:  m2 is the leader; the others elect a new one after the removal (writes pause briefly)');
    expect(v.summary).toMatch(/m2 is the leader \(a new one is elected\)$/);
  });

  it('refuses a two-member cluster even with --allow-even, and the only member', () => {
    expect(remove(cluster(2), 'm1', { allowEven: true }).summary).toMatch(/^refused: the cluster has two members; etcd's docs call removing a member of a two-member cluster unsafe/);
    expect(remove(cluster(1), 'm0', { allowEven: true }).summary).toMatch(/^refused: m0 is the only member/);
  });

  it('refuses when the healthy members left would not be a quorum', () => {
    // 5 members, 2 down: removing a healthy one leaves 2 healthy of 4 (quorum 3).
    const v = remove(cluster(5, { unhealthy: [3, 4] }), 'm0', { allowEven: true });
    expect(v.ok).toBe(false);
    expect(v.summary).toBe('refused: 2 healthy members would be left, below the quorum of 3 for 4 members: the cluster would stop');
  });

  it('refuses when there is no quorum now, and allows removing a dead member that keeps it', () => {
    expect(remove(cluster(3, { unhealthy: [1, 2] }), 'm2', { allowEven: true }).summary).toMatch(/only 1 of 3 members are healthy, below the quorum of 2/);
    const dead = remove(cluster(3, { unhealthy: [2] }), 'm2', { allowEven: true });
    expect(dead.ok).toBe(true);
    expect(dead.lines[0]).toContain('m2 ✗unhealthy');
    expect(dead.summary).toBe('3 → 2 members, 2 healthy left; quorum 2, tolerates 0 failures');
  });

  it('finds the member by name, hex id or address; an unknown one is refused with the list, or fine with absentOk', () => {
    const m = cluster(3);
    expect(matchesMember(m[1], 'a1')).toBe(true);
    expect(matchesMember(m[1], 'master-1.example.com', ['10.0.0.1'])).toBe(true);
    expect(matchesMember(m[1], 'm2')).toBe(false);
    expect(remove(m, 'nope').summary).toBe('refused: no member named or with id "nope"; members: m0 a0, m1 a1, m2 a2');
    const absent = remove(m, 'nope', { absentOk: true });
    expect(absent.target).toBeUndefined();
    expect(absent).toMatchObject({ ok: true, summary: 'nope is not an etcd member: the etcd membership stays at 3' });
  });
});

describe('assessAddition', () => {
  it('from one member to two: allowed, saying writes stop until the new one started', () => {
    const v = assessAddition({ members: cluster(1), name: 'm1', peerURL: 'https://10.0.0.1:2380' });
    expect(v.ok).toBe(true);
    expect(v.summary).toBe('1 → 2 members; quorum 2, tolerates 0 failures; writes stop until m1 has started');
  });

  it('an unstarted member with the same peer URL is an earlier attempt: allowed, alreadyAdded', () => {
    const members = [...cluster(2), { ...cluster(3)[2], name: '', healthy: undefined, leader: false }];
    const v = assessAddition({ members, name: 'm2', peerURL: 'https://10.0.0.2:2380' });
    expect(v).toMatchObject({ ok: true, alreadyAdded: true, summary: '2 → 3 members; quorum 2, tolerates 1 failure' });
  });

  it('refuses a started member, an unhealthy cluster, and a second pending member', () => {
    expect(assessAddition({ members: cluster(3), name: 'x', peerURL: 'https://10.0.0.2:2380' }).summary).toMatch(/already the peer URL of started member m2/);
    expect(assessAddition({ members: cluster(3, { unhealthy: [1] }), name: 'm3', peerURL: 'https://10.0.0.3:2380' }).summary).toBe('refused: add members only to a healthy cluster: m1 is not healthy');
    const pending = [...cluster(2), { ...cluster(3)[2], name: '', healthy: undefined, leader: false }];
    expect(assessAddition({ members: pending, name: 'm3', peerURL: 'https://10.0.0.3:2380' }).summary).toMatch(/was added but never started: start or remove it first/);
  });
});

describe('initialCluster', () => {
  it('lists every member name=peer URL, sorted, the pending one named', () => {
    const members = [...cluster(2).reverse(), { ...cluster(3)[2], name: '' }];
    expect(initialCluster(members, { name: 'm2', peerURL: 'https://10.0.0.2:2380' })).toBe('m0=https://10.0.0.0:2380,m1=https://10.0.0.1:2380,m2=https://10.0.0.2:2380');
    expect(initialCluster(cluster(1), { name: 'm1', peerURL: 'https://10.0.0.1:2380' })).toBe('m0=https://10.0.0.0:2380,m1=https://10.0.0.1:2380');
    expect(() => initialCluster(members)).toThrow(/has not started and has no name/);
  });
});
