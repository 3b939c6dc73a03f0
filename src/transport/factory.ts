// Opens one transport per host and reuses it for every step of the run; closing the factory
// closes them all. SSH is loaded only when a plan actually has a remote host, and the local
// transport (execa, ~250 modules) only when it has a local step.
import type { PlanHost } from '../plan/types.js';
import type { Transport, TransportFactory } from './types.js';
import { HostError } from '../errors.js';

export interface FactorySettings {
  /** `--ssh-config FILE`; default ~/.ssh/config. */
  sshConfigFile?: string;
  passphrase?: (keyFile: string) => Promise<string | undefined>;
  becomePassword?: string;
  onNewHostKey?: (name: string, fingerprint: string, file: string) => void;
}

export class DefaultTransportFactory implements TransportFactory {
  private readonly open_ = new Map<string, Promise<Transport>>();
  private readonly warmFailed = new Set<string>();
  private sshConfig?: import('../ssh/config-types.js').ParsedSshConfig;

  constructor(private readonly settings: FactorySettings = {}) {}

  open(host: PlanHost): Promise<Transport> {
    let t = this.open_.get(host.name);
    // A warm-up that failed is reported once, to the host's first step, then forgotten.
    if (t && this.warmFailed.delete(host.name)) this.open_.delete(host.name);
    else if (!t) {
      t = this.connect(host);
      this.open_.set(host.name, t);
      // A failed connection is not cached: the next step (or retry) tries again.
      t.catch(() => this.open_.delete(host.name));
    }
    return t;
  }

  /**
   * Starts connecting to the hosts now, and a step runner on each (local too), while the run is still
   * being set up (lock, run directory, plan, journal); a failure surfaces at the host's first step.
   */
  warm(hosts: PlanHost[]): void {
    for (const host of hosts) {
      if (this.open_.has(host.name)) continue;
      const t = this.open(host);
      t.then(
        (transport) => (transport as { warm?: () => void }).warm?.(),
        () => {
          this.open_.set(host.name, t);
          this.warmFailed.add(host.name);
        },
      );
    }
  }

  private async connect(host: PlanHost): Promise<Transport> {
    if (host.transport === 'local') {
      const local = new (await import('./local.js')).LocalTransport();
      return host.cluster ? new (await import('./cluster.js')).ClusterTransport(local, host.name, host.cluster) : local;
    }
    const [{ openSshTransport }, { loadSshConfig }] = await Promise.all([import('./remote.js'), import('../ssh/config-load.js')]);
    this.sshConfig ??= loadSshConfig(this.settings.sshConfigFile);
    try {
      return await openSshTransport(host, { ...this.settings, sshConfig: this.sshConfig });
    } catch (e) {
      if (e instanceof HostError || (e as { exitCode?: number }).exitCode !== undefined) throw e;
      throw new HostError(`cannot reach ${host.name}: ${(e as Error).message}`, { cause: e });
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open_.values()];
    this.open_.clear();
    await Promise.all(all.map((p) => p.then((t) => t.close()).catch(() => undefined)));
  }
}
