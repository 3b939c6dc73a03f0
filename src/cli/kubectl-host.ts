// The control-plane host the hidden upgrade/node commands (and the upgrade's discovery) run
// kubectl on: resolved through the inventory like any step's host, trusted the same way.
import type { GlobalOptions } from './global-options.js';
import { loadInventoryOption } from './execute.js';
import { planHostFor } from '../plan/hosts.js';
import { DefaultTransportFactory } from '../transport/factory.js';
import type { KubectlHost } from '../upgrade/read-cluster.js';

// One SSH connection to `via` for the duration of `fn`, closed on every path out.
export async function withKubectlHost<T>(g: GlobalOptions, via: string, kubeconfig: string, fn: (h: KubectlHost) => Promise<T>): Promise<T> {
  const inventory = loadInventoryOption(g);
  const factory = new DefaultTransportFactory({ sshConfigFile: g.sshConfig });
  try {
    const host = planHostFor(via, inventory);
    const transport = await factory.open(host);
    return await fn({ transport, name: via, kubeconfig, sudo: true });
  } finally {
    await factory.closeAll();
  }
}
