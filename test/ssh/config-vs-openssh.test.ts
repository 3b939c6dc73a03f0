// resolveSshConfig against OpenSSH itself: the same config file read by `ssh -G` (and the identity
// files `ssh -vvv` really tries) must give the same HostName, User, Port, keys, ProxyJump...
import { describe, expect, it } from 'vitest';
import { loadSshConfig } from '../../src/ssh/config-load.js';
import { resolveSshConfig, type SshCommandLine } from '../../src/ssh/config-resolve.js';
import type { ResolvedSshConfig } from '../../src/ssh/config-types.js';
import { sshEnv, sshG, sshIdentities, tempDir, writeIn } from './helpers.js';

const dir = tempDir();
writeIn(dir, 'conf.d/10-base.conf', 'User incuser\nPort 3022\nHost inc-b\n  User inc-b-user\n');
writeIn(dir, 'conf.d/20-keys.conf', 'Host inc-*\n  IdentityFile ~/.ssh/inc_%n\n');
writeIn(dir, 'conf.d/.hidden.conf', 'User hidden\n');
writeIn(dir, 'conf.d/notes.txt', 'User notes\n');
const existingKey = writeIn(dir, 'keys/cli_key', 'not a real key\n');
const config = writeIn(
  dir,
  'config',
  `# the operator's config
Host bastion
  HostName Bastion.Example.com
  User jumper
  Port 2022

Host jump2
  ProxyJump bastion
  HostName 10.9.9.9
Host db-* !db-secret
  User dbadmin
  IdentityFile ~/.ssh/id_%h_%p_%r
Host db-*
  Port=2201
  IdentityFile "${dir}/keys/with space/%n-%u"   # trailing comment
Host web?
  HostName %h.internal.example.com
  UserKnownHostsFile ~/.ssh/kh_%h ${dir}/kh2_%n
Host inc-*
  Include ${dir}/conf.d/*.conf
Host alias10
  HostName 10.1.2.3
Match host 10.1.*
  User ten-one
Match originalhost alias10
  Port 4444
Host chain
  ProxyJump user1@bastion:2200,jump2
Host proxied
  ProxyCommand nc %h %p
  ProxyJump ignored
Host *.corp
  StrictHostKeyChecking accept-new
  ConnectTimeout 1m
  ServerAliveInterval 30s
  IdentitiesOnly yes
Host strict
  StrictHostKeyChecking off
  ConnectTimeout none
  UserKnownHostsFile none
Host a,b
  User comma-is-literal
Host tok tok-noalias
  HostName 10.7.7.7
  Port 2299
  User tokuser
  IdentityFile ~/.ssh/id_%C_%d_%i_%k_%L_%l_%n_%p_%r_%u_%h
  UserKnownHostsFile ~/.ssh/kh_%C_%d_%i_%k_%L_%l_%n_%p_%r_%u_%h
Host tok
  HostKeyAlias tokalias
Host *
  IdentityFile ~/.ssh/id_all_%d
`,
);

const parsed = loadSshConfig(config, sshEnv.home);

// ssh -G's spelling of the fields opsctl resolves.
function asSshG(r: ResolvedSshConfig): Record<string, string[] | undefined> {
  const seconds = (ms?: number) => (ms === undefined ? undefined : [ms === 0 ? 'none' : String(ms / 1000)]);
  const strict = { yes: 'true', no: 'false', ask: 'ask', 'accept-new': 'accept-new' }[r.strictHostKeyChecking ?? 'ask'];
  return {
    hostname: [r.hostName],
    user: [r.user],
    port: [String(r.port)],
    proxyjump: r.proxyJump ? [r.proxyJump] : undefined,
    proxycommand: r.proxyCommand ? [r.proxyCommand] : undefined,
    userknownhostsfile: [r.userKnownHostsFiles.length ? r.userKnownHostsFiles.join(' ') : 'none'],
    stricthostkeychecking: [strict],
    connecttimeout: seconds(r.connectTimeoutMs) ?? ['none'],
    serveraliveinterval: seconds(r.serverAliveIntervalMs) ?? ['0'],
    identitiesonly: [r.identitiesOnly ? 'yes' : 'no'],
  };
}

function compare(alias: string, cli: SshCommandLine = {}, args: string[] = []) {
  const ours = resolveSshConfig(parsed, alias, sshEnv, cli);
  const theirs = sshG(config, alias, args);
  const expected = asSshG(ours);
  for (const [key, value] of Object.entries(expected)) expect([alias, key, theirs[key]]).toEqual([alias, key, value]);
  // -J cannot be combined with the ProxyCommand sshIdentities uses; it does not change the keys.
  const noJump = args.filter((a, i) => a !== '-J' && args[i - 1] !== '-J');
  expect(ours.identityFiles).toEqual(sshIdentities(config, alias, noJump));
  return ours;
}

describe('resolveSshConfig agrees with ssh -G', () => {
  it.each([
    'bastion', // HostName lowercased, User, Port
    'jump2', // ProxyJump by alias
    'db-1', // wildcard, IdentityFile accumulates, %h %p %r, quoted path with a space, Key=value
    'db-secret', // negated pattern vetoes its Host line only
    'webA', // `?` pattern, %h in HostName, UserKnownHostsFile tokens (%h = HostName, %n = alias)
    'web12', // `?` is exactly one character
    'inc-a', // Include with a glob, sorted, dot-files and other names skipped
    'inc-b', // a Host block inside an included file
    'alias10', // Match host sees the HostName obtained so far; Match originalhost the alias
    'chain', // ProxyJump chain kept as written
    'proxied', // ProxyCommand first: the later ProxyJump is ignored
    'app.corp', // time values, accept-new, IdentitiesOnly
    'strict', // off = no, ConnectTimeout none, UserKnownHostsFile none
    'a', // a comma in a Host line is part of the pattern, not a list
    'tok', // every path token: %C (sha1 of %l%h%p%r) %d %i %k (the HostKeyAlias) %L %l %n %p %r %u %h
    'tok-noalias', // %k without HostKeyAlias is the name given to ssh, not the HostName
    'unknown-host', // only the Host * block applies
  ])('%s', (alias) => {
    compare(alias);
  });

  it('lets command-line values (inventory) win: -l -p -i -J', () => {
    const ours = compare('db-1', { user: 'bob', port: 2222, identityFiles: [existingKey], proxyJump: 'alice@j1:22' }, ['-l', 'bob', '-p', '2222', '-i', existingKey, '-J', 'alice@j1:22']);
    expect(ours.identityFiles[0]).toBe(existingKey);
    expect(ours.identityFiles[1]).toBe(`${sshEnv.home}/.ssh/id_db-1_2222_bob`);
  });

  it('applies the defaults ssh applies', () => {
    const r = resolveSshConfig(parsed, 'unknown-host', sshEnv);
    expect(r).toMatchObject({ hostName: 'unknown-host', port: 22, user: sshEnv.user });
    expect(r.userKnownHostsFiles).toEqual([`${sshEnv.home}/.ssh/known_hosts`, `${sshEnv.home}/.ssh/known_hosts2`]);
    expect(r.globalKnownHostsFiles).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    expect(r.strictHostKeyChecking).toBeUndefined();
  });
});
