// `opsctl rehearse` takes its own few flags and passes everything else to the command it
// rehearses, so an operator writes the command exactly as they would run it. Pure.
import { InputError } from '../errors.js';

export interface RehearseArgs {
  lab: boolean;
  all: boolean;
  faults: boolean;
  sample?: number;
  /** Only these kill points (`<step key>@start|middle`, or a step key for both). */
  points: string[];
  scenario?: string;
  /** With --all: built-in scenarios left out (by runbook name). */
  except: string[];
  /** `lab up` flags for a command line rehearsed without a scenario file. */
  labFlags: Record<string, string | number>;
  output: 'text' | 'json';
  /** Labs worked on at once (each claims its own address block). */
  jobs: number;
  command: string[];
}

const LAB_FLAGS = ['--masters', '--workers', '--flavor'];

export function parseRehearseArgs(argv: string[]): RehearseArgs {
  const out: RehearseArgs = { lab: false, all: false, faults: false, points: [], except: [], labFlags: {}, output: 'text', jobs: 1, command: [] };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new InputError(`rehearse: ${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lab') out.lab = true;
    else if (a === '--all') out.all = true;
    else if (a === '--faults') out.faults = true;
    else if (a === '--sample') {
      const n = Number(value(i++, a));
      if (!Number.isInteger(n) || n < 1) throw new InputError(`rehearse: --sample expects a positive whole number, got "${argv[i]}"`);
      out.sample = n;
    } else if (a === '--jobs') {
      const n = Number(value(i++, a));
      if (!Number.isInteger(n) || n < 1 || n > 8) throw new InputError(`rehearse: --jobs expects 1 to 8, got "${argv[i]}"`);
      out.jobs = n;
    } else if (a === '--points') out.points.push(...value(i++, a).split(',').filter(Boolean));
    else if (a === '--scenario') out.scenario = value(i++, a);
    else if (a === '--except') out.except.push(...value(i++, a).split(',').filter(Boolean));
    else if (a === '-o' || a === '--output') {
      const v = value(i++, a);
      if (v !== 'text' && v !== 'json') throw new InputError(`rehearse: --output is text or json, got "${v}"`);
      out.output = v;
    } else if (LAB_FLAGS.includes(a)) {
      const v = value(i++, a);
      out.labFlags[a.slice(2)] = /^\d+$/.test(v) ? Number(v) : v;
    } else out.command.push(a);
  }
  const given = [out.all, out.scenario !== undefined, out.command.length > 0].filter(Boolean).length;
  if (given !== 1) {
    throw new InputError('rehearse: give one of a command line (a runbook with -p params, or a domain command with its flags), --scenario FILE, or --all', {
      hint: 'e.g. opsctl rehearse backup master --host master-0 --lab',
    });
  }
  // A trial kills a real run and resumes it: a run that executes nothing, or goes on in the background, cannot be rehearsed.
  const noRun = out.command.find((c) => ['--dry-run', '--check', '--detach', '--out'].includes(c));
  if (noRun) throw new InputError(`rehearse: ${noRun} cannot be rehearsed (each trial kills a real run in the foreground and resumes it)`, { hint: `drop ${noRun}` });
  if (out.except.length && !out.all) throw new InputError('rehearse: --except only goes with --all', { hint: 'e.g. opsctl rehearse --all --except hosted-cluster-dr --lab' });
  if (!out.lab) throw new InputError('rehearse runs on a fresh lab it builds and removes for every trial: pass --lab', { hint: 'it needs root and the lab packages (see docs/lab.md)' });
  return out;
}
