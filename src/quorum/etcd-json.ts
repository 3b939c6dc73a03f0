// Reads what `etcdctl -w json` prints for `member list`, `endpoint health --cluster` and
// `endpoint status --cluster` into members with hex ids (the form `member remove` takes), their
// health and the leader. Pure.

export interface EtcdMember {
  /** Hex id, as `etcdctl member list` (simple) prints it and `member remove` takes it. */
  id: string;
  /** Empty for a member that was added but has not started yet. */
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  learner: boolean;
}

export interface MemberState extends EtcdMember {
  /** undefined when no health entry names one of the member's client URLs. */
  healthy: boolean | undefined;
  leader: boolean;
}

// Member ids are uint64 and lose digits as JS numbers: quote them before JSON.parse.
function parseLossless(text: string, what: string): unknown {
  const quoted = text.replace(/("(?:ID|member_id|cluster_id|leader|raft_term|revision)"\s*:\s*)(\d+)/g, '$1"$2"');
  try {
    return JSON.parse(quoted);
  } catch {
    throw new Error(`${what} is not the JSON etcdctl -w json prints: ${text.trim().slice(0, 120) || '(empty)'}`);
  }
}

export function toHexId(decimal: string): string {
  return BigInt(decimal).toString(16);
}

/** Same member id whatever the form: hex with or without leading zeros, any case. */
export function sameId(a: string, b: string): boolean {
  const hex = /^(0x)?[0-9a-f]+$/i;
  if (!hex.test(a) || !hex.test(b)) return false;
  return BigInt(`0x${a.replace(/^0x/i, '')}`) === BigInt(`0x${b.replace(/^0x/i, '')}`);
}

export function parseMemberList(text: string): EtcdMember[] {
  const doc = parseLossless(text, 'member list') as { members?: Array<Record<string, unknown>> };
  if (!doc || !Array.isArray(doc.members)) throw new Error('member list has no "members"');
  return doc.members.map((m) => ({
    id: toHexId(String(m.ID)),
    name: typeof m.name === 'string' ? m.name : '',
    peerURLs: Array.isArray(m.peerURLs) ? m.peerURLs.map(String) : [],
    clientURLs: Array.isArray(m.clientURLs) ? m.clientURLs.map(String) : [],
    learner: m.isLearner === true,
  }));
}

/** endpoint → healthy, from `endpoint health [--cluster] -w json` (a failed endpoint is false). */
export function parseHealth(text: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (text.trim() === '') return out;
  const doc = parseLossless(text, 'endpoint health');
  const list = Array.isArray(doc) ? doc : [doc];
  for (const e of list as Array<Record<string, unknown>>) {
    if (typeof e?.endpoint === 'string') out.set(normalizeUrl(e.endpoint), e.health === true);
  }
  return out;
}

/** The leader's hex id as the reachable endpoints report it, from `endpoint status -w json`. */
export function parseLeader(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const doc = parseLossless(text, 'endpoint status');
  const list = (Array.isArray(doc) ? doc : [doc]) as Array<{ Status?: { leader?: string } }>;
  const leader = list.map((e) => e?.Status?.leader).find((l) => l !== undefined && l !== '0');
  return leader === undefined ? undefined : toHexId(leader);
}

export function memberStates(members: EtcdMember[], health: Map<string, boolean>, leaderId?: string): MemberState[] {
  return members.map((m) => {
    const seen = m.clientURLs.map((u) => health.get(normalizeUrl(u))).filter((h) => h !== undefined);
    return {
      ...m,
      healthy: seen.length === 0 ? undefined : seen.some(Boolean),
      leader: leaderId !== undefined && sameId(m.id, leaderId),
    };
  });
}

function normalizeUrl(u: string): string {
  return u.trim().replace(/\/+$/, '').toLowerCase();
}

/** The host part of a URL such as https://10.0.0.1:2379 or https://[fd00::1]:2380. */
export function urlHost(u: string): string | undefined {
  try {
    return new URL(u).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return undefined;
  }
}
