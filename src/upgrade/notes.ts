// What `opsctl upgrade kubeadm` knows at plan time, shown under "Known at plan time" in the
// compact plan view: the path (read from the cluster, or --from in a dry-run), the order of the
// nodes, and a batch --max-unavailable will refuse. Pure: the derived params in, notes out.
import type { PlanNote } from '../plan/types.js';
import { describePath, type Hop } from './path.js';

const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(/[,\s]+/) : []);

// `v1.29.x` → the newest patch of v1.29; `v1.30.1` → exactly that.
const hopOf = (item: string): Hop => (item.endsWith('.x') ? { minor: item.slice(0, -2) } : { minor: item.split('.').slice(0, 2).join('.'), version: item });

// The notes of `opsctl upgrade kubeadm`, from the params its derive step filled in.
export function kubeadmUpgradeNotes(params: Record<string, unknown>): PlanNote[] {
  const path = names(params.path);
  const from = String(params.from ?? '?');
  const to = String(params.to ?? '?');
  const notes: PlanNote[] = [];
  if (path.length === 0) return [{ label: 'upgrade path', verdict: 'info', text: `${from}: every node runs ${to} already, nothing to upgrade (the run only checks)` }];
  notes.push({ label: 'upgrade path', verdict: 'info', text: `${describePath({ from, to, hops: path.map(hopOf) })}: ${path.length} hop${path.length === 1 ? '' : 's'}, one minor each` });
  const cp = names(params.controlPlane);
  const workers = names(params.workers);
  const serial = Number(params.serial ?? 1);
  const maxUnavailable = Number(params.maxUnavailable ?? 1);
  const rest = cp.length > 1 ? `, then ${cp.slice(1).join(', ')}` : '';
  notes.push({
    label: 'order',
    verdict: 'info',
    text: `each hop: ${cp[0] ?? '?'} (kubeadm upgrade apply)${rest}, one at a time; then ${workers.length ? `${workers.join(', ')}, ${serial} at a time` : 'no workers'}`,
  });
  if (serial > maxUnavailable) {
    notes.push({
      label: 'workers',
      verdict: 'refused',
      stepId: 'batch-within-max-unavailable',
      text: `--serial ${serial} would drain more workers at once than --max-unavailable ${maxUnavailable} allows`,
      fix: `lower --serial to ${maxUnavailable}, or raise --max-unavailable to ${serial}`,
    });
  }
  return notes;
}
