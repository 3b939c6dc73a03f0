// Examples at the end of every command's --help: an operator learns a command from one real line
// faster than from its flag list. Commands without an entry here (a new domain command) get one
// built from their flags, so no --help is left without an example.
import type { Command } from 'commander';
import { DOMAIN_COMMANDS } from './domain-commands.js';

const EXAMPLES: Record<string, string[]> = {
  '': [
    'opsctl backup master --host master-0 -i hosts.ini --dry-run   # read the plan first',
    'opsctl hosts check --group masters -i hosts.ini                # can every master be reached?',
    'opsctl runs                                                    # every run, newest first',
  ],
  run: ['opsctl run master-backup -p host=master-0 -i hosts.ini', 'opsctl run ./my-runbook.yaml -p dir=/srv --check'],
  plan: ['opsctl plan master-backup -p host=master-0 -i hosts.ini', 'opsctl plan etcd-snapshot -p host=master-0 -i hosts.ini --show-commands', 'opsctl plan master-backup -p host=master-0 -i hosts.ini --out plan.json   # then: opsctl apply plan.json'],
  apply: ['opsctl apply plan.json', 'opsctl apply plan.json --yes   # after reviewing it with opsctl plan'],
  resume: ['opsctl resume 20261122-125848-master-backup-c7fc', 'opsctl resume 20261122-1258 --retry-unknown   # a unique prefix is enough'],
  runs: ['opsctl runs', 'opsctl runs -o json | jq -r .runId'],
  'runs show': ['opsctl runs show 20261122-1258', 'opsctl runs show 20261122-1258 --timeline run.html', 'opsctl runs show 20261122-1258 -f   # follow a live run'],
  runbooks: ['opsctl runbooks', 'opsctl runbooks show etcd-snapshot'],
  validate: ['opsctl validate my-runbook.yaml', 'opsctl validate runbooks/*.yaml -o json'],
  rehearse: [
    'opsctl rehearse backup master --host master-0 --lab',
    'opsctl rehearse ./my-runbook.yaml -p host=master-1 --lab --sample 6',
    'opsctl rehearse --all --lab   # every built-in runbook, every kill point (long)',
  ],
  schema: ['opsctl schema runbook > runbook.schema.json'],
  completion: ['source <(opsctl completion bash)', 'opsctl completion zsh > "${fpath[1]}/_opsctl"', 'opsctl completion fish > ~/.config/fish/completions/opsctl.fish'],
  hosts: ['opsctl hosts check -i hosts.ini', 'opsctl hosts trust --group masters -i hosts.ini'],
  'hosts check': ['opsctl hosts check -i hosts.ini', 'opsctl hosts check --group etcd --runbook etcd-snapshot -i hosts.ini'],
  'hosts trust': ['opsctl hosts trust master-0 -i hosts.ini', 'opsctl hosts trust --group masters -i hosts.ini --yes   # after comparing the fingerprints'],
  lab: ['opsctl lab up --dir /tmp/lab', 'opsctl lab status --dir /tmp/lab', 'opsctl lab down --dir /tmp/lab'],
  'lab up': ['opsctl lab up --dir /tmp/lab --masters 3', 'opsctl lab up --dir /tmp/kubeadm-lab --flavor kubeadm'],
  'lab down': ['opsctl lab down --dir /tmp/lab'],
  'lab status': ['opsctl lab status --dir /tmp/lab'],
  'upgrade kubeadm': [
    'opsctl upgrade kubeadm --to v1.30.1 -i hosts.ini --check                  # read the cluster, check every hop, change nothing',
    'opsctl upgrade kubeadm --to v1.30.1 --from v1.28.2 -i hosts.ini --dry-run  # the plan, connecting to nothing',
    'opsctl upgrade kubeadm --to v1.30.1 --serial 2 --max-unavailable 2 -i hosts.ini',
  ],
  'node drain': ['opsctl node drain node-1 -i hosts.ini --dry-run', 'opsctl node drain node-1 -i hosts.ini   # stays cordoned: opsctl node uncordon node-1'],
  'node cordon': ['opsctl node cordon node-1 -i hosts.ini'],
  'node uncordon': ['opsctl node uncordon node-1 -i hosts.ini'],
  'node maintain': ["opsctl node maintain node-1 --run 'apt-get -y upgrade' --reboot -i hosts.ini", 'opsctl node maintain master-2 --reboot --via master-0 -i hosts.ini'],
};

// Walks the command tree once, after every command is declared.
export function addHelpExamples(program: Command): void {
  const visit = (cmd: Command, path: string[]) => {
    const key = path.join(' ');
    const lines = EXAMPLES[key] ?? derivedExamples(path, cmd);
    if (lines.length > 0) cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l.startsWith('opsctl') || l.startsWith('source') ? l : `opsctl ${l}`}`).join('\n')}\n`);
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
}

function derivedExamples(path: string[], cmd: Command): string[] {
  const dc = DOMAIN_COMMANDS.find((d) => d.path.join(' ') === path.join(' '));
  if (dc) {
    const first = dc.flags.find((f) => /<[^>]+>/.test(f.flag));
    const arg = first ? ` ${first.flag.split(/[ ,]/)[0]} ${first.param === 'host' ? 'master-0' : first.flag.match(/<([^>]+)>/)![1].toUpperCase()}` : '';
    return [`opsctl ${path.join(' ')}${arg} -i hosts.ini --dry-run   # the plan first`, `opsctl ${path.join(' ')}${arg} -i hosts.ini`];
  }
  // A parent of domain commands (`opsctl etcd`): one line per child.
  const children = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => `opsctl ${[...path, c.name()].join(' ')} --help`);
  return children.length > 0 ? children.slice(0, 4) : [`opsctl ${path.join(' ')}`];
}
