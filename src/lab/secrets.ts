// The secrets every master shares (service-account signing keys, session secrets, htpasswd),
// made once per lab. RSA like the real ones: service-account tokens are RS256.
import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { MasterSecrets } from './content/ocp311-master.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export async function makeMasterSecrets(): Promise<MasterSecrets> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const secret = () => randomBytes(32).toString('base64');
  // Apache's {SHA} htpasswd scheme; the password is the lab's well-known "admin".
  const sha = createHash('sha1').update('admin').digest('base64');
  return {
    saPrivatePem: privateKey,
    saPublicPem: publicKey,
    sessionSecrets: `apiVersion: v1\nkind: SessionSecrets\nsecrets:\n- authentication: ${secret()}\n  encryption: ${secret()}\n`,
    htpasswd: `admin:{SHA}${sha}\n`,
  };
}
