// resolveConnection: inventory over ssh_config over defaults, ssh_config matched against the
// address Ansible would pass to ssh, and jump hosts resolved (and flattened) like ssh -J does.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { InventoryHost } from '../../src/inventory/types.js';
import type { PlanHost } from '../../src/plan/types.js';
import { parseSshConfig } from '../../src/ssh/config-parse.js';
import { resolveConnection } from '../../src/ssh/host-resolve.js';

const env = { user: 'op', home: '/home/op' };
const config = parseSshConfig(
  `Host master-0
  User wrong-block
Host 10.0.0.*
  User core
  IdentityFile ~/.ssh/cluster_%h
  ProxyJump bastion
Host bastion
  HostName bastion.example.com
  User jump
  Port 2022
  ProxyJump gateway
Host gateway
  HostName 203.0.113.7
Host plain
  HostName plain.example.com
  StrictHostKeyChecking accept-new
  ConnectTimeout 3
  ServerAliveInterval 0
  HostKeyAlias plain-alias
Host loop
  ProxyJump loop
`,
  'cfg',
  { home: env.home },
).config;

const ssh = (name: string, extra: Partial<PlanHost> = {}): PlanHost => ({ name, transport: 'ssh', ...extra });
const inv = (name: string, extra: Partial<InventoryHost> = {}): InventoryHost => ({ name, vars: {}, ...extra });

describe('resolveConnection', () => {
  it('uses defaults for a bare name: env user, port 22, 10 s timeout, 15 s keepalive, default keys', () => {
    const c = resolveConnection(ssh('db1'), undefined, config, env);
    expect(c).toMatchObject({ name: 'db1', host: 'db1', port: 22, user: 'op', connectTimeoutMs: 10_000, keepaliveIntervalMs: 15_000, strictHostKeyChecking: 'ask', proxyJump: [] });
    expect(c.identityFiles).toEqual(['/home/op/.ssh/id_rsa', '/home/op/.ssh/id_ecdsa', '/home/op/.ssh/id_ed25519']);
    expect(c.defaultIdentityFiles).toBe(true);
    expect(c.knownHostsFiles).toEqual(['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    expect(c.trustFile).toBe('/home/op/.ssh/known_hosts');
    expect(c.knownHostNames).toEqual(['db1']);
  });

  it('matches ssh_config against the inventory address (what Ansible passes to ssh), not the name', () => {
    const c = resolveConnection(ssh('master-0', { address: '10.0.0.5' }), undefined, config, env);
    expect(c).toMatchObject({ host: '10.0.0.5', user: 'core', identityFiles: ['/home/op/.ssh/cluster_10.0.0.5'], defaultIdentityFiles: false });
    // What ssh (and Ansible, which runs `ssh 10.0.0.5`) looks up: the address, never the inventory name.
    expect(c.knownHostNames).toEqual(['10.0.0.5']);
  });

  it('lets inventory values win over ssh_config, the key file first', () => {
    const host = inv('master-0', { address: '10.0.0.5', port: 2222, user: 'admin', identityFile: '~/.ssh/ops.pem', become: true, becomeUser: 'root' });
    const c = resolveConnection(ssh('master-0', { address: '10.0.0.5' }), host, config, env);
    expect(c).toMatchObject({ port: 2222, user: 'admin', become: true, becomeUser: 'root' });
    expect(c.identityFiles).toEqual(['/home/op/.ssh/ops.pem', '/home/op/.ssh/cluster_10.0.0.5']);
  });

  it('resolves a ProxyJump chain hop by hop, each hop with its own ssh_config, first hop first', () => {
    const c = resolveConnection(ssh('master-0', { address: '10.0.0.5' }), undefined, config, env);
    expect(c.proxyJump.map((h) => [h.name, h.host, h.port, h.user])).toEqual([
      ['gateway', '203.0.113.7', 22, 'op'],
      ['bastion', 'bastion.example.com', 2022, 'jump'],
    ]);
    expect(c.proxyJump.every((h) => h.proxyJump.length === 0)).toBe(true);
    expect(c.proxyJump[1].knownHostNames).toEqual(['[bastion.example.com]:2022']);
  });

  it('takes user@host:port forms and comma chains from the inventory; later hops ignore their own ProxyJump', () => {
    const c = resolveConnection(ssh('db', { proxyJump: 'ops@plain:2200,bastion' }), undefined, config, env);
    expect(c.proxyJump.map((h) => `${h.user}@${h.host}:${h.port}`)).toEqual(['ops@plain.example.com:2200', 'jump@bastion.example.com:2022']);
    expect(c.proxyJump[0].name).toBe('ops@plain:2200');
  });

  it('carries trust and timing settings from ssh_config; HostKeyAlias replaces the names checked', () => {
    const c = resolveConnection(ssh('plain'), undefined, config, env);
    expect(c).toMatchObject({ host: 'plain.example.com', strictHostKeyChecking: 'accept-new', connectTimeoutMs: 3000, keepaliveIntervalMs: 0, knownHostNames: ['plain-alias'] });
  });

  it('refuses a ProxyJump loop or a malformed ProxyJump with an InputError', () => {
    expect(() => resolveConnection(ssh('loop'), undefined, config, env)).toThrow(InputError);
    expect(() => resolveConnection(ssh('x', { proxyJump: 'a:notaport' }), undefined, config, env)).toThrow(/invalid ProxyJump/);
  });
});
