// What the topology domain commands work out from the inventory before the plan is compiled, so
// the dry-run shows real values: the inventory file to edit (the -i path), the decommissioned
// master's address (haproxy and the kubernetes endpoints list it), which surviving host runs oc
// and etcdctl, and a preview of the quorum arithmetic from the inventory's [etcd] group. The run
// itself decides on the live member list. Pure: the CLI hands in the parsed inventory.
import type { Inventory } from '../inventory/types.js';
import { InputError } from '../errors.js';
import { suggest } from '../runbook/suggest.js';
import { quorumOf, toleranceOf } from './arithmetic.js';
import { hostAddress, hostIdentities } from './inventory-match.js';

export interface InventoryInput {
  /** Absolute path of the -i file, if one was given. */
  path?: string;
  inventory: Inventory;
}

type Params = Record<string, unknown>;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (names: string[]) => (names.length ? names.join(', ') : 'none');

/** The arithmetic a removal from the inventory's [etcd] would mean; the live member list decides. */
export function removalPreview(etcd: string[], leaving: string | undefined, allowEven: boolean, evenPlan?: string, evenFlag = '--allow-even'): string {
  if (etcd.length === 0) return 'the inventory has no [etcd] group: the live member list decides';
  if (!leaving) return `[etcd] lists ${plural(etcd.length, 'member')}; the member to remove is matched on the live member list`;
  const after = etcd.length - 1;
  const head = `inventory [etcd]: ${etcd.length} → ${after} (${list(etcd.filter((h) => h !== leaving))})`;
  if (after < 2) return `${head}: refused — ${etcd.length === 2 ? 'removing a member of a two-member cluster is unsafe' : 'no cluster left'}`;
  const q = `quorum ⌊${after}/2⌋+1 = ${quorumOf(after)}, tolerates ${plural(toleranceOf(after), 'failure')}`;
  if (after % 2 === 1) return `${head}: ${q}; odd, fine`;
  return `${head}: ${q}; even — ${evenPlan ? `accepted with the plan "${evenPlan}"` : allowEven ? 'accepted (--allow-even)' : `refused without ${evenFlag}`}`;
}

function requireInventory(input: InventoryInput, what: string): string {
  if (!input.path) throw new InputError(`${what} needs the Ansible inventory: pass it with -i (or OPSCTL_INVENTORY)`);
  return input.path;
}

function firstOther(group: string[], not: (h: string) => boolean): string | undefined {
  return group.find((h) => !not(h));
}

// `opsctl decommission master --host H`.
export function deriveDecommission(given: Params, input: InventoryInput): Params {
  const host = typeof given.host === 'string' ? given.host : undefined;
  const inventoryFile = requireInventory(input, 'decommission master');
  if (!host) return { inventoryFile };
  const { inventory } = input;
  const masters = inventory.groups.masters ?? [];
  if (!masters.includes(host)) {
    const close = suggest(host, masters);
    throw new InputError(`${host} is not in [masters] of ${inventoryFile}`, { hint: `${close ? `did you mean "${close}"? ` : ''}masters: ${list(masters)}` });
  }
  const apiHost = firstOther(masters, (h) => h === host);
  if (!apiHost) throw new InputError(`${host} is the only master in ${inventoryFile}: there is nothing to decommission it into`);
  const etcd = inventory.groups.etcd ?? [];
  const evenPlan = typeof given.evenPlan === 'string' && given.evenPlan !== '' ? given.evenPlan : undefined;
  const leaving = etcd.includes(host) ? host : undefined;
  const quorumPreview = leaving
    ? removalPreview(etcd, leaving, false, evenPlan, '--even-plan')
    : `${host} is not in [etcd]: the etcd membership stays (checked on the live member list)`;
  return {
    inventoryFile,
    hostIp: hostAddress(inventory, host),
    apiHost,
    etcdVia: firstOther(etcd, (h) => h === host) ?? apiHost,
    // The inventory's [lb] when there is one; without it (a cloud or F5 load balancer) no haproxy.
    lb: (inventory.groups.lb ?? []).length > 0 ? 'lb' : '',
    quorumPreview,
  };
}

