// `opsctl quorum check|add-check|initial-cluster`: the quorum guard as a command the topology
// runbooks call on the operator's machine (`on: local`) with what etcdctl printed on a member.
// Hidden from --help: it is a runbook building block. The arithmetic goes to stderr (the assert's
// message shows it), values for captures to stdout as KEY=value lines. Exit 0 holds, 3 refused.
import type { GlobalOptions } from '../global-options.js';
import { loadInventoryOption } from '../execute.js';
import { InputError } from '../../errors.js';
import { memberStates, parseHealth, parseLeader, parseMemberList, urlHost } from '../../quorum/etcd-json.js';
import { assessAddition, assessRemoval, initialCluster, matchesMember } from '../../quorum/arithmetic.js';
import { hostIdentities, inventoryHostOf } from '../../quorum/inventory-match.js';
import { escapeTerminal } from '../../report/escape.js';

export interface QuorumFlags {
  members: string;
  health?: string;
  status?: string;
  remove?: string;
  allowEven?: boolean;
  evenPlan?: string;
  evenFlag?: string;
  absentOk?: boolean;
  name?: string;
  peerUrl?: string;
}

export default async function quorum(g: GlobalOptions, verb: 'check' | 'add-check' | 'initial-cluster', flags: QuorumFlags): Promise<number> {
  const members = memberStates(parse(() => parseMemberList(flags.members)), parse(() => parseHealth(flags.health ?? '')), parse(() => parseLeader(flags.status ?? '')));
  const out = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) if (v !== undefined) process.stdout.write(`${k}=${v.replace(/\n/g, ' ')}\n`);
  };
  const say = (lines: string[]) => process.stderr.write(escapeTerminal(lines.join('\n')) + '\n');

  if (verb === 'initial-cluster') {
    const pending = flags.name && flags.peerUrl ? { name: flags.name, peerURL: flags.peerUrl } : undefined;
    out({ initialCluster: parse(() => initialCluster(members, pending)) });
    return 0;
  }
  if (verb === 'add-check') {
    if (!flags.name || !flags.peerUrl) throw new InputError('quorum add-check needs --name and --peer-url');
    const v = assessAddition({ members, name: flags.name, peerURL: flags.peerUrl });
    say(v.lines);
    out({ alreadyAdded: v.alreadyAdded ? 'yes' : 'no', summary: v.summary });
    return v.ok ? 0 : 3;
  }
  if (!flags.remove) throw new InputError('quorum check needs --remove NAME|ID');
  const inventory = loadInventoryOption(g);
  const target = flags.remove;
  const addresses = target in inventory.hosts ? hostIdentities(inventory, target) : [];
  const v = assessRemoval({
    members,
    isTarget: (m) => matchesMember(m, target, addresses),
    targetLabel: target,
    allowEven: Boolean(flags.allowEven || flags.evenPlan),
    evenPlan: flags.evenPlan || undefined,
    absentOk: flags.absentOk,
    evenHint: flags.evenFlag === 'even-plan' ? 'pass --even-plan TEXT saying how the count gets back to odd' : undefined,
  });
  say(v.lines);
  const t = v.target;
  out({
    isMember: t ? 'yes' : 'no',
    memberId: t?.id,
    memberName: t?.name,
    memberClientHost: t ? urlHost(t.clientURLs[0] ?? t.peerURLs[0] ?? '') : undefined,
    inventoryHost: t ? (inventoryHostOf(t, inventory) ?? '') : '',
    isLeader: t?.leader ? 'yes' : 'no',
    survivor: v.survivor,
    summary: v.summary,
  });
  return v.ok ? 0 : 3;
}

function parse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new InputError((e as Error).message, { hint: 'pass what `etcdctl ... -w json` printed' });
  }
}
