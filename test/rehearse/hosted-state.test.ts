// Rehearse's end state on a lab with hosted clusters: what a hosted-cluster procedure changes — a
// key in a hosted control plane's real etcd, a bucket object in the lab's S3, a Route53 record
// gone with its route — shows up in the changes; an idle lab (hosted etcd members running, their
// live data and the converge worker's files changing underneath) shows none.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changes, snapshot } from '../../src/rehearse/end-state.js';
import type { NormaliseContext } from '../../src/rehearse/normalise.js';
import { labCli, type Lab } from '../lab/helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let root = '';
let work = '';
let ctx: NormaliseContext;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'opsctl-rehearse-hosted-'));
  lab.dir = join(root, 'lab');
  lab.stateDir = join(root, 'state');
  work = join(root, 'work');
  mkdirSync(work);
  const up = await labCli(lab, ['up', '--masters', '1']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}`);
  ctx = { paths: [[lab.dir, '<lab>'], [work, '<work>'], [root, '<root>']] };
}, 120_000);

afterAll(async () => {
  if (lab.dir) await labCli(lab, ['down']);
  if (root) rmSync(root, { recursive: true, force: true });
});

const labState = () => JSON.parse(readFileSync(join(lab.dir, 'lab.json'), 'utf8')) as { network: string; services: { s3: { endpoint: string; bucket: string } } };
const oc = (args: string[]) => execFileSync(join(lab.dir, 'bin/oc'), args, { env: { ...process.env, KUBECONFIG: join(lab.dir, 'api/lab/kubeconfig') }, encoding: 'utf8' });

describe('rehearse end state with hosted clusters', () => {
  it('lists the hosted etcd members and keys and the DNS records, and an idle lab changes nothing', async () => {
    const a = await snapshot(lab.dir, work);
    expect(a.hosted).toContain('hosted-etcd lab/clusters-example key /hosted/seed/0000');
    expect(a.hosted.filter((l) => / member etcd-\d /.test(l))).toHaveLength(3);
    expect(a.hosted.some((l) => /^dns api-example\.\S+\. A 127\.0\.\d+\.\d+$/.test(l))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const b = await snapshot(lab.dir, work);
    expect([...(await changes(lab.dir, work, a, b, [], ctx)).keys()]).toEqual([]);
  }, 60_000);

  it('sees a hosted etcd key, a bucket object and a DNS record a procedure changed', async () => {
    const before = await snapshot(lab.dir, work);
    const { network, services } = labState();
    const tls = join(lab.dir, 'hosted-etcd/tls/client');
    execFileSync('etcdctl', [`--endpoints=https://${network}.200:2379`, `--cacert=${tls}/etcd-client-ca.crt`, `--cert=${tls}/etcd-client.crt`, `--key=${tls}/etcd-client.key`, 'put', '/hosted/rehearse/probe', 'x'], { env: { ETCDCTL_API: '3' } });
    // Paused, so the HyperShift stand-in does not put the route back; its DNS records go with it.
    oc(['patch', '-n', 'clusters', 'hostedclusters/example', '-p', '{"spec":{"pausedUntil":"true"}}', '--type=merge']);
    oc(['delete', 'route', 'oauth', '-n', 'clusters-example']);
    const file = join(root, 'object.txt');
    writeFileSync(file, 'probe\n');
    const bin = join(root, 'bin');
    mkdirSync(bin);
    symlinkSync('/usr/bin/aws', join(bin, 'aws'));
    execFileSync('aws', ['--endpoint-url', services.s3.endpoint, 's3', 'cp', file, `s3://${services.s3.bucket}/rehearse/object.txt`, '--only-show-errors'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_DEFAULT_REGION: 'us-east-1' },
    });
    const after = await snapshot(lab.dir, work);
    const c = await changes(lab.dir, work, before, after, [], ctx);
    expect(c.get('hosted-etcd lab/clusters-example key /hosted/rehearse/probe')).toEqual(['added']);
    expect([...c.entries()].filter(([k, v]) => /^dns oauth-example\.\S+ (A|TXT) /.test(k) && v[0] === 'removed')).toHaveLength(2);
    expect(c.get(`s3/${services.s3.bucket}/rehearse/object.txt._S3rver_object`)?.[0]).toMatch(/^added:text /);
  }, 90_000);
});
