// Outcomes recorded where a step runs (DESIGN.md §4). A mutating step's command is started on its
// host by a small POSIX sh wrapper that writes the command's output and exit status into a
// run-scoped private directory there, so when opsctl dies (kill -9, a dropped session, a laptop
// that slept) resume can ask the host instead of guessing. The wrapper is command text, so it
// works over any transport that runs `sh -c`. Pure: scripts out, parsed answers in.

/** Where a run's records live on a host, per user: /var/tmp survives the session and a reboot. */
export const RECORD_BASE = '/var/tmp/opsctl-';

// Single quotes keep everything literal in sh; a quote is spelled '\''.
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const RECORD_ID_RE = /^[A-Za-z0-9._-]+$/;
const MARK = 'opsctl-record';

function checkId(what: string, id: string): void {
  if (!RECORD_ID_RE.test(id)) throw new Error(`refusing ${what} ${JSON.stringify(id)} in a host record path`);
}

// Creates (or checks) the per-user base and the run's directory; prints the run directory when it
// can be trusted: a directory owned by this user, not a symlink, mode 0700.
export function prepareScript(runId: string): string {
  checkId('run id', runId);
  return [
    'umask 077',
    `b=${RECORD_BASE}$(id -u)`,
    'mkdir -p "$b" 2>/dev/null',
    `if [ -d "$b" ] && [ ! -L "$b" ] && [ -O "$b" ] && chmod 700 "$b" && mkdir -p "$b"/${q(runId)}; then printf '${MARK} ready %s\\n' "$b"/${q(runId)}; else printf '${MARK} untrusted %s\\n' "$b"; fi`,
  ].join('\n');
}

export type Prepared = { ok: true; dir: string } | { ok: false; why: string };

export function parsePrepare(stdout: string): Prepared {
  const m = new RegExp(`^${MARK} (ready|untrusted) (\\S+)$`, 'm').exec(stdout);
  if (!m) return { ok: false, why: `unexpected answer: ${stdout.trim().slice(0, 200) || '(nothing)'}` };
  if (m[1] === 'untrusted') return { ok: false, why: `${m[2]} is not a private directory of this user` };
  return { ok: true, dir: m[2] };
}

// The wrapper. The command's output goes to files (so a closed connection cannot kill it with
// SIGPIPE) and is followed to the caller by `tail -f --pid` while it runs; its exit status is
// written before anything else happens. Signals reach the command as before (same process
// group; as for any background job of sh, SIGINT and SIGQUIT are ignored by it, and opsctl
// cancels with TERM then KILL); the wrapper outlives them only to record the status. If the record directory is missing
// (cleaned by hand) the command runs unrecorded; if the step's record already exists, a resume
// has claimed it and the command must not start (exit 125).
export function wrapCommand(command: string, dir: string, rec: string): string {
  checkId('record', rec);
  const d = `${dir}/${rec}`;
  return [
    'umask 077',
    `d=${q(d)}`,
    `c=${q(command)}`,
    `if ! mkdir "$d" 2>/dev/null; then`,
    `  if [ -e "$d" ]; then echo "opsctl: the record $d exists: this step was claimed by a resume, so it does not start" >&2; exit 125; fi`,
    '  exec sh -c "$c"',
    'fi',
    'b=-; read -r b </proc/sys/kernel/random/boot_id 2>/dev/null',
    's=-; read -r _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ s _ </proc/$$/stat 2>/dev/null',
    'printf \'%s %s %s\\n\' "$b" "$$" "$s" >"$d/start"',
    ': >"$d/out"; : >"$d/err"',
    "trap : HUP INT TERM PIPE",
    'sh -c "$c" >>"$d/out" 2>>"$d/err" </dev/null & p=$!',
    'tail -f --pid="$p" -s 0.01 -n +1 "$d/out" 2>/dev/null & o=$!',
    'tail -f --pid="$p" -s 0.01 -n +1 "$d/err" >&2 2>/dev/null & e=$!',
    // A trapped signal ends `wait` early; the status is the command's own, once it has ended.
    'while :; do wait "$p"; r=$?; kill -0 "$p" 2>/dev/null || break; done',
    'printf \'%s\\n\' "$r" >"$d/exit"',
    // A tail without --pid (busybox) fails at once: then the output is shown at the end.
    'wait "$o" || cat "$d/out" 2>/dev/null',
    'wait "$e" || cat "$d/err" >&2 2>/dev/null',
    'exit "$r"',
  ].join('\n');
}

