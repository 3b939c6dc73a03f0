// The lab's loopback services, one process started by `lab up`: an S3 server (the npm package
// s3rver, objects under DIR/s3) with the lab's bucket, and the Route53 stand-in
// (src/lab/services/route53.ts). Settings come from lab.json `services`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLabState } from '../lab-state.js';
import { startRoute53 } from '../services/route53.js';

const labDir = process.argv[2];
const state = labDir ? readLabState(labDir) : undefined;
const services = state?.services;
if (!state || !services) {
  process.stderr.write('lab-services: no lab with services in the given dir\n');
  process.exit(2);
}
const s3 = new URL(services.s3.endpoint);
const r53 = new URL(services.route53.endpoint);
const dir = join(labDir, 's3');
mkdirSync(dir, { recursive: true });
const { default: S3rver } = await import('s3rver');
await new S3rver({ address: s3.hostname, port: Number(s3.port), directory: dir, silent: true, configureBuckets: [{ name: services.s3.bucket }] }).run();
await startRoute53(
  { labDir, zoneId: services.route53.zoneId, domain: services.route53.domain, ingress: (cluster) => `${state.network}.${cluster === 'lab' ? 5 : cluster === 'lab-dest' ? 6 : 7}` },
  r53.hostname,
  Number(r53.port),
);
process.stdout.write(`${new Date().toISOString()} s3 ${services.s3.endpoint} (bucket ${services.s3.bucket}), route53 ${services.route53.endpoint} (zone ${services.route53.zoneId})\n`);
