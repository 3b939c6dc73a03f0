// Opens one transport per host and reuses it for every step of the run; closing the factory
// closes them all. SSH is loaded only when a plan actually has a remote host.
import type { PlanHost } from '../plan/types.js';
import type { Transport, TransportFactory } from './types.js';
import { LocalTransport } from './local.js';
import { HostError } from '../errors.js';

export class DefaultTransportFactory implements TransportFactory {
  private readonly open_ = new Map<string, Promise<Transport>>();

  open(host: PlanHost): Promise<Transport> {
    let t = this.open_.get(host.name);
    if (!t) {
      t = this.connect(host);
      this.open_.set(host.name, t);
      // A failed connection is not cached: the next step (or retry) tries again.
      t.catch(() => this.open_.delete(host.name));
    }
    return t;
  }

  private async connect(host: PlanHost): Promise<Transport> {
    if (host.transport === 'local') return new LocalTransport();
    throw new HostError(`cannot reach ${host.name}: this build of opsctl has no SSH transport yet`, {
      hint: 'run steps on: local, or mark the host ansible_connection=local in the inventory',
    });
  }

  async closeAll(): Promise<void> {
    const all = [...this.open_.values()];
    this.open_.clear();
    await Promise.all(all.map((p) => p.then((t) => t.close()).catch(() => undefined)));
  }
}
