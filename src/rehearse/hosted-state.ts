// What a hosted-cluster procedure changes beyond files and the simulated API: the members and keys
// of every hosted control plane's real etcd (by namespace and member name; ids differ per lab) and
// the external DNS records the lab's Route53 stand-in serves. Lines, sorted; the lab's own etcd is
// captured by end-state.ts. Bucket objects are files under DIR/s3 and walked there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

interface LabServices {
  network?: string;
  hostedEtcd?: unknown;
  services?: { route53?: { endpoint: string; zoneId: string } };
}

// Same layout as src/lab/hosted-etcd/layout.ts: management cluster `lab` from .200, `lab-dest` from .210.
const SLOTS = ['lab', 'lab-dest'];

/** One line per hosted etcd member and key, and per DNS record; empty for a lab without them. */
export async function hostedState(labDir: string): Promise<string[]> {
  const lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as LabServices;
  const out: string[] = [];
  if (lab.hostedEtcd && lab.network) out.push(...(await hostedEtcd(labDir, lab.network)));
  if (lab.services?.route53) out.push(...(await dnsRecords(lab.services.route53)));
  return out.sort();
}

// Each control plane whose worker records running members: its members, and its keys read from
// the first member that answers (all members of a healthy cluster agree).
async function hostedEtcd(labDir: string, network: string): Promise<string[]> {
  const root = join(labDir, 'hosted-etcd');
  const tls = join(root, 'tls', 'client');
  const out: string[] = [];
  for (const cluster of existsSync(root) ? readdirSync(root).filter((c) => c !== 'tls') : []) {
    for (const ns of readdirSync(join(root, cluster))) {
      const state = join(root, cluster, ns, 'run', 'state.json');
      if (!existsSync(state)) continue;
      const members = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { members?: Record<string, number> }).members ?? {});
      if (members.length === 0) continue;
      const where = `hosted-etcd ${cluster}/${ns}`;
      const slot = SLOTS.indexOf(cluster);
      const endpoints = members.map((i) => `https://${network}.${200 + 10 * (slot < 0 ? 2 : slot) + Number(i)}:2379`);
      out.push(...(await etcdLines(where, endpoints, tls)));
    }
  }
  return out;
}

async function etcdLines(where: string, endpoints: string[], tls: string): Promise<string[]> {
  for (const endpoint of endpoints) {
    const ctl = (args: string[]) =>
      execa('etcdctl', [`--endpoints=${endpoint}`, `--cacert=${tls}/etcd-client-ca.crt`, `--cert=${tls}/etcd-client.crt`, `--key=${tls}/etcd-client.key`, '--dial-timeout=2s', '--command-timeout=5s', ...args], { reject: false, env: { ETCDCTL_API: '3' }, stdin: 'ignore' });
    const members = await ctl(['member', 'list', '-w', 'json']);
    const keys = members.exitCode === 0 ? await ctl(['get', '', '--prefix', '--keys-only']) : undefined;
    if (!keys || keys.exitCode !== 0) continue;
    const list = (JSON.parse(String(members.stdout)).members ?? []) as Array<{ name?: string; peerURLs?: string[] }>;
    return [
      ...list.map((m) => `${where} member ${m.name ?? '(unstarted)'} ${(m.peerURLs ?? []).join(',')}`),
      ...String(keys.stdout).split('\n').filter(Boolean).map((k) => `${where} key ${k}`),
    ];
  }
  return [`${where} unreachable`];
}

// ListResourceRecordSets as `aws route53 list-resource-record-sets` reads it (the stand-in wants an
// Authorization header, not a valid signature).
async function dnsRecords(r: { endpoint: string; zoneId: string }): Promise<string[]> {
  try {
    const res = await fetch(`${r.endpoint}/2013-04-01/hostedzone/${r.zoneId}/rrset`, { headers: { authorization: 'opsctl-rehearse' }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [`dns unreadable: HTTP ${res.status}`];
    return parseRecordSets(await res.text()).map((s) => `dns ${s}`);
  } catch (e) {
    return [`dns unreachable: ${(e as Error).message}`];
  }
}

/** `NAME TYPE VALUE,...` per record set of a ListResourceRecordSets answer. Pure. */
export function parseRecordSets(xml: string): string[] {
  const tag = (s: string, t: string) => [...s.matchAll(new RegExp(`<${t}>([\\s\\S]*?)</${t}>`, 'g'))].map((m) => m[1]);
  return tag(xml, 'ResourceRecordSet').map((set) => `${tag(set, 'Name')[0]} ${tag(set, 'Type')[0]} ${tag(set, 'Value').join(',')}`);
}
