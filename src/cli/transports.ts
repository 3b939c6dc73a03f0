// The transport factory a command uses, with the operator's SSH settings: ssh_config file,
// passphrase and sudo password prompts (asked on the terminal, never stored), new-key notices.
import type { GlobalOptions } from './global-options.js';
import type { Reporter } from '../engine/events.js';
import { DefaultTransportFactory } from '../transport/factory.js';
import { askSecret } from './prompt.js';
import { InputError } from '../errors.js';

// `learnSecret`: the sudo password joins the run's secrets, so no output or log can show it.
export async function transportsFor(g: GlobalOptions, reporter: Reporter, learnSecret: (value: string) => void = () => {}): Promise<DefaultTransportFactory> {
  let becomePassword: string | undefined;
  if (g.askBecomePass) {
    if (!process.stdin.isTTY) throw new InputError('--ask-become-pass needs a terminal to ask on', { hint: 'configure passwordless sudo for the remote user, or run from a terminal' });
    becomePassword = await askSecret('BECOME (sudo) password: ');
    learnSecret(becomePassword);
  }
  const asked = new Map<string, Promise<string | undefined>>();
  return new DefaultTransportFactory({
    sshConfigFile: g.sshConfig,
    becomePassword,
    passphrase: process.stdin.isTTY
      ? (file) => {
          if (!asked.has(file)) asked.set(file, askSecret(`passphrase for ${file}: `));
          return asked.get(file)!;
        }
      : undefined,
    onNewHostKey: (name, fingerprint, file) =>
      reporter.emit({ type: 'message', level: 'warn', text: `new host key for ${name} accepted (StrictHostKeyChecking accept-new): ${fingerprint}, recorded in ${file}` }),
  });
}
