// Certificates for the lab, made with the real openssl: CAs first, then every leaf at once.
// EC P-256 keys, because RSA key generation would dominate the lab's start time.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { mapLimit } from './parallel.js';

export interface CertSpec {
  /** Output path without extension: `<path>.crt` and `<path>.key` are written. */
  path: string;
  subject: string;
  /** `serving` certs carry serverAuth+clientAuth (etcd members, API servers); `client` only clientAuth. */
  kind: 'ca' | 'serving' | 'client';
  ips?: string[];
  dns?: string[];
  /** Path (without extension) of the CA that signs it; none for a CA. */
  issuer?: string;
  /** Also write `<path>.csr`, as openshift-ansible leaves the request beside some certs. */
  csr?: boolean;
}

const OPENSSL_CNF = `# opsctl lab: extensions for the lab's CAs and leaf certificates
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[serving]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

// `/O=a/CN=b` from a subject; names with `/` are not used by the lab.
function subjectArg(subject: string): string {
  return subject.startsWith('/') ? subject : `/CN=${subject}`;
}

async function issue(openssl: string, cnf: string, spec: CertSpec): Promise<void> {
  const args = ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', `${spec.path}.key`, '-out', `${spec.path}.crt`, '-subj', subjectArg(spec.subject), '-days', '3650');
  args.push('-config', cnf, '-extensions', spec.kind);
  const sans = [...(spec.ips ?? []).map((ip) => `IP:${ip}`), ...(spec.dns ?? []).map((d) => `DNS:${d}`)];
  if (sans.length > 0) args.push('-addext', `subjectAltName=${sans.join(',')}`);
  if (spec.issuer) args.push('-CA', `${spec.issuer}.crt`, '-CAkey', `${spec.issuer}.key`);
  const r = await execa(openssl, args, { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`openssl could not make ${spec.path}.crt: ${r.stderr.trim()}`);
  if (!spec.csr) return;
  const csr = await execa(openssl, ['req', '-new', '-key', `${spec.path}.key`, '-subj', subjectArg(spec.subject), '-config', cnf, '-out', `${spec.path}.csr`], { reject: false, stdin: 'ignore' });
  if (csr.exitCode !== 0) throw new Error(`openssl could not make ${spec.path}.csr: ${csr.stderr.trim()}`);
}

// Issues every spec under `pkiDir`'s openssl.cnf; keys are written 0600 by openssl.
export async function issueCertificates(openssl: string, pkiDir: string, specs: CertSpec[]): Promise<void> {
  const cnf = join(pkiDir, 'openssl.cnf');
  writeFileSync(cnf, OPENSSL_CNF);
  const limit = Math.max(4, availableParallelism() * 2);
  await mapLimit(specs.filter((s) => !s.issuer), limit, (s) => issue(openssl, cnf, s));
  await mapLimit(specs.filter((s) => s.issuer), limit, (s) => issue(openssl, cnf, s));
}
