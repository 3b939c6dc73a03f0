import { describe, expect, it } from 'vitest';
import { makeRedactor, redactObject } from '../../src/state/redact.js';

const redact = makeRedactor(['hunter22', 'hunter2-long', 'abc', '']);

describe('makeRedactor', () => {
  it('masks known secret values, longest first; a short one only where it stands alone', () => {
    expect(redact('pw hunter2-long and hunter22 and abc')).toBe('pw *** and *** and ***');
    expect(redact('abcde xabc abc_ =abc;')).toBe('abcde xabc abc_ =***;');
    expect(makeRedactor(['a.b*c'])('x a.b*c y aXbbc')).toBe('x *** y aXbbc');
  });

  it('masks each secret as the shell quotes it, as JSON escapes it, as an env file escapes it, URL-encoded', () => {
    const secret = `it's "q" $x\\y/z`;
    const r = makeRedactor([secret]);
    const shellQuoted = `'${secret.replace(/'/g, `'\\''`)}'`;
    expect(r(`sh -c ${shellQuoted}`)).toBe(`sh -c '***'`);
    expect(r(JSON.stringify({ password: secret, v: secret }))).not.toContain('q\\"');
    expect(r(JSON.stringify({ v: secret }))).toBe('{"v":"***"}');
    expect(r(`DB_PW="${secret.replace(/([\\"$`])/g, '\\$1')}"`)).toBe('DB_PW="***"');
    expect(r(`https://x/?p=${encodeURIComponent(secret)}`)).toBe('https://x/?p=***');
  });

  it('learns a secret later (a sudo password asked after the run began)', () => {
    const r = makeRedactor([]);
    expect(r('sudo pw Zq9-long')).toBe('sudo pw Zq9-long');
    r.add('Zq9-long');
    expect(r('sudo pw Zq9-long')).toBe('sudo pw ***');
  });

  it('keeps PEM armour lines and masks the body', () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA', 'abcd', '-----END RSA PRIVATE KEY-----'].join('\n');
    expect(redact(`key:\n${pem}\ndone`)).toBe('key:\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\ndone');
    expect(redact('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r\nAAAA')).toBe('-----BEGIN OPENSSH PRIVATE KEY-----\n***');
    expect(redact('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toContain('MIIB');
  });

  it.each([
    ['AKIAIOSFODNN7EXAMPLE in use', '*** in use'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
    ['Authorization: Bearer sha256~abcdef123', 'Authorization: Bearer ***'],
    ['tok eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end', 'tok *** end'],
    ['password=s3cret! user=bob', 'password=*** user=bob'],
    ['DB_PASSWORD: "p a s s" next', 'DB_PASSWORD: "***" next'],
    ['{"token":"abc123","user":"x"}', '{"token":"***","user":"x"}'],
    ['kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:' + 'a'.repeat(64),
     'kubeadm join 10.0.0.1:6443 --token *** --discovery-token-ca-cert-hash sha256:' + 'a'.repeat(64)],
    ['abcdef.0123456789abcdef   23h   authentication,signing', '***   23h   authentication,signing'],
  ])('masks value-shaped secrets: %s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it.each([
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /backup/etcd/snapshot.db',
    '8e9e05c52164694d, started, master-0, https://10.0.0.10:2380, https://10.0.0.10:2379, false',
    'uid: 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    '/etc/origin/master/master.etcd-client.key /var/lib/etcd/member/snap/db /backup/master.20260301120000ab.tar',
    'token:\n  name: bootstrap',
    'kubeadm token create --ttl 0',
  ])('leaves ordinary output alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('redactObject', () => {
  it('masks strings deep inside params and captures, keeping structure', () => {
    const value = { host: 'm0', list: ['hunter22', 3, { auth: 'password=zz' }], n: null, ok: true };
    expect(redactObject(value, redact)).toEqual({ host: 'm0', list: ['***', 3, { auth: 'password=***' }], n: null, ok: true });
  });
});
