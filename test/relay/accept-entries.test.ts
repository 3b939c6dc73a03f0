// Class 5 (remote input) — the archive `opsctl relay` takes from a source host is extracted as root
// into / on the other masters, so it may create only the requested paths. Each hostile archive is
// made by the real GNU tar (absolute names, `..`, extra files, links out, devices, setuid, long
// GNU and pax names) and must be refused; honest ones pass.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRelayEntries } from '../../src/relay/accept-entries.js';
import { listTarGz } from '../../src/relay/tar-list.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-relay-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOTS = ['etc/origin/master/ca.serial.txt', 'etc/etcd/ca', 'etc/etcd/generated_certs'];
let n = 0;

// A fresh tree with the three requested paths, `extra(tree)` applied, packed with `tar args`.
function archive(args: string[], extra: (tree: string) => void = () => undefined): string {
  const tree = join(dir, `t${++n}`);
  mkdirSync(join(tree, 'etc/origin/master'), { recursive: true });
  mkdirSync(join(tree, 'etc/etcd/ca/certs'), { recursive: true });
  mkdirSync(join(tree, 'etc/etcd/generated_certs'), { recursive: true });
  writeFileSync(join(tree, 'etc/origin/master/ca.serial.txt'), '0A\n');
  writeFileSync(join(tree, 'etc/etcd/ca/ca.crt'), 'crt\n');
  writeFileSync(join(tree, 'etc/etcd/ca/certs/01.pem'), 'pem\n');
  extra(tree);
  const file = join(dir, `a${n}.tgz`);
  execFileSync('tar', ['-czf', file, '-C', tree, ...args]);
  return file;
}
const problems = async (file: string) => checkRelayEntries(await listTarGz(file), ROOTS);

describe('relay archives', () => {
  it.each([
    ['the requested paths', ['etc/origin/master/ca.serial.txt', 'etc/etcd/ca', 'etc/etcd/generated_certs']],
    ['./-prefixed names', ['./etc/etcd/ca']],
    ['a symlink that stays inside', ['etc/etcd/ca'], (t: string) => symlinkSync('certs/01.pem', join(t, 'etc/etcd/ca/current.pem'))],
    ['an absolute symlink inside', ['etc/etcd/ca'], (t: string) => symlinkSync('/etc/etcd/ca/ca.crt', join(t, 'etc/etcd/ca/link'))],
    ['a hard link inside', ['etc/etcd/ca'], (t: string) => linkSync(join(t, 'etc/etcd/ca/ca.crt'), join(t, 'etc/etcd/ca/again.crt'))],
    ['a GNU long name inside', ['etc/etcd/ca'], (t: string) => writeFileSync(join(t, 'etc/etcd/ca', 'n'.repeat(150)), 'x')],
    ['a pax long name inside', ['--format=pax', 'etc/etcd/ca'], (t: string) => writeFileSync(join(t, 'etc/etcd/ca', 'p'.repeat(150)), 'x')],
  ] as Array<[string, string[], ((t: string) => void)?]>)('accepts %s', async (_what, args, extra) => {
    expect(await problems(archive(args, extra))).toEqual([]);
  });

  const HOSTILE: Array<[string, string[], ((t: string) => void) | undefined, RegExp]> = [
    ['an extra path', ['etc/etcd/ca', 'etc/origin/master'], (t) => writeFileSync(join(t, 'etc/origin/master/master-config.yaml'), 'x'), /not one of the requested paths/],
    ['a path beside a requested file', ['etc/origin/master/ca.serial.txt', 'etc/origin/master/ca.serial.txt.bak'], (t) => writeFileSync(join(t, 'etc/origin/master/ca.serial.txt.bak'), 'x'), /not one of the requested/],
    ['an absolute name', ['-P', '/etc/hostname'], undefined, /absolute or with "\.\."/],
    ['a .. name', ['-P', '--transform', 's,^etc/etcd/ca,etc/etcd/ca/../../../root,', 'etc/etcd/ca'], undefined, /absolute or with "\.\."/],
    ['a symlink out (absolute)', ['etc/etcd/ca'], (t) => symlinkSync('/root/.ssh', join(t, 'etc/etcd/ca/keys')), /symlink to "\/root\/.ssh"/],
    ['a symlink out (relative)', ['etc/etcd/ca'], (t) => symlinkSync('../../../root', join(t, 'etc/etcd/ca/up')), /symlink to "..\/..\/..\/root"/],
    ['a symlink to a sibling not requested', ['etc/etcd/ca'], (t) => symlinkSync('../etcd.conf', join(t, 'etc/etcd/ca/conf')), /outside the requested paths/],
    ['a hard link out', ['--transform', 'flags=h;s,^etc/etcd/ca/ca.crt$,etc/shadow,', 'etc/etcd/ca'], (t) => linkSync(join(t, 'etc/etcd/ca/ca.crt'), join(t, 'etc/etcd/ca/h.crt')), /hard link to "etc\/shadow"/],
    ['a fifo', ['etc/etcd/ca'], (t) => execFileSync('mkfifo', [join(t, 'etc/etcd/ca/pipe')]), /a fifo/],
    ['a setuid file', ['etc/etcd/ca'], (t) => chmodSync(join(t, 'etc/etcd/ca/ca.crt'), 0o4755), /setuid/],
    ['a setgid directory', ['etc/etcd/ca'], (t) => chmodSync(join(t, 'etc/etcd/ca/certs'), 0o2755), /setuid, setgid/],
    ['a GNU long name outside', ['-P', '--transform', `s,^etc/etcd/ca/ca.crt$,root/${'x'.repeat(150)},`, 'etc/etcd/ca'], undefined, /not one of the requested/],
    ['a pax long name outside', ['--format=pax', '--transform', `s,^etc/etcd/ca/ca.crt$,root/${'y'.repeat(150)},`, 'etc/etcd/ca'], undefined, /not one of the requested/],
  ];
  it.each(HOSTILE)('refuses %s', async (_what, args, extra, why) => {
    const found = await problems(archive(args, extra));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(why);
  });

  it('refuses something that is not a tar.gz at all', async () => {
    const file = join(dir, 'junk.tgz');
    writeFileSync(file, 'not gzip');
    await expect(listTarGz(file)).rejects.toThrow();
    const tar = join(dir, 'plain.tgz');
    execFileSync('sh', ['-c', `printf 'x%.0s' $(seq 1 2000) | gzip > ${tar}`]);
    await expect(listTarGz(tar)).rejects.toThrow(/checksum|malformed/);
  });

  it('refuses a device node when this machine can make one', async () => {
    let file: string;
    try {
      file = archive(['etc/etcd/ca'], (t) => execFileSync('mknod', [join(t, 'etc/etcd/ca/null'), 'c', '1', '3'], { stdio: 'ignore' }));
    } catch {
      return; // no CAP_MKNOD here: the fifo case covers the type check
    }
    expect((await problems(file)).join('\n')).toMatch(/character device/);
  });
});
