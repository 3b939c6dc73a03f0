// The operator's view of the lab's etcd, through the real etcdctl with the lab's client cert:
// health and members for `lab status` and the tests, seeding keys at `lab up`.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';

export interface EtcdAccess {
  endpoints: string[];
  cacert: string;
  cert: string;
  key: string;
}

const tlsArgs = (a: EtcdAccess) => [`--cacert=${a.cacert}`, `--cert=${a.cert}`, `--key=${a.key}`, '--dial-timeout=1s', '--command-timeout=3s'];

export async function etcdctl(a: EtcdAccess, endpoints: string[], args: string[], input?: string) {
  return execa('etcdctl', [`--endpoints=${endpoints.join(',')}`, ...tlsArgs(a), ...args], {
    reject: false,
    env: { ETCDCTL_API: '3' },
    input,
    stdin: input === undefined ? 'ignore' : undefined,
  });
}

export interface EndpointHealth {
  endpoint: string;
  health: boolean;
  error?: string;
}

// One entry per endpoint, healthy or not (etcdctl exits non-zero when any is down).
export async function endpointHealth(a: EtcdAccess): Promise<EndpointHealth[]> {
  const r = await etcdctl(a, a.endpoints, ['endpoint', 'health', '-w', 'json']);
  try {
    const list = JSON.parse(r.stdout) as Array<{ endpoint: string; health: boolean; error?: string }>;
    return a.endpoints.map((e) => list.find((x) => x.endpoint === e) ?? { endpoint: e, health: false, error: 'no answer' });
  } catch {
    return a.endpoints.map((e) => ({ endpoint: e, health: false, error: r.stderr.trim().split('\n').pop() }));
  }
}

export interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

// Through any endpoint that answers; undefined when none does.
export async function memberList(a: EtcdAccess): Promise<Member[] | undefined> {
  for (const endpoint of a.endpoints) {
    const r = await etcdctl(a, [endpoint], ['member', 'list', '-w', 'json']);
    if (r.exitCode !== 0) continue;
    const body = JSON.parse(r.stdout) as { members?: Array<{ ID: number | string; name: string; peerURLs: string[]; clientURLs?: string[] }> };
    // etcdctl's JSON prints IDs as decimal uint64, beyond JS number precision: re-read them as text.
    const ids = [...r.stdout.matchAll(/"ID":(\d+)/g)].map((m) => BigInt(m[1]).toString(16));
    return (body.members ?? []).map((m, i) => ({ id: ids[i] ?? String(m.ID), name: m.name, peerURLs: m.peerURLs, clientURLs: m.clientURLs ?? [] }));
  }
  return undefined;
}

// etcd's /health over TLS with the client cert: cheap enough to poll while the cluster forms.
function healthy(a: EtcdAccess, endpoint: string, ca: Buffer, cert: Buffer, key: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/health`, { ca, cert, key, timeout: 1_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 && /"health":\s*"true"/.test(body)));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export async function waitUntilHealthy(a: EtcdAccess, timeoutMs: number): Promise<string[]> {
  const [ca, cert, key] = [a.cacert, a.cert, a.key].map((p) => readFileSync(p));
  const end = Date.now() + timeoutMs;
  let down = a.endpoints;
  while (Date.now() < end) {
    const ok = await Promise.all(down.map((e) => healthy(a, e, ca, cert, key)));
    down = down.filter((_, i) => !ok[i]);
    if (down.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return down;
}

// One transaction of `count` puts: one etcdctl process however many keys.
export async function seedKeys(a: EtcdAccess, prefix: string, count: number): Promise<void> {
  const puts = Array.from({ length: count }, (_, i) => `put ${prefix}${String(i).padStart(4, '0')} "seed value ${i}"`);
  // Three sections (compares, success ops, failure ops), each ended by an empty line.
  const r = await etcdctl(a, a.endpoints, ['txn'], `\n${puts.join('\n')}\n\n\n`);
  if (r.exitCode !== 0 || !/SUCCESS/.test(r.stdout)) throw new Error(`seeding etcd failed: ${r.stderr.trim() || r.stdout.trim()}`);
}

export async function countKeys(a: EtcdAccess, prefix: string): Promise<number> {
  // etcd 3.4's etcdctl has no --count-only; the JSON header's count is the total regardless of --limit.
  const r = await etcdctl(a, a.endpoints, ['get', prefix, '--prefix', '--keys-only', '--limit=1', '-w', 'json']);
  return r.exitCode === 0 ? Number((JSON.parse(r.stdout) as { count?: number }).count ?? 0) : -1;
}
