// The host key algorithms offered, in ssh's order (order_hostkeyalgs): key types known_hosts holds
// for the host first, each group in the default order.
import { describe, expect, it } from 'vitest';
import { orderHostKeyAlgorithms } from '../../src/transport/host-key-order.js';
import { HOST_KEY_ALGORITHMS } from '../../src/transport/ssh-options.js';

describe('orderHostKeyAlgorithms', () => {
  it.each([
    [[], HOST_KEY_ALGORITHMS],
    [['ssh-ed25519'], HOST_KEY_ALGORITHMS],
    [['ecdsa-sha2-nistp256'], ['ecdsa-sha2-nistp256', 'ssh-ed25519', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256']],
    [['ssh-rsa'], ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']],
    [['ssh-rsa', 'ecdsa-sha2-nistp384'], ['ecdsa-sha2-nistp384', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp521']],
    [['ssh-dss', 'sk-ssh-ed25519@openssh.com'], HOST_KEY_ALGORITHMS],
  ])('known %j', (known, expected) => {
    expect(orderHostKeyAlgorithms(known)).toEqual(expected);
  });
});
