// `opsctl hosts check [NAME...] [--group G] [--runbook R]`: what `ansible -m ping` does, and what
// to fix when it fails — one line per host: reached, host key trusted, authenticated, `sudo -n`
// works, the tools a runbook calls are installed. Changes nothing on any host.
import { readFileSync } from 'node:fs';
import type { GlobalOptions } from '../global-options.js';
import { loadInventoryOption } from '../inventory-option.js';
import { selectHosts } from '../host-selection.js';
import { knownToSshConfig } from '../known-host-names.js';
import { planHostFor } from '../../plan/hosts.js';
import { DefaultTransportFactory } from '../../transport/factory.js';
import { resolveRunbookRef, resolveIncludeRef } from '../../runbook/catalog.js';
import { loadRunbookFile } from '../../runbook/load-file.js';
import { DOMAIN_COMMANDS } from '../domain-commands.js';
import { ExitCode } from '../../errors.js';
import '../domain-table.js';

// Tools a runbook may call whose absence on a host is a reason to stop before the window.
const TOOLS = ['etcdctl', 'oc', 'kubectl', 'kubeadm', 'haproxy', 'systemctl', 'master-restart', 'rpm', 'tar', 'gzip', 'sha256sum', 'flock', 'awk', 'find', 'apt-get', 'yum'];

interface HostsCheckFlags {
  group?: string;
  runbook?: string;
}

export default async function hostsCheck(g: GlobalOptions, names: string[], flags: HostsCheckFlags): Promise<number> {
  const inventory = loadInventoryOption(g);
  const hosts = selectHosts(inventory, names, flags.group, (n) => knownToSshConfig(n, g));
  const tools = flags.runbook ? toolsOf(flags.runbook) : [];
  const factory = new DefaultTransportFactory({ sshConfigFile: g.sshConfig });
  const width = Math.max(...hosts.map((h) => h.length));
  let worst = 0;
  const results: Array<Record<string, unknown>> = [];
  try {
    // A few at a time: each check is a connection and three short commands.
    const queue = [...hosts];
    const lines = new Map<string, string>();
    const work = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const r = await checkHost(name, factory, inventory, tools);
        worst = Math.max(worst, r.code);
        lines.set(name, `${name.padEnd(width)}  ${!r.ok ? 'FAIL' : r.warn ? 'warn' : 'ok  '}  ${r.text}`);
        results.push({ host: name, ok: r.ok, ...r.fields });
      }
    };
    await Promise.all(Array.from({ length: Math.min(g.concurrency, 8) }, work));
    if (g.output === 'json') for (const h of hosts) process.stdout.write(JSON.stringify(results.find((r) => r.host === h)) + '\n');
    else for (const h of hosts) process.stdout.write(lines.get(h) + '\n');
  } finally {
    await factory.closeAll();
  }
  return worst === 0 ? 0 : worst === 1 ? ExitCode.stepFailed : ExitCode.unreachable;
}

async function checkHost(name: string, factory: DefaultTransportFactory, inventory: ReturnType<typeof loadInventoryOption>, tools: string[]) {
  const host = planHostFor(name, inventory);
  const fields: Record<string, unknown> = { transport: host.transport };
  let t;
  try {
    t = await factory.open(host);
  } catch (e) {
    const err = e as Error & { hint?: string };
    const text = `${err.message.split('\n')[0]}${err.hint ? ` — fix: ${err.hint}` : ''}`;
    return { ok: false, warn: false, code: 5, text, fields: { ...fields, error: err.message, hint: err.hint } };
  }
  const who = await t.run('printf "%s@%s" "$(id -un)" "$(hostname)"', { timeoutMs: 15_000 });
  const parts = [host.transport === 'local' ? 'local' : `reached, key trusted, authenticated as ${who.stdout.trim() || '?'}`];
  fields.login = who.stdout.trim();
  let code = 0;
  let warn = false;
  const sudo = await t.run('true', { sudo: true, timeoutMs: 15_000 });
  fields.sudo = sudo.exitCode === 0;
  if (sudo.exitCode === 0) parts.push('sudo -n ok');
  else {
    code = 1;
    parts.push(`sudo -n FAILS (${(sudo.stderr.trim().split('\n')[0] || `exit ${sudo.exitCode}`).slice(0, 80)}) — fix: passwordless sudo for this user, or --ask-become-pass, or connect as root`);
  }
  if (tools.length > 0) {
    const probe = await t.run(`for t in ${tools.join(' ')}; do command -v "$t" >/dev/null 2>&1 || echo "$t"; done`, { timeoutMs: 15_000 });
    const missing = probe.stdout.split('\n').map((s) => s.trim()).filter(Boolean);
    fields.missingTools = missing;
    if (missing.length === 0) parts.push(`tools ok (${tools.join(', ')})`);
    else {
      // The runbook names them somewhere, maybe on a path this host never takes (a --mode): a warning.
      warn = true;
      parts.push(`not found: ${missing.join(', ')} (the runbook calls them on some paths) — fix: install them or put them on the login PATH if this host needs them`);
    }
  }
  return { ok: code === 0, warn, code, text: parts.join('; '), fields };
}

// The tools a runbook (and what it includes) names in its commands; a domain command's words work too.
function toolsOf(ref: string): string[] {
  const dc = DOMAIN_COMMANDS.find((d) => d.path.join(' ') === ref || d.runbook === ref);
  const file = resolveRunbookRef(dc?.runbook ?? ref, process.cwd());
  const texts: string[] = [];
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    loadRunbookFile(f); // a runbook that does not load is reported as such
    texts.push(readFileSync(f, 'utf8'));
    for (const m of readFileSync(f, 'utf8').matchAll(/runbook:\s*([\w./-]+)/g)) {
      try {
        visit(resolveIncludeRef(m[1], f));
      } catch {
        // an include that does not resolve is reported when the runbook is planned
      }
    }
  };
  visit(file);
  const all = texts.join('\n');
  return TOOLS.filter((t) => new RegExp(`(^|[\\s;|&(\`$'"])${t.replace(/[-]/g, '\\-')}(?=[\\s;|&)\`'"]|$)`, 'm').test(all));
}
