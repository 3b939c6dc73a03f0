// `opsctl hosts trust NAME`: the way to accept a host key. It shows the fingerprint the host
// offers and writes it to known_hosts only after the operator confirmed it (or passed --yes).
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { GlobalOptions } from '../global-options.js';
import { loadInventoryOption } from '../execute.js';
import { planHostFor } from '../../plan/hosts.js';
import { loadSshConfig } from '../../ssh/config-load.js';
import { fetchHostKey, recordHostKey } from '../../transport/remote.js';
import { HostError, InputError } from '../../errors.js';
import { terminalPrompt } from '../prompt.js';
import { selectHosts } from '../host-selection.js';
import { knownToSshConfig } from '../known-host-names.js';
import { escapeTerminal } from '../../report/escape.js';

export default async function hostsTrust(g: GlobalOptions, name: string | undefined, flags: { group?: string } = {}): Promise<number> {
  const inventory = loadInventoryOption(g);
  if (name === undefined && flags.group === undefined) throw new InputError('name a host, or pass --group G', { hint: 'opsctl hosts trust master-0, or opsctl hosts trust --group masters' });
  const names = selectHosts(inventory, name === undefined ? [] : [name], flags.group, (n) => knownToSshConfig(n, g));
  // One host after the other: each fingerprint is shown and confirmed on its own.
  let worst = 0;
  for (const n of names) {
    try {
      worst = Math.max(worst, await trustOne(g, n, inventory));
    } catch (e) {
      if (names.length === 1 || !(e instanceof HostError)) throw e;
      process.stderr.write(`${n}: ${(e as Error).message}${(e as HostError).hint ? `\nhint: ${(e as HostError).hint}` : ''}\n`);
      worst = Math.max(worst, 5);
    }
  }
  return worst;
}

async function trustOne(g: GlobalOptions, name: string, inventory: ReturnType<typeof loadInventoryOption>): Promise<number> {
  const host = planHostFor(name, inventory);
  if (host.transport === 'local') throw new InputError(`${name} is the local machine; there is no host key to trust`);
  const offered = await fetchHostKey(host, { sshConfig: loadSshConfig(g.sshConfig) });
  const where = `${name} (${offered.spec.host}:${offered.spec.port})`;
  const file = offered.spec.trustFile ?? join(homedir(), '.ssh', 'known_hosts');
  const say = (s: string) => process.stderr.write(escapeTerminal(s) + '\n');
  if (offered.status === 'trusted') {
    say(`${where} is already trusted: ${offered.keyType} ${offered.fingerprint}`);
    return 0;
  }
  if (offered.status === 'revoked') throw new HostError(`${where} offers a REVOKED key ${offered.fingerprint}; not adding it`);
  if (offered.status === 'changed') {
    throw new HostError(`${where} offers ${offered.fingerprint}, which differs from the key known for it`, {
      hint: `if the host was really reinstalled, remove the old key first: ssh-keygen -R '${offered.spec.port === 22 ? offered.spec.host : `[${offered.spec.host}]:${offered.spec.port}`}' -f ${file}`,
    });
  }
  say(`${where} offers ${offered.keyType} key ${offered.fingerprint}`);
  say(`compare it out of band (on the host: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)`);
  const prompt = terminalPrompt();
  if (!g.yes) {
    if (!prompt) throw new InputError('confirming a host key needs a terminal', { hint: 'check the fingerprint above, then re-run with --yes' });
    if (!(await prompt(`add it to ${file}? [y/N] `))) {
      say('not added');
      return 1;
    }
  }
  recordHostKey(offered, file);
  say(`added to ${file}`);
  return 0;
}
