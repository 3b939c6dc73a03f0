// The persistent step runner, as pure data: the POSIX sh program a host runs for opsctl (sent on
// the runner's stdin, so a login shell only ever sees `exec sh`), the request that runs one step,
// and how the runner's lines are read. No agent, no Python: sh, setsid, mkfifo and cat suffice.
//
// How a step runs. The request names a token, the step's environment and directory (`export`s and
// a `cd`, applied in the step's own process), the script for `sh -c`, and a prefix (`sudo -n --`)
// or none. The runner forks a child that points stdin at /dev/null and stdout/stderr at the
// runner's two fifos, reports `TOKEN p PID` (its pid is the step's process group), applies env and
// cwd and execs `setsid [sudo ...] sh -c SCRIPT` — a fresh process in its own session, as an exec
// channel gave each command. The fifos are read to end of file (the step and all it left behind
// closed them, as an exec channel waits for) by two `cat`s copying onto the runner's stdout and
// stderr (`forward`, over SSH), or by the caller itself (`direct`, a local runner: fewer processes
// per step). Then the runner prints `TOKEN e exit N` or `TOKEN e signal N` (and, forwarding,
// `TOKEN` on stderr). The token is 128 random bits per step: no output ends a step by accident.
//
// The step is never started as an asynchronous (`&`) command: those begin with SIGINT and SIGQUIT
// ignored. So the runner waits for it like a shell waits for any command, and `$?` says 143 both
// for `exit 143` and for a death by SIGTERM. The shells tell them apart in one place: they print
// a message ("Terminated", "Killed") when a child they waited for died by a signal — dash for a
// command substitution, bash for a foreground command — except for SIGINT and SIGPIPE. The runner
// catches that message in a file. A status above 128 without one is `exit? N` (ambiguous).

/** What the runner says first: `TOKEN ready`, or `TOKEN unusable WHY` (then it exits). */
export type RunnerHello = { ok: true; dir: string } | { ok: false; why: string };

/** How a step ended, as the runner reports it. */
export interface StepEnd {
  exitCode: number | null;
  signal?: string;
  /** A status above 128 and no signal message: an exit code, or 128 + SIGINT/SIGPIPE. */
  ambiguous?: boolean;
}

/** One line the runner prints on stdout for a step. */
export type RunnerLine = { kind: 'pgid'; pgid: string } | { kind: 'end'; end: StepEnd } | { kind: 'other'; text: string };

/** The parts of a step the runner needs, already checked (env names) and quoted by the caller. */
export interface StepParts {
  /** `export A='x'; cd '/d' || exit` — run in the step's process before the exec. */
  prep: string;
  /** What `sh -c` runs. */
  script: string;
  /** Words before `sh -c`, e.g. ['sudo', '-n', '--']. */
  prefix: string[];
}

// Single quotes keep everything literal in sh; a quote is spelled '\''.
const q = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const checkToken = (token: string) => {
  if (!/^[0-9a-f]{16,64}$/.test(token)) throw new Error('runner tokens are hex');
};

/** The runner program; `forward` copies step output onto the runner's own stdout and stderr. */
export function runnerScript(token: string, forward: boolean): string {
  checkToken(token);
  return `${RUNNER.replace(/@TOKEN@/g, token).replace('@FORWARD@', forward ? '1' : '0')}\n`;
}

/** One step, as the line the runner executes. */
export function stepRequest(token: string, step: StepParts): string {
  checkToken(token);
  return `_s ${token} ${q(step.prep)} ${q(step.script)}${step.prefix.map((w) => ` ${q(w)}`).join('')}\n`;
}

/** The greeting's text after the token. */
export function parseHello(rest: string): RunnerHello {
  const m = /^ready (.+)$/.exec(rest);
  if (m) return { ok: true, dir: m[1] };
  const unusable = /^unusable (.+)$/.exec(rest);
  return { ok: false, why: unusable ? `the host lacks ${unusable[1]}` : `unexpected greeting ${JSON.stringify(rest.slice(0, 80))}` };
}

/** A step line's text after its token: ` p 1234`, ` e exit 0`, ` e signal 15`, ` e exit? 143`. */
export function parseRunnerLine(rest: string): RunnerLine {
  const p = /^p (\d+)$/.exec(rest);
  if (p) return { kind: 'pgid', pgid: p[1] };
  const e = /^e (exit|signal|exit\?) (\d{1,3})$/.exec(rest);
  if (!e) return { kind: 'other', text: rest };
  const n = Number(e[2]);
  if (e[1] === 'signal') return { kind: 'end', end: { exitCode: null, signal: signalName(n) } };
  return { kind: 'end', end: e[1] === 'exit?' ? { exitCode: n, ambiguous: true } : { exitCode: n } };
}

// Linux numbering (the runner only runs where /proc and setsid are).
const SIGNALS = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];

export function signalName(n: number): string {
  return SIGNALS[n] ? `SIG${SIGNALS[n]}` : `SIG${n}`;
}

// fd 3 and 4 keep the runner's stdout and stderr while a step's fds point at the fifos. Names
// start with `_` and nothing is exported: steps see the login environment only. `_c` is the
// step's child: its pid (read from /proc/self/stat: `$$` is the runner's) becomes the step's
// process group. `_s` waits for it — in a command substitution under dash, in the foreground
// under bash, which is where each prints its signal message — then for the cats.
// (A template literal: `\${` is a literal `${`, `\\n` a literal `\n` for printf.)
const RUNNER = `exec 3>&1 4>&2
_d="\${TMPDIR:-/tmp}/.opsctl-runner.$$.@TOKEN@"
_f=@FORWARD@
if ! mkfifo -m 600 "$_d.o" "$_d.e" 2>/dev/null; then printf '@TOKEN@ unusable mkfifo\\n'; exit 1; fi
trap 'rm -f "$_d.o" "$_d.e" "$_d.m"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
if ! command -v setsid >/dev/null 2>&1; then printf '@TOKEN@ unusable setsid\\n'; exit 1; fi
if ! [ -r /proc/self/stat ]; then printf '@TOKEN@ unusable /proc\\n'; exit 1; fi
_c() {
  read -r _l </proc/self/stat
  exec </dev/null >"$_d.o" 2>"$_d.e" 4>&-
  printf '%s p %s\\n' "$1" "\${_l%% *}" >&3
  exec 3>&-
  _k=$3
  eval "$2" || exit
  shift 3
  exec setsid "$@" sh -c "$_k"
}
_e() {
  if [ "$_f" = 1 ]; then wait; printf '%s\\n' "$1" >&2; fi
  if [ "$2" -le 128 ]; then _h="exit $2"; elif [ -s "$_d.m" ]; then _h="signal $(($2 - 128))"; else _h="exit? $2"; fi
  printf '%s e %s\\n' "$1" "$_h"
}
if [ -n "\${BASH_VERSION:-}" ]; then
_s() {
  if [ "$_f" = 1 ]; then cat "$_d.e" >&4 & cat "$_d.o" >&3 & fi
  { (_c "$@"); _st=$?; } 2>"$_d.m"
  _e "$1" "$_st"
}
else
_s() {
  if [ "$_f" = 1 ]; then cat "$_d.e" >&4 & cat "$_d.o" >&3 & fi
  { _x=$(_c "$@"); _st=$?; } 2>"$_d.m"
  _e "$1" "$_st"
}
fi
printf '@TOKEN@ ready %s\\n' "$_d"`;
