// Shared by the ssh tests: temp dirs, real keys from ssh-keygen, and OpenSSH's own answers
// (`ssh -G`, and the identity files `ssh -vvv` really tries) to compare opsctl against.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'opsctl-ssh-'));
  dirs.push(d);
  return d;
}

export function writeIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

// ssh expands `~` and %d from the passwd entry, not $HOME; so must the comparison.
export const sshEnv = { user: userInfo().username, home: userInfo().homedir, uid: userInfo().uid, localHostname: hostname() };

// `ssh -G`: keyword → values (one entry per line, e.g. several identityfile lines).
export function sshG(config: string, alias: string, extra: string[] = []): Record<string, string[]> {
  const out = execFileSync('ssh', ['-G', '-F', config, ...extra, alias], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const map: Record<string, string[]> = {};
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) (map[line.slice(0, space)] ??= []).push(line.slice(space + 1));
  }
  return map;
}

// The identity files ssh really tries, tokens expanded: run it with a proxy command that exits
// at once, so nothing touches the network, and read its debug log.
export function sshIdentities(config: string, alias: string, extra: string[] = []): string[] {
  const r = spawnSync('ssh', ['-vvv', '-F', config, '-o', 'ProxyCommand=true', '-o', 'BatchMode=yes', ...extra, alias], { encoding: 'utf8' });
  return [...r.stderr.matchAll(/^debug1: identity file (.*) type -?\d+$/gm)].map((m) => m[1]).filter((f) => !f.endsWith('-cert'));
}

/** A real key pair: the .pub path, its type and its blob. */
export interface TestKey {
  pub: string;
  type: string;
  blob: Buffer;
}

export function makeKey(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa'): TestKey {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `${name}@test`, '-f', path], { stdio: 'pipe' });
  const [keyType, base64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/);
  return { pub: `${path}.pub`, type: keyType, blob: Buffer.from(base64, 'base64') };
}

// A known_hosts line for a key, as ssh-keyscan would print it.
export const keyLine = (names: string, key: TestKey) => `${names} ${key.type} ${key.blob.toString('base64')}`;
