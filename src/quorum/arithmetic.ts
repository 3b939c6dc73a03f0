// The quorum guard every etcd-changing runbook applies (seed: control-plane resilience, quorum
// protection): a member is removed only if the members left still form a quorum, never from a
// two-member cluster, and never to an even count unless the operator said so. Pure: the verdict
// and the arithmetic behind it, as lines an operator can check by hand.
import { sameId, type MemberState } from './etcd-json.js';

/** Votes a cluster of n members needs to commit anything. */
export const quorumOf = (n: number): number => Math.floor(n / 2) + 1;
/** Members that may fail while the rest keep quorum. */
export const toleranceOf = (n: number): number => Math.max(0, n - quorumOf(n));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quorumText = (n: number) => `quorum ⌊${n}/2⌋+1 = ${quorumOf(n)}, tolerates ${plural(toleranceOf(n), 'failure')}`;

export interface Verdict {
  ok: boolean;
  /** The arithmetic, then any announcement, then the refusal if there is one. */
  lines: string[];
  /** One line for a gate or a summary. */
  summary: string;
}

export interface RemovalInput {
  members: MemberState[];
  /** Matches the member to remove (by name, id or address). */
  isTarget: (m: MemberState) => boolean;
  /** What the operator asked to remove, for messages. */
  targetLabel: string;
  /** An even member count afterwards is accepted (`--allow-even`, or a stated plan). */
  allowEven: boolean;
  /** The operator's plan to get back to an odd count, quoted in the output. */
  evenPlan?: string;
  /** The target may be absent (a master that is not an etcd member): then nothing to remove. */
  absentOk?: boolean;
  /** How the operator accepts an even count with the command at hand. */
  evenHint?: string;
}

export interface RemovalVerdict extends Verdict {
  target?: MemberState;
  /** Client URL of a healthy member that stays: `member remove` goes through it. */
  survivor?: string;
}

const byName = (members: MemberState[]) => [...members].sort((a, b) => a.name.localeCompare(b.name));
const describe = (m: MemberState) =>
  `${m.name || '(unstarted)'}${m.healthy === false ? ' ✗unhealthy' : m.healthy === undefined ? ' ?unknown' : ''}${m.leader ? ' ★leader' : ''}`;

export function assessRemoval(input: RemovalInput): RemovalVerdict {
  const { members } = input;
  const n = members.length;
  const healthy = members.filter((m) => m.healthy === true).length;
  const matches = members.filter(input.isTarget);
  const lines = [`now:     ${plural(n, 'member')} (${byName(members).map(describe).join(', ')}), ${healthy} healthy; ${quorumText(n)}`];
  const refuse = (why: string, extra: Partial<RemovalVerdict> = {}): RemovalVerdict => ({
    ok: false,
    lines: [...lines, `refused: ${why}`],
    summary: `refused: ${why}`,
    ...extra,
  });

  if (matches.length > 1) return refuse(`"${input.targetLabel}" matches ${matches.length} members (${matches.map((m) => `${m.name} ${m.id}`).join(', ')}); give the member id`);
  const target = matches[0];
  if (!target) {
    if (input.absentOk) {
      const summary = `${input.targetLabel} is not an etcd member: the etcd membership stays at ${n}`;
      return { ok: true, lines: [...lines, `remove:  nothing (${summary})`], summary };
    }
    return refuse(`no member named or with id "${input.targetLabel}"; members: ${members.map((m) => `${m.name || '(unstarted)'} ${m.id}`).join(', ')}`);
  }
  const after = n - 1;
  const healthyAfter = healthy - (target.healthy === true ? 1 : 0);
  const survivor = members.find((m) => m !== target && m.healthy === true && m.clientURLs.length > 0)?.clientURLs[0];
  lines.push(`remove:  ${target.name || '(unstarted)'} (id ${target.id}, ${target.healthy === true ? 'healthy' : target.healthy === false ? 'unhealthy' : 'health unknown'}${target.leader ? ', the leader' : ''})`);
  lines.push(`after:   ${plural(after, 'member')}, ${healthyAfter} healthy; ${after > 0 ? quorumText(after) : 'no cluster left'}`);
  const base = { target, survivor };

  if (n === 1) return refuse(`${target.name} is the only member: removing it destroys the cluster`, base);
  if (n === 2) {
    return refuse(`the cluster has two members; etcd's docs call removing a member of a two-member cluster unsafe (the one left must reach quorum ${quorumOf(1)} alone, and a failure during the change stops the cluster); add a member first`, base);
  }
  if (healthy < quorumOf(n)) return refuse(`only ${healthy} of ${n} members are healthy, below the quorum of ${quorumOf(n)}: the cluster cannot commit a membership change now`, base);
  if (healthyAfter < quorumOf(after)) {
    return refuse(`${healthyAfter} healthy members would be left, below the quorum of ${quorumOf(after)} for ${after} members: the cluster would stop`, base);
  }
  if (!survivor) return refuse(`no healthy member other than ${target.name} to send member remove through`, base);
  const notes: string[] = [];
  if (after % 2 === 0) {
    if (!input.allowEven) {
      return refuse(`${after} members is an even count: quorum ${quorumOf(after)} tolerates ${plural(toleranceOf(after), 'failure')}, no more than ${plural(after - 1, 'member')} would, and a split can leave no majority; ${input.evenHint ?? 'pass --allow-even, or --even-plan TEXT saying how the count gets back to odd'}`, base);
    }
    notes.push(`even:    ${after} members accepted${input.evenPlan ? ` (plan: ${input.evenPlan})` : ' (--allow-even)'}`);
  }
  if (target.leader) notes.push(`leader:  ${target.name} is the leader; the others elect a new one after the removal (writes pause briefly)`);
  const summary = `${n} → ${after} members, ${healthyAfter} healthy left; quorum ${quorumOf(after)}, tolerates ${plural(toleranceOf(after), 'failure')}${target.leader ? `; ${target.name} is the leader (a new one is elected)` : ''}`;
  return { ok: true, lines: [...lines, ...notes, `ok:      ${summary}`], summary, ...base };
}

