// Host key checking against real known_hosts files made with real keys: plain, [host]:port,
// hashed by `ssh-keygen -H`, wildcards and negation, @revoked, @cert-authority, changed keys;
// fingerprints as `ssh-keygen -lf` prints them; lines `ssh-keygen -F` accepts.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintSha256 } from '../../src/ssh/host-key.js';
import { loadKnownHosts } from '../../src/ssh/host-trust.js';
import { checkHostKey, formatKnownHostsLine, parseKnownHosts } from '../../src/ssh/known-hosts.js';
import { keyLine, makeKey, tempDir, writeIn } from './helpers.js';

const dir = tempDir();
const a = makeKey(dir, 'a', 'ed25519');
const b = makeKey(dir, 'b', 'ed25519');
const ec = makeKey(dir, 'ec', 'ecdsa');
const rsa = makeKey(dir, 'rsa', 'rsa');

const check = (text: string, names: string[], port: number, key = a) =>
  checkHostKey(parseKnownHosts(text, 'kh').entries, names, port, key.type, key.blob);

describe('fingerprintSha256', () => {
  it.each([a, ec, rsa])('equals ssh-keygen -lf for %#', (key) => {
    const printed = execFileSync('ssh-keygen', ['-lf', key.pub], { encoding: 'utf8' }).split(' ')[1];
    expect(fingerprintSha256(key.blob)).toBe(printed);
  });
});

