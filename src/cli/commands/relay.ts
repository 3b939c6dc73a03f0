// `opsctl relay --from H --to HOSTS --path P...`: copy files and directories from one host to
// others through this machine, over the same trusted SSH connections a run uses. The topology
// runbooks call it from a step `on: local` to hand the first master's CA bookkeeping
// (ca.serial.txt, /etc/etcd/ca, /etc/etcd/generated_certs) to the masters that stay — content a
// capture must not carry, because captures are journaled. Hidden from --help: a runbook building
// block. The archive lives only in a 0700 temp dir here and in 0600 temp files there, and is
// removed on every path out. The source host is not trusted to pack only what was asked: the
// archive is listed here and refused unless every entry is one of the requested paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GlobalOptions } from '../global-options.js';
import { loadInventoryOption } from '../execute.js';
import { planHostFor } from '../../plan/hosts.js';
import { DefaultTransportFactory } from '../../transport/factory.js';
import type { Transport } from '../../transport/types.js';
import { shellQuote } from '../../template/index.js';
import { InputError, StepError } from '../../errors.js';
import { escapeTerminal } from '../../report/escape.js';
import { listTarGz } from '../../relay/tar-list.js';
import { checkRelayEntries } from '../../relay/accept-entries.js';

export interface RelayFlags {
  from: string;
  to: string;
  path: string[];
  skipMissing?: boolean;
}

export default async function relay(g: GlobalOptions, flags: RelayFlags): Promise<number> {
  const inventory = loadInventoryOption(g);
  const paths = flags.path.map((p) => p.replace(/\/+$/, ''));
  const bad = paths.filter((p) => !p.startsWith('/') || p === '' || p.split('/').includes('..'));
  if (bad.length) throw new InputError(`relay paths must be absolute, without "..": ${bad.join(', ')}`);
  const targets = [...new Set(flags.to.split(/[,\s]+/).filter(Boolean).flatMap((n) => (Object.hasOwn(inventory.groups, n) ? inventory.groups[n] : [n])))].filter((h) => h !== flags.from);
  if (targets.length === 0) throw new InputError(`relay --to ${flags.to} names no host other than ${flags.from}`);
  const say = (s: string) => process.stderr.write(escapeTerminal(s) + '\n');

  const factory = new DefaultTransportFactory({ sshConfigFile: g.sshConfig });
  const local = mkdtempSync(join(tmpdir(), 'opsctl-relay-'));
  const archive = join(local, 'files.tgz');
  const remoteTmp = `/tmp/.opsctl-relay-${randomBytes(6).toString('hex')}.tgz`;
  try {
    const fromHost = planHostFor(flags.from, inventory);
    const from = await factory.open(fromHost);
    const sudo = fromHost.become ?? false;
    // Which of the paths exist, then one archive of them, as the source's `cp` would take them.
    const listed = await mustRun(from, `for p in ${paths.map(shellQuote).join(' ')}; do [ -e "$p" ] && printf '%s\\n' "$p"; done; true`, sudo, `list on ${flags.from}`);
    const present = listed.stdout.split('\n').filter(Boolean);
    const absent = paths.filter((p) => !present.includes(p));
    if (absent.length && !flags.skipMissing) throw new StepError(`${flags.from} has no ${absent.join(', ')}`, { hint: 'pass --skip-missing to copy what exists' });
    if (present.length === 0) {
      say(`nothing to copy: ${flags.from} has none of ${paths.join(', ')}`);
      return 0;
    }
    const rel = present.map((p) => shellQuote(p.slice(1))).join(' ');
    try {
      await mustRun(from, `umask 077 && tar -czf ${shellQuote(remoteTmp)} -C / ${rel}`, sudo, `archive on ${flags.from}`);
      await from.get(remoteTmp, archive, { sudo });
    } finally {
      await from.run(`rm -f ${shellQuote(remoteTmp)}`, { sudo }).catch(() => undefined);
    }
    // The archive was made by the source host: it is extracted as root into / on every other
    // master only if it creates nothing but the requested paths.
    await checkArchive(archive, present, flags.from);
    for (const name of targets) {
      const toHost = planHostFor(name, inventory);
      const to = await factory.open(toHost);
      const toSudo = toHost.become ?? false;
      try {
        const sent = await to.put({ path: archive }, remoteTmp, { mode: '0600', sudo: toSudo });
        await mustRun(to, `tar -xzpf ${shellQuote(remoteTmp)} -C /`, toSudo, `unpack on ${name}`);
        say(`${flags.from} → ${name}: ${present.join(', ')} (${sent.bytes} bytes, sha256 ${sent.sha256})`);
      } finally {
        await to.run(`rm -f ${shellQuote(remoteTmp)}`, { sudo: toSudo }).catch(() => undefined);
      }
    }
    if (absent.length) say(`not on ${flags.from}, skipped: ${absent.join(', ')}`);
    return 0;
  } finally {
    rmSync(local, { recursive: true, force: true });
    await factory.closeAll();
  }
}

async function checkArchive(archive: string, present: string[], from: string): Promise<void> {
  let problems: string[];
  try {
    problems = checkRelayEntries(await listTarGz(archive), present.map((p) => p.slice(1)));
  } catch (e) {
    problems = [`not a readable .tar.gz: ${(e as Error).message}`];
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
  throw new StepError(`the archive made on ${from} is refused, nothing was copied: ${shown}`, {
    hint: `${from} packed more than the requested paths; check that host (its tar, its files) before relaying from it`,
  });
}

async function mustRun(t: Transport, command: string, sudo: boolean, what: string) {
  const r = await t.run(command, { sudo });
  if (r.exitCode !== 0) throw new StepError(`${what} failed (exit ${r.exitCode ?? r.signal}): ${(r.stderr || r.stdout).trim().slice(-400)}`);
  return r;
}
