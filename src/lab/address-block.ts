// Picks the loopback block (127.0.N.0/24) and SSH port a new lab uses. Several labs may run at
// once (parallel end-to-end tests), so a block is claimed with an exclusive file before its
// ports are probed; a claim whose lab is gone is taken over.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HostError } from '../errors.js';
import { isRunning } from './procfs.js';

const CLAIMS_DIR = '/run/opsctl-lab';
const BLOCKS = Array.from({ length: 40 }, (_, i) => `127.0.${10 + i}`);

// Resolves true when nothing listens on addr:port (the bind is closed again at once).
export function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

// Port 22 unless something already listens on every address (0.0.0.0:22, the machine's own sshd).
export async function chooseSshPort(): Promise<number> {
  return (await canBind('127.0.9.254', 22)) ? 22 : 2222;
}

const claimFile = (network: string) => join(CLAIMS_DIR, `${network}.claim`);

// A claim is live while its `lab up` runs, or while its lab dir says it is up on that block.
function claimIsStale(network: string): boolean {
  try {
    const { dir, pid } = JSON.parse(readFileSync(claimFile(network), 'utf8')) as { dir: string; pid: number };
    if (isRunning(pid)) return false;
    const state = join(dir, 'lab.json');
    if (!existsSync(state)) return true;
    const lab = JSON.parse(readFileSync(state, 'utf8')) as { network?: string; status?: string };
    return lab.network !== network || lab.status === 'failed';
  } catch {
    return true;
  }
}

function tryClaim(network: string, dir: string): boolean {
  const body = JSON.stringify({ dir, pid: process.pid });
  try {
    writeFileSync(claimFile(network), body, { flag: 'wx' });
    return true;
  } catch {
    if (!claimIsStale(network)) return false;
    rmSync(claimFile(network), { force: true });
    try {
      writeFileSync(claimFile(network), body, { flag: 'wx' });
      return true;
    } catch {
      return false; // Another `lab up` took it between our check and our write.
    }
  }
}

// The first free block whose addresses have every needed port free; claimed for `dir`.
export async function claimAddressBlock(dir: string, hostCount: number, masters: number, sshPort: number): Promise<string> {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  for (const network of BLOCKS) {
    if (!tryClaim(network, dir)) continue;
    const probes: Array<Promise<boolean>> = [];
    for (let i = 0; i < hostCount; i++) {
      const address = `${network}.${10 + i}`;
      probes.push(canBind(address, sshPort));
      if (i < masters) probes.push(canBind(address, 2379), canBind(address, 2380));
    }
    if ((await Promise.all(probes)).every(Boolean)) return network;
    releaseAddressBlock(network, dir); // Something not ours listens there; try the next block.
  }
  throw new HostError(`no free loopback block for the lab among ${BLOCKS[0]}.0/24..${BLOCKS[BLOCKS.length - 1]}.0/24`, {
    hint: `see the claims in ${CLAIMS_DIR} and what listens with: ss -ltnp`,
  });
}

// Only the lab that holds a claim removes it.
export function releaseAddressBlock(network: string, dir: string): void {
  try {
    const claim = JSON.parse(readFileSync(claimFile(network), 'utf8')) as { dir: string };
    if (claim.dir === dir) rmSync(claimFile(network), { force: true });
  } catch {
    // No claim: nothing to release.
  }
}