/** What the host says about a step's record. */
export type ReadBack =
  /** `durationMs`: from the record's start and exit files' times, when the host's `date -r` can tell. */
  | { state: 'finished'; exitCode: number; stdout: string; stderr: string; durationMs?: number }
  | { state: 'running'; pid: number }
  /** The command had not started; the record is now claimed, so it never will. */
  | { state: 'never' }
  /**
   * The host cannot tell: record gone, host rebooted, process died without a status. `unreachable`:
   * it could not be asked at all (refused, reset, closed in the handshake), and may answer later.
   */
  | { state: 'lost'; why: string; unreachable?: boolean }
  /** The wrapper is between creating the record and writing its start: ask again shortly. */
  | { state: 'starting' };

// Asks about one record; claims it (mkdir) when the command never started. Prints a header line
// on stdout, then for a finished step its stdout; its stderr goes to stderr.
export function readBackScript(dir: string, rec: string): string {
  checkId('record', rec);
  const d = `${dir}/${rec}`;
  return [
    'umask 077',
    `R=${q(dir)}; d=${q(d)}`,
    `if [ ! -d "$R" ]; then echo "${MARK} gone"; exit 0; fi`,
    // How long the command ran, in ms, from when the wrapper wrote its start and exit files (GNU
    // date; elsewhere nothing, and the duration stays unknown).
    `took() { a=$(date -r "$d/start" +%s%3N 2>/dev/null); z=$(date -r "$d/exit" +%s%3N 2>/dev/null); case "$a$z" in *[!0-9]*|'') ;; *) [ "$z" -ge "$a" ] && printf ' %s' "$((z - a))";; esac; }`,
    `if mkdir "$d" 2>/dev/null; then : >"$d/claimed"; echo "${MARK} never"; exit 0; fi`,
    `if [ -e "$d/claimed" ]; then echo "${MARK} never"; exit 0; fi`,
    'x=; [ -f "$d/exit" ] && read -r x <"$d/exit"',
    `case "$x" in *[!0-9]*|'') ;; *) echo "${MARK} exit $x$(took)"; cat "$d/out" 2>/dev/null; cat "$d/err" >&2 2>/dev/null; exit 0;; esac`,
    `if [ ! -f "$d/start" ]; then echo "${MARK} starting"; exit 0; fi`,
    'read -r b p s <"$d/start"',
    'nb=-; read -r nb </proc/sys/kernel/random/boot_id 2>/dev/null',
    `if [ "$b" != "$nb" ]; then echo "${MARK} rebooted"; exit 0; fi`,
    'ns=-; read -r _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ns _ </proc/$p/stat 2>/dev/null',
    `if kill -0 "$p" 2>/dev/null && [ "$ns" = "$s" ]; then echo "${MARK} running $p"; exit 0; fi`,
    // The status may have been written between the two looks.
    'x=; [ -f "$d/exit" ] && read -r x <"$d/exit"',
    `case "$x" in *[!0-9]*|'') echo "${MARK} died";; *) echo "${MARK} exit $x$(took)"; cat "$d/out" 2>/dev/null; cat "$d/err" >&2 2>/dev/null;; esac`,
  ].join('\n');
}

export function parseReadBack(host: string, r: { exitCode: number | null; stdout: string; stderr: string }): ReadBack {
  const nl = r.stdout.indexOf('\n');
  const header = nl < 0 ? r.stdout : r.stdout.slice(0, nl);
  const m = new RegExp(`^${MARK} (\\w+)(?: (\\d+))?(?: (\\d+))?$`).exec(header.trim());
  if (r.exitCode !== 0 || !m) {
    return { state: 'lost', why: `the record on ${host} could not be read (exit ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''})` };
  }
  switch (m[1]) {
    case 'exit':
      return { state: 'finished', exitCode: Number(m[2]), stdout: nl < 0 ? '' : r.stdout.slice(nl + 1), stderr: r.stderr, ...(m[3] !== undefined ? { durationMs: Number(m[3]) } : {}) };
    case 'running':
      return { state: 'running', pid: Number(m[2]) };
    case 'never':
      return { state: 'never' };
    case 'starting':
      return { state: 'starting' };
    case 'gone':
      return { state: 'lost', why: `the run's records on ${host} are gone (cleaned up by hand, or the host was rebuilt)` };
    case 'rebooted':
      return { state: 'lost', why: `${host} rebooted while the step ran; its record has no exit status` };
    case 'died':
      return { state: 'lost', why: `the step's process on ${host} ended without recording an exit status (killed with SIGKILL, or by a crash)` };
    default:
      return { state: 'lost', why: `the record on ${host} says "${header.trim()}"` };
  }
}

// Removes the run's records on a host once the run has ended and no step depends on them.
export function cleanupScript(dir: string): string {
  return `rm -rf -- ${q(dir)}`;
}
