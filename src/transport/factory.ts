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
  private sshConfig?: import('../ssh/config-types.js').ParsedSshConfig;

  constructor(private readonly settings: FactorySettings = {}) {}

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