describe('checkHostKey', () => {
  it('trusts a plain entry for any of the names (name or address)', () => {
    const text = `# comment\n\n${keyLine('master-0,10.0.0.5', a)} a comment\n`;
    expect(check(text, ['master-0'], 22)).toEqual({ status: 'trusted', knownFile: 'kh', line: 3 });
    expect(check(text, ['other', '10.0.0.5'], 22)).toMatchObject({ status: 'trusted' });
    expect(check(text, ['MASTER-0'], 22)).toMatchObject({ status: 'trusted' });
    expect(check(text, ['nope'], 22)).toEqual({ status: 'unknown', knownTypes: [] });
  });

  it('keys a non-22 port as [host]:port, and only that port', () => {
    const text = keyLine('[master-0]:2222', a);
    expect(check(text, ['master-0'], 2222)).toMatchObject({ status: 'trusted' });
    expect(check(text, ['master-0'], 22)).toMatchObject({ status: 'unknown' });
    expect(check(keyLine('master-0', a), ['master-0'], 2222)).toMatchObject({ status: 'unknown' });
  });

  it('matches entries hashed by ssh-keygen -H', () => {
    const file = writeIn(dir, 'hashed', `${keyLine('master-0,10.0.0.5', a)}\n${keyLine('[master-1]:2222', ec)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'pipe' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('master');
    const { entries } = parseKnownHosts(text, file);
    expect(entries).toHaveLength(3);
    expect(checkHostKey(entries, ['10.0.0.5'], 22, a.type, a.blob)).toMatchObject({ status: 'trusted', line: 2 });
    expect(checkHostKey(entries, ['master-1'], 2222, ec.type, ec.blob)).toMatchObject({ status: 'trusted' });
    expect(checkHostKey(entries, ['master-1'], 22, ec.type, ec.blob)).toMatchObject({ status: 'unknown' });
  });

  it('applies wildcards and lets a !negated pattern veto the line', () => {
    const text = keyLine('*.example.com,!bad.example.com,10.0.0.?', a);
    expect(check(text, ['web.example.com'], 22)).toMatchObject({ status: 'trusted' });
    expect(check(text, ['10.0.0.7'], 22)).toMatchObject({ status: 'trusted' });
    expect(check(text, ['10.0.0.77'], 22)).toMatchObject({ status: 'unknown' });
    expect(check(text, ['bad.example.com'], 22)).toMatchObject({ status: 'unknown' });
  });

  it('reports a same-type key with another blob as changed, with file:line and the name to remove', () => {
    const text = `${keyLine('other', a)}\n${keyLine('master-0,10.0.0.5', b)}\n`;
    expect(check(text, ['10.0.0.5', 'master-0'], 22)).toEqual({ status: 'changed', knownFile: 'kh', line: 2, knownType: 'ssh-ed25519', host: '10.0.0.5' });
  });

  it('trusts when any entry holds the key, even if another holds an older one', () => {
    expect(check(`${keyLine('master-0', b)}\n${keyLine('master-0', a)}\n`, ['master-0'], 22)).toMatchObject({ status: 'trusted', line: 2 });
  });

  it('reports unknown (not changed) when only other key types are known, naming them', () => {
    expect(check(keyLine('master-0', ec), ['master-0'], 22)).toEqual({ status: 'unknown', knownTypes: ['ecdsa-sha2-nistp256'] });
  });

  it('refuses a @revoked key before anything else', () => {
    const text = `${keyLine('master-0', a)}\n@revoked ${keyLine('*', a)}\n`;
    expect(check(text, ['master-0'], 22)).toEqual({ status: 'revoked', knownFile: 'kh', line: 2 });
    expect(check(`@revoked ${keyLine('elsewhere', a)}`, ['master-0'], 22)).toMatchObject({ status: 'revoked' });
    expect(check(`@revoked ${keyLine('*', b)}`, ['master-0'], 22)).toMatchObject({ status: 'unknown' });
  });

  it('never lets a @cert-authority line trust a plain key', () => {
    expect(check(`@cert-authority ${keyLine('*', a)}`, ['master-0'], 22)).toMatchObject({ status: 'unknown', knownTypes: [] });
  });
});

describe('parseKnownHosts', () => {
  it('skips lines ssh would skip, each with a warning at its line', () => {
    const text = [
      '@bogus host ssh-ed25519 AAAA',
      'host-only',
      'host 2048 65537 12345',
      `host ssh-rsa ${a.blob.toString('base64')}`,
      '|1|notbase64|x ssh-ed25519 AAAA',
      'host ssh-ed25519 !!!',
      keyLine('good', a),
    ].join('\n');
    const { entries, diagnostics } = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => e.line)).toEqual([7]);
    expect(diagnostics.map((d) => d.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(diagnostics[3].message).toContain('does not match the key (ssh-ed25519)');
  });

  it('loadKnownHosts reads the files that exist and ignores missing ones', () => {
    const f = writeIn(dir, 'kh-load', `${keyLine('x', a)}\n`);
    const { entries, diagnostics } = loadKnownHosts([join(dir, 'missing'), f]);
    expect(entries).toHaveLength(1);
    expect(diagnostics).toEqual([]);
  });
});

describe('formatKnownHostsLine', () => {
  const found = (file: string, host: string) => spawnSync('ssh-keygen', ['-F', host, '-f', file], { encoding: 'utf8' });

  it.each([
    ['plain', false, 22],
    ['hashed', true, 22],
    ['plain-port', false, 2222],
    ['hashed-port', true, 2222],
  ] as const)('writes lines ssh-keygen -F finds (%s)', (name, hash, port) => {
    const file = join(dir, `fmt-${name}`);
    writeFileSync(file, `${formatKnownHostsLine(['Master-0', '10.0.0.5'], port, rsa.type, rsa.blob, { hash })}\n`);
    const query = (h: string) => (port === 22 ? h : `[${h}]:${port}`);
    for (const h of ['master-0', '10.0.0.5']) {
      const r = found(file, query(h));
      expect([h, r.status]).toEqual([h, 0]);
      expect(r.stdout).toContain(rsa.blob.toString('base64'));
    }
    expect(found(file, query('master-1')).status).toBe(1);
    const { entries } = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(checkHostKey(entries, ['master-0'], port, rsa.type, rsa.blob)).toMatchObject({ status: 'trusted' });
  });

  it('records the key type from the blob, not the signature algorithm', () => {
    expect(formatKnownHostsLine(['h'], 22, 'rsa-sha2-512', rsa.blob, { hash: false })).toMatch(/^h ssh-rsa /);
  });
});
