// A Route53 stand-in the real `aws route53 list-resource-record-sets --endpoint-url` can read,
// with the lab's external-dns stand-in behind it: the zone holds its NS and SOA records plus an
// A record (and external-dns's TXT ownership record) for every Route host under the zone's
// domain in any lab management cluster, so deleting the control-plane routes removes them.
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ZoneSpec {
  labDir: string;
  zoneId: string;
  domain: string;
  /** Where a management cluster's ingress answers, by cluster name. */
  ingress: (cluster: string) => string;
}

interface RecordSet {
  name: string;
  type: string;
  ttl: number;
  values: string[];
}

// Routes of every lab cluster, read from the simulated API's files (read-only, lock-free).
function routeHosts(labDir: string): Array<{ cluster: string; host: string }> {
  const api = join(labDir, 'api');
  const out: Array<{ cluster: string; host: string }> = [];
  for (const cluster of existsSync(api) ? readdirSync(api) : []) {
    const objects = join(api, cluster, 'objects');
    for (const ns of existsSync(objects) ? readdirSync(objects) : []) {
      const file = join(objects, ns, 'routes.json');
      if (!existsSync(file)) continue;
      const routes = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { spec?: { host?: string } }>;
      for (const r of Object.values(routes)) if (r.spec?.host) out.push({ cluster, host: r.spec.host });
    }
  }
  return out;
}

export function zoneRecords(zone: ZoneSpec): RecordSet[] {
  const apex = `${zone.domain}.`;
  const sets: RecordSet[] = [
    { name: apex, type: 'NS', ttl: 172800, values: ['ns-1.awsdns-lab.net.', 'ns-2.awsdns-lab.org.'] },
    { name: apex, type: 'SOA', ttl: 900, values: ['ns-1.awsdns-lab.net. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] },
  ];
  for (const { cluster, host } of routeHosts(zone.labDir)) {
    if (!`${host}.`.endsWith(`.${apex}`)) continue;
    sets.push({ name: `${host}.`, type: 'A', ttl: 300, values: [zone.ingress(cluster)] });
    sets.push({ name: `${host}.`, type: 'TXT', ttl: 300, values: [`"heritage=external-dns,external-dns/owner=${cluster}"`] });
  }
  return sets.sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

function listXml(sets: RecordSet[]): string {
  const items = sets
    .map((s) => `<ResourceRecordSet><Name>${esc(s.name)}</Name><Type>${s.type}</Type><TTL>${s.ttl}</TTL><ResourceRecords>${s.values.map((v) => `<ResourceRecord><Value>${esc(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${items}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>${Math.max(sets.length, 100)}</MaxItems></ListResourceRecordSetsResponse>`;
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>opsctl-lab</RequestId></ErrorResponse>`;
}

export function startRoute53(zone: ZoneSpec, address: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://route53');
    const m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
    const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
    if (!req.headers.authorization) return send(403, errorXml('MissingAuthenticationToken', 'Missing Authentication Token'));
    if (!m || req.method !== 'GET') return send(400, errorXml('InvalidInput', `the lab's Route53 stand-in serves ListResourceRecordSets only, not ${req.method} ${url.pathname}`));
    if (m[1] !== zone.zoneId) return send(404, errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${m[1]}`));
    return send(200, listXml(zoneRecords(zone)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(server));
  });
}
