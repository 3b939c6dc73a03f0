// The order OpenSSH authenticates in: the agent first, then each identity file. Keys are read
// only when their turn comes, so an encrypted key prompts for its passphrase only if needed, and
// every method tried (or skipped, and why) is kept for the error an operator sees.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';
import type { SshTransportOptions } from './ssh-options.js';

export interface AuthTrail {
  /** Methods offered to the server, e.g. `agent /run/ssh.sock`, `key ~/.ssh/id_ed25519`. */
  tried: string[];
  /** Why a method was skipped (encrypted key without prompt, unreadable file...). */
  problems: string[];
}

type Attempt = () => Promise<AnyAuthMethod | undefined>;

// ssh2 calls this once per attempt; each call hands back the next usable method, or false.
export function createAuthHandler(o: SshTransportOptions, trail: AuthTrail): AuthHandlerMiddleware {
  const queue: Attempt[] = [];
  const agent = o.agent;
  if (agent) queue.push(async () => agentMethod(agent, o.user, trail));
  for (const file of o.identityFiles) queue.push(() => keyMethod(file, o, trail));
  return (_methodsLeft, _partialSuccess, next) => {
    const pick = async (): Promise<AnyAuthMethod | false> => {
      for (let attempt = queue.shift(); attempt; attempt = queue.shift()) {
        const method = await attempt();
        if (method) return method;
      }
      return false;
    };
    pick().then(
      (method) => next(method as AnyAuthMethod),
      (err: unknown) => {
        trail.problems.push(err instanceof Error ? err.message : String(err));
        next(false as never);
      },
    );
  };
}

function agentMethod(socket: string, username: string, trail: AuthTrail): AnyAuthMethod | undefined {
  if (!existsSync(socket)) {
    trail.problems.push(`agent socket ${socket} does not exist`);
    return undefined;
  }
  trail.tried.push(`agent ${socket}`);
  return { type: 'agent', username, agent: socket };
}

async function keyMethod(file: string, o: SshTransportOptions, trail: AuthTrail): Promise<AnyAuthMethod | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    // Default identity files often do not exist; OpenSSH skips them quietly too.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') trail.problems.push(`cannot read private key ${file}: ${(err as Error).message}`);
    return undefined;
  }
  let key = ssh2.utils.parseKey(data);
  if (key instanceof Error && isEncryptedKeyError(key)) {
    if (!o.passphrase) {
      trail.problems.push(`private key ${file} is encrypted and no passphrase prompt is available`);
      return undefined;
    }
    const passphrase = await o.passphrase(file);
    if (passphrase === undefined) {
      trail.problems.push(`no passphrase given for private key ${file}`);
      return undefined;
    }
    key = ssh2.utils.parseKey(data, passphrase);
    if (key instanceof Error) {
      trail.problems.push(`wrong passphrase for private key ${file}`);
      return undefined;
    }
  }
  if (key instanceof Error) {
    trail.problems.push(`cannot use private key ${file}: ${key.message}`);
    return undefined;
  }
  const parsed: ParsedKey = Array.isArray(key) ? key[0] : key;
  trail.tried.push(`key ${file}`);
  return { type: 'publickey', username: o.user, key: parsed };
}

function isEncryptedKeyError(err: Error): boolean {
  return /encrypted/i.test(err.message) && /no passphrase/i.test(err.message);
}