// `opsctl etcd remove-member --member NAME|ID`.
export function deriveRemoveMember(given: Params, input: InventoryInput): Params {
  const member = typeof given.member === 'string' ? given.member : undefined;
  const { inventory } = input;
  const etcd = inventory.groups.etcd ?? [];
  const out: Params = { inventoryFile: input.path ?? '' };
  if (!member) return out;
  // The inventory host the member runs on, when the name says so (an id is matched at run time).
  const leaving = etcd.find((h) => hostIdentities(inventory, h).includes(member.toLowerCase()));
  if (leaving && given.memberHost === undefined) out.memberHost = leaving;
  if (given.via === undefined) {
    const via = firstOther(etcd, (h) => h === leaving);
    if (!via) throw new InputError(`no [etcd] host to run etcdctl on: pass --via HOST (a member that stays)`);
    out.via = via;
  }
  const evenPlan = typeof given.evenPlan === 'string' && given.evenPlan !== '' ? given.evenPlan : undefined;
  out.quorumPreview = removalPreview(etcd, leaving, given.allowEven === true || given.allowEven === 'true', evenPlan);
  return out;
}

// `opsctl etcd add-member --host H[,H2]`.
export function deriveAddMember(given: Params, input: InventoryInput): Params {
  const hosts = String(given.host ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (given.via !== undefined || hosts.length === 0) return {};
  const via = firstOther(input.inventory.groups.etcd ?? [], (h) => hosts.includes(h));
  if (!via) throw new InputError('no [etcd] host to run etcdctl on: pass --via HOST (a running member)');
  return { via };
}

// ---- plan-time notes: the arithmetic and the verdict it leads to, at the end of the plan view ----

type Note = import('../plan/types.js').PlanNote;

function quorumNote(etcd: string[], leaving: string | undefined, accepted: string | undefined, flag: string, stepId: string): Note | undefined {
  if (!leaving || etcd.length === 0) return undefined;
  const text = removalPreview(etcd, leaving, accepted !== undefined, accepted, flag);
  const after = etcd.length - 1;
  if (after < 2) return { label: 'quorum', text, verdict: 'refused', stepId, fix: etcd.length === 2 ? 'add a member first (opsctl etcd add-member), then remove this one' : 'nothing can be removed from a one-member cluster' };
  if (after % 2 === 0 && accepted === undefined) {
    return { label: 'quorum', text, verdict: 'refused', stepId, fix: flag === '--allow-even' ? 'pass --allow-even, or --even-plan "how it gets back to odd"' : `pass ${flag} "how it gets back to odd (e.g. add master-3 on Monday)"` };
  }
  return { label: 'quorum', text, verdict: after % 2 === 0 ? 'warn' : 'info', stepId };
}

// `opsctl decommission master`: the backup decision and the quorum verdict.
export function decommissionNotes(params: Params, input: { inventory: Inventory }): Note[] {
  const notes: Note[] = [];
  if (params.skipBackup === true) {
    const reason = typeof params.reason === 'string' ? params.reason : '';
    notes.push(reason
      ? { label: 'backup', text: `skipped, reason: ${reason}`, verdict: 'warn' }
      : { label: 'backup', text: 'skipped without a reason', verdict: 'refused', stepId: 'backup-skip-reason', fix: 'pass --reason TEXT saying why (it is journaled)' });
  }
  const host = typeof params.host === 'string' ? params.host : undefined;
  const etcd = input.inventory.groups.etcd ?? [];
  const evenPlan = typeof params.evenPlan === 'string' && params.evenPlan !== '' ? params.evenPlan : undefined;
  const q = quorumNote(etcd, host && etcd.includes(host) ? host : undefined, evenPlan, '--even-plan', 'etcd-quorum');
  if (q) notes.push(q);
  return notes;
}

// `opsctl etcd remove-member`: the quorum verdict for the member's inventory host.
export function removeMemberNotes(params: Params, input: { inventory: Inventory }): Note[] {
  const etcd = input.inventory.groups.etcd ?? [];
  const member = typeof params.member === 'string' ? params.member.toLowerCase() : '';
  const leaving = etcd.find((h) => hostIdentities(input.inventory, h).includes(member));
  const evenPlan = typeof params.evenPlan === 'string' && params.evenPlan !== '' ? params.evenPlan : undefined;
  const accepted = evenPlan ?? (params.allowEven === true || params.allowEven === 'true' ? '' : undefined);
  const q = quorumNote(etcd, leaving, accepted, '--allow-even', 'quorum-guard');
  return q ? [q] : [];
}
