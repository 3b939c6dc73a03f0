// The exact string sent to sshd for a command, built as pure data. The remote login shell may be
// anything, so it only ever sees `exec sh -c '...'`; inside, a preamble reports the process group
// on stderr (so a timeout or cancel can kill the whole group from a second channel: OpenSSH
// ignores signal requests for most sessions), then exports env, changes directory and execs.
import { StepError } from '../errors.js';
import type { StepParts } from './runner-script.js';

/** The wrapper's first stderr line: `<mark><pgid>\n`, stripped before output reaches anyone. */
export const PGID_MARK = '\x1eopsctl-pgid ';
/** sudo's prompt under `-S -p`: seen on stderr, it is answered with the become password once. */
export const SUDO_PROMPT = '\x1eopsctl-sudo-password\x1e';

// sudo as the command wrapper needs it: who to become, and whether sudo may ask for a password.
export interface Become {
  user?: string;
  /** True with --ask-become-pass: `sudo -S` reads the password from the channel when it asks. */
  withPassword: boolean;
}

// The parts of ExecOptions that change the remote command line itself.
export interface RemoteCommandOptions {
  env?: Record<string, string>;
  cwd?: string;
  become?: Become;
}

// Single quotes keep everything literal in sh, bash, zsh and fish; a quote is spelled '\''.
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// The one place a command line for sshd is built, so quoting and the preamble are tested once.
export function buildRemoteCommand(command: string, o: RemoteCommandOptions = {}): string {
  const script = [
    // sshd makes each session a process group, but sudo may start another: read the real one.
    'g=$$; read -r _ _ _ _ g _ 2>/dev/null </proc/$$/stat',
    `printf '\\036opsctl-pgid %s\\n' "$g" >&2`,
    ...Object.entries(o.env ?? {}).map(([k, v]) => `export ${envName(k)}=${shQuote(v)}`),
    ...(o.cwd ? [`cd ${shQuote(o.cwd)} || exit`] : []),
    `exec sh -c ${shQuote(command)}`,
  ].join('; ');
  return `exec ${becomePrefix(o.become)}sh -c ${shQuote(script)}`;
}

// The same step for a persistent runner (runner-script.ts), which reports the process group
// itself: env and cwd are applied in the step's process, or inside sudo's shell (sudo resets the
// environment), and the command still runs as `sh -c COMMAND`.
export function buildStepParts(command: string, o: RemoteCommandOptions = {}): StepParts {
  const prep = [
    ...Object.entries(o.env ?? {}).map(([k, v]) => `export ${envName(k)}=${shQuote(v)}`),
    ...(o.cwd ? [`cd ${shQuote(o.cwd)} || exit`] : []),
  ].join('; ');
  if (!o.become) return { prep, script: command, prefix: [] };
  if (o.become.withPassword) throw new Error('a step whose sudo may ask for a password needs an exec channel');
  const user = o.become.user ? ['-u', o.become.user] : [];
  return { prep: '', script: [prep, `exec sh -c ${shQuote(command)}`].filter(Boolean).join('; '), prefix: ['sudo', '-n', ...user, '--'] };
}

// Signals a process group left behind by a timed-out or canceled command, as the same user.
export function buildKillCommand(pgid: string, signal: 'TERM' | 'KILL', become?: Become): string {
  if (!/^\d+$/.test(pgid) || pgid === '0' || pgid === '1') throw new Error(`refusing to signal process group ${JSON.stringify(pgid)}`);
  return buildRemoteCommand(`kill -${signal} -${pgid} 2>/dev/null || true`, { become });
}

function becomePrefix(become?: Become): string {
  if (!become) return '';
  const auth = become.withPassword ? `-S -p ${shQuote(SUDO_PROMPT)}` : '-n';
  const user = become.user ? ` -u ${shQuote(become.user)}` : '';
  return `sudo ${auth}${user} -- `;
}

function envName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new StepError(`invalid environment variable name ${JSON.stringify(name)}`);
  return name;
}
