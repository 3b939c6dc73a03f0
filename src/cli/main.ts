// opsctl's entry point: argument parsing only. Each command's module is imported when the command
// runs, so `opsctl --help` and `--version` load commander and nothing heavy (no ssh2, no ora).
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleError } from './handle-error.js';
import { handleOutputClosed } from './output-closed.js';
import type { GlobalOptions } from './global-options.js';
import { DOMAIN_COMMANDS } from './domain-commands.js';
import './domain-table.js';
import { addHelpExamples } from './help-examples.js';

// `opsctl runs -o json | head -1`: a closed pipe ends the output, it is not an error. During a run
// the session stops the run properly first (journaled, lock released, exit 141).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (handleOutputClosed(e)) return;
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// Runbook steps on this machine may call this same opsctl (`opsctl quorum check`, `opsctl relay`):
// bin/opsctl, the launcher next to this CLI's entry point, goes first on the PATH they inherit.
process.env.OPSCTL_NODE ??= process.execPath;
process.env.PATH = `${fileURLToPath(new URL('../../bin/', import.meta.url))}${delimiter}${process.env.PATH ?? ''}`;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('opsctl')
  .description('Run Kubernetes/OpenShift control-plane day-2 procedures as declarative, resumable runbooks.')
  .version(pkg.version, '-V, --version')
  .option('-i, --inventory <path>', 'inventory file (Ansible INI/YAML or opsctl YAML); env OPSCTL_INVENTORY')
  .option('--state-dir <dir>', 'where runs are journaled; env OPSCTL_STATE_DIR')
  .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
  .option('-y, --yes', 'pass confirm gates (after reviewing the plan)')
  .option('--no-color', 'plain output without colors (also NO_COLOR)')
  .option('-v, --verbose', 'stream command output')
  .option('--ssh-config <file>', 'ssh_config to read instead of ~/.ssh/config')
  .option('--ask-become-pass', 'prompt once for the sudo password (otherwise sudo -n)')
  .option('--concurrency <n>', 'hosts worked on at once for steps on a group', (v) => positiveInt(v, '--concurrency'), 10)
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError('(run opsctl --help for usage)')
  .configureOutput({ outputError: (str, write) => write(str) });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
program.exitOverride((err) => {
  // commander reports usage errors itself; they are bad input (exit 2), help/version are 0.
  process.exit(err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2);
});

type CommandModule = { default: (g: GlobalOptions, ...args: any[]) => Promise<number> };
const lazy =
  (load: () => Promise<CommandModule>) =>
  async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const globals = cmd.optsWithGlobals() as GlobalOptions;
    try {
      // Fault injection for the exit-70 test: an internal error cannot be caused for real.
      if (process.env.OPSCTL_INJECT_FAULT === 'internal') throw new Error('injected internal fault');
      const mod = await load();
      process.exitCode = await mod.default(globals, ...args.slice(0, -1));
    } catch (e) {
      process.exitCode = await handleError(e, globals);
    }
  };

// The host-failure policy from the command line, over the runbook's (docs/runbooks.md §15).
const KEEP_GOING = ['--keep-going', 'a failed host is skipped for the rest of the run; the other hosts go on'] as const;
const MAX_FAILED = ['--max-failed <n|n%>', 'go on until more than this many hosts failed (0: stop all at the first)'] as const;
const runOptions = (c: Command) =>
  c
    .option('-p, --param <key=value>', 'runbook parameter (repeatable)', collect, [])
    .option('--dry-run', 'show the plan; connect to nothing')
    .option('--check', 'connect, run read-only steps and asserts, show what would change')
    .option('--show-commands', 'plan view with every command, rule and diff (default: one line per step and host)')
    .option('--out <file>', 'with plan/--dry-run/--check: save the plan for `opsctl apply FILE`')
    .option(...KEEP_GOING)
    .option(...MAX_FAILED)
    .option('--detach', 'run in the background (immune to a dropped terminal); follow with opsctl runs show -f ID');

runOptions(program.command('run <runbook>').description('run a built-in runbook or a runbook file'))
  .action(lazy(() => import('./commands/run.js')));
runOptions(program.command('plan <runbook>').description('show what a run would do, per step and host (same as run --dry-run)'))
  .action(lazy(() => import('./commands/plan.js')));
program
  .command('apply <plan-file>')
  .description('run a plan saved with `opsctl plan ... --out FILE`, exactly; refused (exit 3) when what it was made from changed')
  .option('-p, --param <key=value>', 'secret parameter values (a saved plan holds no secret)', collect, [])
  .action(lazy(() => import('./commands/apply.js')));
