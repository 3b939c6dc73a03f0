// ansible.cfg found and read as Ansible finds and reads it, and its connection defaults applied
// under what the inventory itself says.
import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansibleDefaults, applyAnsibleDefaults, parseConfigIni } from '../../src/inventory/ansible-cfg.js';
import { findAnsibleConfig, loadAnsibleDefaults } from '../../src/inventory/ansible-cfg-find.js';
import { parseInventory } from '../../src/inventory/parse.js';
import { tempDir } from '../e2e/cli.js';

const tmp = () => tempDir('opsctl-cfg-');

describe('ansible.cfg', () => {
  it('reads configparser syntax: = or :, case-insensitive keys, ; inline comments, # and ; comment lines', () => {
    const ini = parseConfigIni('# c\n[defaults]\nInventory = ./hosts ; where\nremote_user: core\n; c\n[privilege_escalation]\nbecome=True\n');
    expect(ini.get('defaults')?.get('inventory')).toBe('./hosts');
    expect(ini.get('defaults')?.get('remote_user')).toBe('core');
    expect(ini.get('privilege_escalation')?.get('become')).toBe('True');
  });

  it('resolves inventory and key paths against the file, and ANSIBLE_* variables win', () => {
    const cfg = { file: '/srv/ops/ansible.cfg', text: '[defaults]\ninventory = hosts, ~/more.yml\nprivate_key_file = keys/id\nhost_key_checking = False\nremote_user = core\n' };
    const d = ansibleDefaults(cfg, {}, '/elsewhere', '/home/op');
    expect(d).toMatchObject({ inventory: ['/srv/ops/hosts', '/home/op/more.yml'], privateKeyFile: '/srv/ops/keys/id', hostKeyChecking: false, remoteUser: 'core' });
    const env = ansibleDefaults(cfg, { ANSIBLE_INVENTORY: 'a.ini,b.ini', ANSIBLE_REMOTE_USER: 'admin' }, '/cwd', '/home/op');
    expect(env).toMatchObject({ inventory: ['/cwd/a.ini', '/cwd/b.ini'], remoteUser: 'admin' });
  });

  it('is found as Ansible finds it: ANSIBLE_CONFIG (file or dir), ./ansible.cfg unless world-writable, ~/.ansible.cfg', () => {
    const home = tmp();
    const cwd = tmp();
    writeFileSync(join(home, '.ansible.cfg'), '[defaults]\nremote_user=home\n');
    expect(findAnsibleConfig({}, cwd, home).file).toBe(join(home, '.ansible.cfg'));
    writeFileSync(join(cwd, 'ansible.cfg'), '[defaults]\nremote_user=local\n');
    chmodSync(cwd, 0o755);
    expect(findAnsibleConfig({}, cwd, home).file).toBe(join(cwd, 'ansible.cfg'));
    chmodSync(cwd, 0o777);
    const skipped = loadAnsibleDefaults({}, cwd, home);
    expect(skipped.remoteUser).toBe('home');
    expect(skipped.warnings[0]).toContain('world-writable');
    const dir = tmp();
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nremote_user=env\n');
    expect(loadAnsibleDefaults({ ANSIBLE_CONFIG: dir }, cwd, home).remoteUser).toBe('env');
  });

  it('fills only what the inventory left unset; host_key_checking=False becomes accept-new with a warning', () => {
    const inv = parseInventory('[m]\na ansible_user=root\nb\n', 'h.ini').inventory;
    const { inventory, warnings } = applyAnsibleDefaults(inv, { remoteUser: 'core', privateKeyFile: '/k', hostKeyChecking: false, become: true });
    expect(inventory.hosts.a).toMatchObject({ user: 'root', identityFile: '/k', become: true });
    expect(inventory.hosts.b).toMatchObject({ user: 'core', sshOptions: { stricthostkeychecking: 'accept-new' } });
    expect(warnings[0]).toContain('accept-new');
  });

  it('an ansible.cfg inventory directory with group_vars gives the connection user Ansible would use', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'inv/group_vars'), { recursive: true });
    writeFileSync(join(dir, 'inv/hosts'), '[masters]\nm0\n');
    writeFileSync(join(dir, 'inv/group_vars/masters.yml'), 'ansible_user: from-group-vars\n');
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\ninventory = inv\nremote_user = from-cfg\n');
    chmodSync(dir, 0o755);
    const { loadInventory } = await import('../../src/inventory/load.js');
    const d = loadAnsibleDefaults({}, dir, tmp());
    const inv = applyAnsibleDefaults(loadInventory(d.inventory!), d).inventory;
    expect(inv.hosts.m0.user).toBe('from-group-vars');
  });
});
