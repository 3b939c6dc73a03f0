// Several labs can run at once (parallel end-to-end tests): each claims its own loopback block,
// and the SSH port falls back to 2222 when something already listens on every address's port 22.
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chooseSshPort, claimAddressBlock, releaseAddressBlock } from '../../src/lab/address-block.js';

const listen = (host: string, port: number) =>
  new Promise<Server>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port, exclusive: true }, () => resolve(s));
  });

describe('lab address blocks', () => {
  it('gives two labs two different blocks, and a released block back', async () => {
    const a = await claimAddressBlock('/tmp/opsctl-test-lab-a', 4, 3, 2222);
    const b = await claimAddressBlock('/tmp/opsctl-test-lab-b', 4, 3, 2222);
    try {
      expect(a).toMatch(/^127\.0\.\d+$/);
      expect(b).not.toBe(a);
    } finally {
      releaseAddressBlock(a, '/tmp/opsctl-test-lab-a');
      releaseAddressBlock(b, '/tmp/opsctl-test-lab-b');
    }
  });

  it('skips a block where something not ours listens on a host port', async () => {
    const probe = await claimAddressBlock('/tmp/opsctl-test-lab-c', 1, 1, 2222);
    releaseAddressBlock(probe, '/tmp/opsctl-test-lab-c');
    const squatter = await listen(`${probe}.10`, 2379);
    try {
      const got = await claimAddressBlock('/tmp/opsctl-test-lab-c', 1, 1, 2222);
      releaseAddressBlock(got, '/tmp/opsctl-test-lab-c');
      expect(got).not.toBe(probe);
    } finally {
      squatter.close();
    }
  });

  it('falls back to port 2222 when port 22 is taken on the probe address', async () => {
    const squatter = await listen('127.0.9.254', 22);
    try {
      expect(await chooseSshPort()).toBe(2222);
    } finally {
      squatter.close();
    }
  });
});