program
  .command('resume <run-id>')
  .description('continue a failed or interrupted run from where it stopped')
  .option('--retry-unknown', 'run again steps whose outcome is unknown (the run died while they ran)')
  .option('--force', 'resume even if the runbook changed since the run started')
  .option(...KEEP_GOING)
  .option(...MAX_FAILED)
  .option('--mark <step=done|skip>', 'you checked STEP by hand: record it done (or skipped) and go on (repeatable; needs --reason)', collect, [])
  .option('--reason <text>', 'why, for --mark (kept in the journal, shown by runs show)')
  .option('--detach', 'resume in the background; follow with opsctl runs show -f ID')
  .option('-p, --param <key=value>', 'secret parameter values (secrets are never journaled)', collect, [])
  .action(lazy(() => import('./commands/resume.js')));
const runs = program
  .command('runs')
  .description('list runs: id, runbook, status, started, failed step')
  .action(lazy(() => import('./commands/runs.js')));
runs
  .command('show <run-id>')
  .description('one run: its steps with host, status, start, duration, attempts and log')
  .option('--timeline <file>', 'write a self-contained HTML timeline of the run (one lane per host)')
  .option('-f, --follow', 'follow a live run: each step as it starts and ends, until the run ends (exit code: the run\'s)')
  .action(lazy(() => import('./commands/runs-show.js')));
program
  .command('runbooks')
  .description('the built-in runbook catalogue')
  .argument('[show]', '"show" to describe one runbook')
  .argument('[name]', 'runbook name')
  .action(lazy(() => import('./commands/runbooks.js')));
program
  .command('validate <files...>')
  .description('check runbook files: every problem with file:line:col')
  .action(lazy(() => import('./commands/validate.js')));

program
  .command('rehearse')
  .description('rehearse a runbook or domain command on fresh labs: kill opsctl at every step, resume, compare end states')
  .argument('[command...]', 'the command as you would run it (a runbook with -p params, or a domain command with its flags)')
  .allowUnknownOption()
  .addHelpText('after', '\nOwn flags: --lab (required) --all --faults --sample N --points KEY@start|middle,... --scenario FILE --except NAME,... --jobs N (trials at once, 1-8) --masters N --workers N --flavor F; everything else goes to the rehearsed command.')
  .action(lazy(() => import('./commands/rehearse.js')));
const lab = program.command('lab').description('a local rehearsal cluster built from real parts (sshd, etcd, haproxy)');
lab
  .command('up')
  .description('start the lab: one sshd per host in its own namespaces, a TLS etcd cluster, haproxy config')
  .option('--masters <n>', 'number of masters (etcd members)', (v) => positiveInt(v, '--masters'), 3)
  .option('--workers <n>', 'number of worker nodes', (v) => Number(v), 0)
  .addOption(new Option('--flavor <flavor>', 'host layout').choices(['ocp311', 'kubeadm']).default('ocp311'))
  .option('--dir <dir>', 'where the lab keeps its state (default: <state-dir>/lab)')
  .option('--login-ms <ms>', "each host's login shell reads an rc file taking this long (real hosts' rc files are not free)", (v) => Number(v))
  .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/lab.js')).default(g, 'up', opts) })));
lab
  .command('down')
  .description('stop every process the lab started and remove its directory')
  .option('--dir <dir>', 'lab directory')
  .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/lab.js')).default(g, 'down', opts) })));
lab
  .command('status')
  .description('hosts, sshd and etcd health')
  .option('--dir <dir>', 'lab directory')
  .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/lab.js')).default(g, 'status', opts) })));

const hosts = program.command('hosts').description('hosts before runs: check reach, key, auth and sudo; record host keys');
hosts
  .command('check [names...]')
  .description('one line per host: reach, host key, auth, sudo -n and the tools a runbook needs, and what to fix')
  .option('--group <group>', 'every host of an inventory group')
  .option('--runbook <name>', 'also check the tools this runbook (or domain command runbook) calls')
  .action(lazy(() => import('./commands/hosts-check.js')));
hosts
  .command('trust [name]')
  .description("fetch a host's key, show its SHA256 fingerprint and, once confirmed, add it to known_hosts")
  .option('--group <group>', 'every host of an inventory group, one after the other')
  .action(lazy(() => import('./commands/hosts-trust.js')));

program
  .command('completion <shell>')
  .description('print a shell completion script (bash, zsh or fish): commands, flags, runbooks, run ids, hosts and groups')
  .action(lazy(() => import('./commands/completion.js')));
program
  .command('__complete', { hidden: true })
  .description('completion candidates for the words typed so far (used by the completion scripts)')
  .argument('[words...]')
  .allowUnknownOption()
  .helpOption(false)
  .action(lazy(async () => ({ default: async (g: GlobalOptions, words: string[]) => (await import('./commands/complete.js')).default(g, program, words) })));
program
  .command('schema <what>')
  .description('print the JSON Schema of the runbook format (what: runbook), for editors and linters')
  .action(lazy(() => import('./commands/schema.js')));