export interface AdditionInput {
  members: MemberState[];
  name: string;
  peerURL: string;
}

export interface AdditionVerdict extends Verdict {
  /** The member is already in the list, not started yet: `member add` was done by an earlier attempt. */
  alreadyAdded: boolean;
}

// Adding grows the quorum before the new member can vote: from one member to two, the cluster
// cannot commit anything until the new member has started. Said out loud, not refused: it is the
// seed's procedure (a one-member cluster grown back one member at a time).
export function assessAddition(input: AdditionInput): AdditionVerdict {
  const { members, name, peerURL } = input;
  const started = members.filter((m) => m.name !== '');
  const n = members.length;
  const healthy = members.filter((m) => m.healthy === true).length;
  const lines = [`now:     ${plural(n, 'member')} (${byName(members).map(describe).join(', ')}), ${healthy} healthy; ${quorumText(n)}`];
  const refuse = (why: string): AdditionVerdict => ({ ok: false, alreadyAdded: false, lines: [...lines, `refused: ${why}`], summary: `refused: ${why}` });

  const same = members.find((m) => m.peerURLs.includes(peerURL));
  if (same && same.name !== '') return refuse(`${peerURL} is already the peer URL of started member ${same.name} (${same.id}); nothing to add`);
  const named = started.find((m) => m.name === name);
  if (named) return refuse(`a member named ${name} already exists (${named.id}, ${named.peerURLs.join(',')}); remove it first`);
  const otherPending = members.filter((m) => m.name === '' && m !== same);
  if (otherPending.length) return refuse(`member ${otherPending.map((m) => `${m.id} (${m.peerURLs.join(',')})`).join(', ')} was added but never started: start or remove it first (one member at a time)`);
  const unhealthy = started.filter((m) => m.healthy !== true);
  if (unhealthy.length) return refuse(`add members only to a healthy cluster: ${unhealthy.map((m) => m.name).join(', ')} ${unhealthy.length === 1 ? 'is' : 'are'} not healthy`);

  const after = same ? n : n + 1;
  lines.push(`add:     ${name} (${peerURL})${same ? ` — already added as ${same.id} by an earlier attempt, not started yet` : ''}`);
  lines.push(`after:   ${plural(after, 'member')}; ${quorumText(after)}`);
  const notes: string[] = [];
  if (quorumOf(after) > healthy) notes.push(`note:    until ${name} has started, ${healthy} of ${after} members cannot reach the quorum of ${quorumOf(after)}: writes stop until it joins`);
  const summary = `${n - (same ? 1 : 0)} → ${after} members; quorum ${quorumOf(after)}, tolerates ${plural(toleranceOf(after), 'failure')}${quorumOf(after) > healthy ? `; writes stop until ${name} has started` : ''}`;
  return { ok: true, alreadyAdded: Boolean(same), lines: [...lines, ...notes, `ok:      ${summary}`], summary };
}

/** `ETCD_INITIAL_CLUSTER` for the members listed (names sorted); an unstarted one takes `name`. */
export function initialCluster(members: MemberState[] | Array<Omit<MemberState, 'healthy' | 'leader'>>, pending?: { name: string; peerURL: string }): string {
  const pairs = members.map((m) => {
    let n = m.name;
    if (n === '' && pending && m.peerURLs.includes(pending.peerURL)) n = pending.name;
    if (n === '') throw new Error(`member ${m.id} (${m.peerURLs.join(',')}) has not started and has no name; start or remove it first`);
    if (m.peerURLs.length === 0) throw new Error(`member ${n} has no peer URL`);
    return `${n}=${m.peerURLs.join(`,${n}=`)}`;
  });
  if (pending && !members.some((m) => m.peerURLs.includes(pending.peerURL))) pairs.push(`${pending.name}=${pending.peerURL}`);
  return pairs.sort().join(',');
}

export function matchesMember(m: MemberState, target: string, addresses: string[] = []): boolean {
  if (m.name === target || sameId(m.id, target)) return true;
  const ids = new Set([target, ...addresses].map((s) => s.toLowerCase()));
  if (m.name && ids.has(m.name.toLowerCase())) return true;
  return [...m.peerURLs, ...m.clientURLs].some((u) => {
    try {
      return ids.has(new URL(u).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase());
    } catch {
      return false;
    }
  });
}
