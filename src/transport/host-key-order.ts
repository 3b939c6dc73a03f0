// Which host key algorithms to offer, in which order: ssh puts first the algorithms of the key
// types known_hosts already holds for the host (sshconnect2.c order_hostkeyalgs), so a host known
// only by its ECDSA or RSA key is asked for that key, not for an ed25519 key nobody recorded.
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { HOST_KEY_ALGORITHMS } from './ssh-options.js';

// The key type a signature algorithm proves (rsa-sha2-* are signatures by an ssh-rsa key).
function keyTypeOf(alg: ServerHostKeyAlgorithm): string {
  return alg.startsWith('rsa-sha2-') ? 'ssh-rsa' : alg;
}

// Known types first, each group in the default order; nothing known: the default order.
export function orderHostKeyAlgorithms(knownTypes: string[], defaults: ServerHostKeyAlgorithm[] = HOST_KEY_ALGORITHMS): ServerHostKeyAlgorithm[] {
  const known = new Set(knownTypes);
  return [...defaults.filter((a) => known.has(keyTypeOf(a))), ...defaults.filter((a) => !known.has(keyTypeOf(a)))];
}
