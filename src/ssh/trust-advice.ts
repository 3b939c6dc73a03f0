// What to do with a host key that is not trusted, and what to tell the operator at 3 a.m.: the
// offered fingerprint and the exact command to accept it — or, when it changed, a loud warning
// and the `ssh-keygen -R` that removes the old key once the new one is verified out of band.
import { HostError } from '../errors.js';
import { shellQuote } from '../template/quote.js';
import type { StrictHostKeyChecking } from './config-types.js';
import type { HostKeyCheck } from './known-hosts.js';

// Only these need advice.
export type UntrustedHostKey = Exclude<HostKeyCheck, { status: 'trusted' }>;

/** The inventory name (for `opsctl hosts trust NAME`) and the address dialled. */
export interface TrustTarget {
  name: string;
  address: string;
}

// accept-and-record: connect and append the key to ConnectionSpec.trustFile (accept-new / no).
export type HostKeyDecision = 'accept' | 'accept-and-record' | 'refuse';

// StrictHostKeyChecking applied to a check: a changed or revoked key is always refused (even with
// `no`: nothing is silently trusted); `ask` refuses like `yes`, as opsctl never prompts mid-run.
export function decideHostKey(check: HostKeyCheck, strict: StrictHostKeyChecking): HostKeyDecision {
  if (check.status === 'trusted') return 'accept';
  if (check.status !== 'unknown') return 'refuse';
  return strict === 'accept-new' || strict === 'no' ? 'accept-and-record' : 'refuse';
}

// `knownFile` is where a newly accepted key would be written (ConnectionSpec.trustFile).
export function trustAdvice(check: UntrustedHostKey, host: TrustTarget, port: number, fingerprint: string, knownFile = '~/.ssh/known_hosts'): { message: string; hint: string } {
  const where = host.name === host.address ? dialled(host.address, port) : `${host.name} (${dialled(host.address, port)})`;
  const verify = `verify it out of band, e.g. on the host's console: ssh-keygen -lf /etc/ssh/ssh_host_${check.status === 'changed' ? keyFileType(check.knownType) : '*'}_key.pub`;
  const trust = `opsctl hosts trust ${shellQuote(host.name)}`;
  if (check.status === 'revoked') {
    return {
      message: `host key of ${where} is REVOKED (@revoked at ${check.knownFile}:${check.line}); refusing to connect`,
      hint: `the server offered ${fingerprint}, a key marked revoked: the host may be compromised or restored from an old image; keep the @revoked line and have the host's key rotated`,
    };
  }
  if (check.status === 'changed') {
    const remove = `ssh-keygen -R ${shellQuote(check.host)} -f ${shellQuote(check.knownFile)}`;
    return {
      message:
        `WARNING: HOST KEY CHANGED for ${where}: someone may be intercepting the connection (man-in-the-middle), or the host was reinstalled. ` +
        `The server offered ${fingerprint}; ${check.knownFile}:${check.line} holds a different ${check.knownType} key`,
      hint: `do not accept it blindly; ${verify}. Only if it matches, remove the old key: ${remove} — then run: ${trust}`,
    };
  }
  const others = check.knownTypes.length > 0 ? ` (known_hosts only has a ${check.knownTypes.join('/')} key for it)` : '';
  if (check.certAuthority) {
    // ssh2 cannot negotiate host certificates: opsctl can only trust the plain key.
    return {
      message: `host key of ${where} is not known${others}; known_hosts trusts it through a @cert-authority line (a host certificate), which opsctl cannot check; the server offered ${fingerprint}`,
      hint: `${verify}; if it matches, record the plain key: ${trust}`,
    };
  }
  return {
    message: `host key of ${where} is not known${others}; the server offered ${fingerprint}`,
    hint: `${verify}; if it matches, run: ${trust} (or: ssh-keyscan -p ${port} ${shellQuote(host.address)} >> ${shellQuote(knownFile)}, then check its fingerprint with ssh-keygen -lf ${shellQuote(knownFile)})`,
  };
}

// The same advice as the HostError (exit 5) the transport throws.
export function hostKeyError(check: UntrustedHostKey, host: TrustTarget, port: number, fingerprint: string, knownFile?: string): HostError {
  const { message, hint } = trustAdvice(check, host, port, fingerprint, knownFile);
  return new HostError(message, { hint });
}

const dialled = (address: string, port: number) => `${address.includes(':') ? `[${address}]` : address}:${port}`;

// ssh_host_<type>_key.pub file names for a key type (ssh-ed25519 → ed25519, ecdsa-sha2-* → ecdsa).
function keyFileType(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return 'ecdsa';
  return keyType.replace(/^ssh-/, '').replace(/-cert-v01@openssh\.com$/, '');
}
