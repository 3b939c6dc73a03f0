// Opens the one SSH connection a host's steps share, through its ProxyJump hops: each hop is a
// full SSH client with its own host key check and auth, and the next hop rides a `direct-tcpip`
// channel of the previous one (what `ssh -J` does). The first hop may instead ride the stdio of its
// ProxyCommand, as ssh does.
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import type { Duplex } from 'node:stream';
import { HostError } from '../errors.js';
import { createAuthHandler, type AuthTrail } from './ssh-auth.js';
import { connectFailure } from './ssh-errors.js';
import { describeHost, HOST_KEY_ALGORITHMS, type SshTransportOptions } from './ssh-options.js';
import { startProxyCommand, type ProxyProcess } from './proxy-command.js';

// The session only needs the target's client and whether the whole chain is still up.
export interface SshConnection {
  /** The client on the target host; hops sit underneath it. */
  readonly client: Client;
  /** False once the target or any hop under it has closed. */
  readonly alive: boolean;
  /** Why the connection ended, when ssh2 said (keepalive timeout, socket reset...). */
  readonly lastError?: Error;
  close(): void;
}

// Connects hop by hop; if any hop fails, the hops already open are closed again.
export async function openConnection(target: SshTransportOptions): Promise<SshConnection> {
  const clients: Client[] = [];
  const state: { alive: boolean; lastError?: Error } = { alive: true };
  let proxy: ProxyProcess | undefined;
  try {
    const path = route(target);
    for (const [i, hop] of path.entries()) {
      // Only the first hop may use its own ProxyCommand: later hops are reached through the chain.
      if (i === 0 && hop.proxyCommand) proxy = startProxyCommand(hop.proxyCommand);
      const sock = i > 0 ? await forwardThrough(clients[i - 1], hop, path[i - 1]) : proxy?.socket;
      const client = await connectOne(hop, sock, i === 0 ? proxy : undefined);
      client.on('error', (err: Error) => (state.lastError ??= err));
      client.on('end', () => (state.alive = false));
      client.on('close', () => (state.alive = false));
      clients.push(client);
    }
  } catch (err) {
    clients.reverse().forEach((c) => c.end());
    proxy?.kill();
    throw err;
  }
  clients[0].once('close', () => proxy?.kill());
  return {
    client: clients.at(-1)!,
    get alive() {
      return state.alive;
    },
    get lastError() {
      return state.lastError;
    },
    close: () => {
      [...clients].reverse().forEach((c) => c.end());
      proxy?.kill();
    },
  };
}

// The hosts to connect to in order: a hop's own jumps come before it.
function route(o: SshTransportOptions): SshTransportOptions[] {
  return [...(o.proxyJump ?? []).flatMap(route), o];
}

function forwardThrough(jump: Client, next: SshTransportOptions, via: SshTransportOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, next.host, next.port, (err, stream) => {
      if (!err) return resolve(stream);
      reject(new HostError(`cannot reach ${describeHost(next)} through jump host ${describeHost(via)}: ${err.message}`, {
        hint: 'check that the jump host can reach the target and allows TCP forwarding',
        cause: err,
      }));
    });
  });
}

function connectOne(o: SshTransportOptions, sock?: ClientChannel | Duplex, proxy?: ProxyProcess): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const trail: AuthTrail = { tried: [], problems: [] };
    let hostKeyRejection: Error | undefined;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      if (hostKeyRejection || !proxy) return reject(hostKeyRejection ?? connectFailure(err, o, trail));
      void proxy.settled(1000).then(() => reject(connectFailure(proxyFailure(err, proxy), o, trail)));
    };
    client.once('ready', () => {
      settled = true;
      client.setNoDelay(true);
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(new Error('the server closed the connection during the SSH handshake')));
    try {
      client.connect({
        host: o.host,
        port: o.port,
        username: o.user,
        sock,
        readyTimeout: o.connectTimeoutMs,
        keepaliveInterval: o.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        algorithms: { serverHostKey: o.hostKeyAlgorithms ?? HOST_KEY_ALGORITHMS },
        authHandler: createAuthHandler(o, trail),
        hostVerifier: (key: Buffer): boolean => {
          hostKeyRejection = checkHostKey(o, key);
          return hostKeyRejection === undefined;
        },
      });
    } catch (err) {
      fail(err);
    }
  });
}

// A connection over a ProxyCommand that failed says what the proxy did (its exit and stderr).
function proxyFailure(err: unknown, proxy: ProxyProcess): unknown {
  const e = err as Error & { level?: string };
  if (e.level === 'client-authentication' || e.level === 'client-timeout') return err;
  return Object.assign(new Error(`${proxy.describe()} (${e.message})`), { cause: err });
}

// Runs the caller's verifier before any authentication; a verifier that throws rejects too.
function checkHostKey(o: SshTransportOptions, key: Buffer): Error | undefined {
  try {
    const verdict = o.verifyHostKey({ host: o.host, port: o.port, keyType: keyTypeOf(key), key });
    return verdict.ok ? undefined : verdict.error;
  } catch (err) {
    return err instanceof Error ? err : new HostError(String(err));
  }
}

// The verifier gets the key type (known_hosts lines are per type): a public key blob starts
// with its algorithm name as an SSH string (uint32 length + bytes).
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}
