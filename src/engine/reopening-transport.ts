// A `wait` whose host does not answer yet when the step starts — resume came back while the
// node it waits for is still rebooting — polls until the host answers, as a wait that was already
// connected when the host went down does: every call opens the host's transport again (the
// factory caches no failed connection), and a refused connection is one more poll that did not
// hold (kinds.ts). An untrusted key or a failed login still ends the wait at once.
import type { Transport } from '../transport/types.js';

export function reopeningTransport(host: string, open: () => Promise<Transport>): Transport {
  return {
    host,
    run: async (command, options) => (await open()).run(command, options),
    put: async (source, dest, options) => (await open()).put(source, dest, options),
    get: async (source, localDest, options) => (await open()).get(source, localDest, options),
    // The factory owns the transports it opened and closes them with the run.
    close: async () => undefined,
  };
}
