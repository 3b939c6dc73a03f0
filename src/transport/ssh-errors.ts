// Turns what ssh2 and the socket report into HostErrors an operator can act on: which host, what
// went wrong, and a hint. A host key rejection is passed through untouched: the verifier's error
// already carries the fingerprint and the `ssh-keygen -R` to run.
import { ConnectionLostError, HostError } from '../errors.js';
import type { AuthTrail } from './ssh-auth.js';
import { describeHost, type SshTransportOptions } from './ssh-options.js';

type Target = Pick<SshTransportOptions, 'name' | 'host' | 'port' | 'user' | 'connectTimeoutMs'>;

// Every way a connection attempt fails becomes one HostError (exit 5) naming host:port.
export function connectFailure(err: unknown, o: Target, trail: AuthTrail): HostError {
  if (err instanceof HostError) return err;
  const e = err as Error & { code?: string; level?: string };
  const where = describeHost(o);
  const why = explain(e, o, trail);
  const transient = TRANSIENT.includes(e.code ?? '') || e.level === 'client-timeout' || CLOSED_EARLY.test(e.message);
  return new HostError(`cannot connect to ${where}: ${why.message}`, { hint: why.hint, cause: err, transient });
}

// Failures a host that is rebooting or briefly unreachable gives; it may answer again.
const TRANSIENT = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'];
// A server that accepted the connection and closed it before the handshake was done: an sshd
// stopped by a reboot as we connected, or one turning connections away for a moment (MaxStartups).
// A rejected host key or login fails before the close, with its own error.
const CLOSED_EARLY = /^(?:Connection lost before handshake|the server closed the connection during the SSH handshake)$/;

function explain(e: Error & { code?: string; level?: string }, o: Target, trail: AuthTrail): { message: string; hint?: string } {
  switch (e.code) {
    case 'ECONNREFUSED':
      return { message: 'connection refused (ECONNREFUSED)', hint: 'is sshd running there, and is the port right?' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `cannot resolve host name ${o.host} (${e.code})`, hint: 'check the inventory address or DNS' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return { message: `${e.message} (${e.code})` };
  }
  if (e.level === 'client-timeout' || /timed out/i.test(e.message)) {
    return { message: `timed out after ${o.connectTimeoutMs} ms waiting for the SSH handshake`, hint: 'is the host up and the port reachable (firewall, ProxyJump)?' };
  }
  if (e.level === 'client-authentication') {
    const tried = trail.tried.length > 0 ? trail.tried.join(', ') : 'nothing: no agent and no usable identity file';
    const problems = trail.problems.length > 0 ? `; ${trail.problems.join('; ')}` : '';
    return {
      message: `authentication failed for user ${o.user} (tried ${tried})${problems}`,
      hint: 'check the user, that the key is in authorized_keys on the host, or load the key into ssh-agent',
    };
  }
  return { message: e.message };
}

// The connection died under a command: its outcome is unknown, so it must never read as success.
export function connectionLost(o: Target, what: string, cause?: unknown, started = true): HostError {
  if (!started) return new ConnectionLostError(`connection to ${describeHost(o)} lost before starting ${what}`, { cause, started });
  return new ConnectionLostError(`connection to ${describeHost(o)} lost while running ${what}`, {
    hint: 'the command may or may not have finished on the host; check it before resuming',
    cause,
    started,
  });
}