// Runbook building blocks, hidden from --help: the topology runbooks call them from steps `on: local`.
const quorum = program.command('quorum', { hidden: true }).description('the etcd quorum guard, for runbooks');
for (const [verb, what] of [
  ['check', 'may this member be removed? prints the arithmetic; exit 3 when not'],
  ['add-check', 'may a member be added now? prints the arithmetic; exit 3 when not'],
  ['initial-cluster', 'ETCD_INITIAL_CLUSTER for the members listed'],
] as const) {
  quorum
    .command(verb)
    .description(what)
    .requiredOption('--members <json>', 'what `etcdctl member list -w json` printed')
    .option('--health <json>', 'what `etcdctl endpoint health --cluster -w json` printed')
    .option('--status <json>', 'what `etcdctl endpoint status --cluster -w json` printed (for the leader)')
    .option('--remove <member>', 'check: member name, hex id, or inventory host')
    .option('--allow-even [bool]', 'check: accept an even member count afterwards (true/false)', (v: string) => !/^(false|no|0|)$/i.test(v))
    .option('--even-plan <text>', 'check: accept an even count, with how it gets back to odd')
    .option('--even-flag <flag>', 'check: the flag that accepts an even count with the command at hand (allow-even or even-plan)')
    .option('--absent-ok', 'check: a target that is no member is fine (nothing to remove)')
    .option('--name <name>', 'add-check, initial-cluster: the new member\'s name')
    .option('--peer-url <url>', 'add-check, initial-cluster: the new member\'s peer URL')
    .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/quorum.js')).default(g, verb, opts as never) })));
}
program
  .command('relay', { hidden: true })
  .description('copy files from one host to others through this machine (for runbooks)')
  .requiredOption('--from <host>', 'source host')
  .requiredOption('--to <hosts>', 'hosts or groups, comma-separated; the source is left out')
  .option('--path <path>', 'absolute file or directory (repeatable)', collect, [])
  .option('--skip-missing', 'copy the paths that exist, list the others')
  .action(lazy(() => import('./commands/relay.js')));

// Groups of domain commands that also hold hidden runbook building blocks (kubeadm-upgrade,
// node-maintenance call these from steps `on: local`).
const upgrade = program.command('upgrade').description('cluster upgrades');
upgrade
  .command('check', { hidden: true })
  .description('the version skew judgements of kubeadm-upgrade: preflight (the whole path), hop (live), verify (every node at the target)')
  .requiredOption('--stage <stage>', 'preflight | hop | verify')
  .requiredOption('--via <host>', 'control-plane host to run kubectl and kubeadm on')
  .option('--nodes <names>', 'the nodes the upgrade covers (inventory host names = node names)', '')
  .option('--kubeconfig <path>', 'admin kubeconfig on --via', '/etc/kubernetes/admin.conf')
  .option('--from <version>', 'preflight: the version the plan starts from')
  .option('--to <version>', 'preflight, verify: the target version')
  .option('--path <hops>', 'preflight: the hops of the plan, comma-separated')
  .option('--hop <version>', 'hop: the hop about to start')
  .option('--before <summary>', 'verify: the kubelet versions captured before, for the before/after table')
  .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/upgrade-check.js')).default(g, opts as never) })));
const node = program.command('node').description('node maintenance');
node
  .command('drain-check', { hidden: true })
  .description('may this node be drained now? (last Ready control-plane node, PodDisruptionBudgets, bare pods, --max-unavailable)')
  .requiredOption('--via <host>', 'control-plane host to run kubectl on')
  .requiredOption('--node <name>', 'the node to drain')
  .option('--kubeconfig <path>', 'admin kubeconfig on --via', '/etc/kubernetes/admin.conf')
  .option('--control-plane <names>', 'control-plane nodes from the inventory, besides those the node labels name')
  .option('--max-unavailable <n>', 'rolling upgrades: nodes of --pool that may be out of service at once')
  .option('--pool <names>', 'rolling upgrades: the nodes --max-unavailable counts')
  .action(lazy(async () => ({ default: async (g: GlobalOptions, opts: object) => (await import('./commands/node-drain-check.js')).default(g, opts as never) })));

// Domain commands: built-in runbooks behind friendly flags (declared in domain-table.ts).
for (const dc of DOMAIN_COMMANDS) {
  let parent = program;
  for (const word of dc.path.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word).description(`${word} commands`);
  }
  const name = [dc.path[dc.path.length - 1], ...(dc.args ?? []).map((a) => `<${a.name}>`)].join(' ');
  const cmd = runOptions(parent.command(name).description(`${dc.description} (runbook ${dc.runbook})`));
  for (const a of dc.args ?? []) cmd.addHelpText('after', `  ${a.name}: ${a.description}`);
  for (const f of dc.flags) cmd.option(f.flag, f.description);
  cmd.action(
    lazy(async () => ({
      default: async (g: GlobalOptions, ...rest: unknown[]) => (await import('./commands/domain.js')).default(g, dc, rest[rest.length - 1] as never, rest.slice(0, -1)),
    })),
  );
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`error: ${flag} expects a positive integer, got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

addHelpExamples(program);
await program.parseAsync(process.argv);
