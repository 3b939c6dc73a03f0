// Cluster identity pinning: each cluster target's identity is recorded when the run starts (or
// the first time the cluster answers) and checked again at every (re)start and before every
// mutating step on it. A kubeconfig that now points elsewhere stops the run with exit 3 and says
// which file points where; two targets that are one cluster are refused before anything runs.
import type { Plan, PlanHost } from '../plan/types.js';
import type { TransportFactory } from '../transport/types.js';
import { ClusterMismatchError, HostError, PreconditionError } from '../errors.js';
import { describeIdentity, readClusterIdentity, sameCluster, type ClusterIdentity } from './cluster-identity.js';

export class ClusterPins {
  private readonly pinned: Map<string, ClusterIdentity>;

  constructor(
    private readonly plan: Plan,
    private readonly transports: TransportFactory,
    /** Identities pinned by an earlier attempt of this run (from its journal). */
    prior: ClusterIdentity[],
    /** Makes a new pin durable (the journal); not called in check mode. */
    private readonly record: (identity: ClusterIdentity) => void,
  ) {
    this.pinned = new Map(prior.map((p) => [p.target, p]));
  }

  private clusters(): PlanHost[] {
    return Object.values(this.plan.hosts).filter((h) => h.cluster);
  }

  /** Before the first step: pin what answers, check what was pinned, refuse duplicates. Returns notes for clusters that did not answer. */
  async atStart(signal?: AbortSignal): Promise<string[]> {
    const notes: string[] = [];
    for (const host of this.clusters()) {
      const read = await readClusterIdentity(host, await this.transports.open(host), signal);
      if (!read.ok) {
        notes.push(`cluster ${host.name}: identity not checked yet (${read.reason}); it is checked before the first change on it`);
        continue;
      }
      this.accept(read.identity);
    }
    const known = [...this.pinned.values()];
    for (const [i, a] of known.entries()) {
      const b = known.slice(i + 1).find((x) => sameCluster(a, x));
      if (b) {
        throw new PreconditionError(`targets ${a.target} and ${b.target} are the same cluster ${describeIdentity(a)}: kubeconfigs ${a.kubeconfig} and ${b.kubeconfig}`, {
          hint: 'each cluster target must be a different cluster; check which kubeconfig was given for which role. Nothing was changed',
        });
      }
    }
    return notes;
  }

  /** Before a mutating step on `hostName`: the cluster must still be the pinned one. */
  async beforeMutating(hostName: string, signal?: AbortSignal): Promise<void> {
    const host = this.plan.hosts[hostName];
    if (!host?.cluster) return;
    const read = await readClusterIdentity(host, await this.transports.open(host), signal);
    if (!read.ok) throw new HostError(`cluster ${hostName}: cannot check which cluster ${host.cluster.kubeconfig} points at before changing it: ${read.reason}`, { hint: 'nothing was sent; resume once the cluster answers' });
    this.accept(read.identity);
  }

  private accept(now: ClusterIdentity): void {
    const was = this.pinned.get(now.target);
    if (!was) {
      this.pinned.set(now.target, now);
      this.record(now);
      return;
    }
    if (sameCluster(was, now)) return;
    throw new ClusterMismatchError(
      `cluster ${now.target}: kubeconfig ${now.kubeconfig}${now.context ? ` (context ${now.context})` : ''} now points at ${describeIdentity(now)}, but this run started against ${describeIdentity(was)}`,
      { hint: `point ${now.kubeconfig} back at ${was.server}, then resume; nothing was changed on ${now.server} by this step` },
    );
  }
}
