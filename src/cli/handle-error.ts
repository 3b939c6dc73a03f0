// The one place errors become exit codes. Errors meant for the operator print their message and
// hint; anything else is a bug: say so, write the stack to a debug log, exit 70.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, OpsError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { escapeTerminal } from '../report/escape.js';
import { resolveStateDir } from '../state/paths.js';
import { makeRedactor } from '../state/redact.js';

export async function handleError(e: unknown, globals: Partial<GlobalOptions>): Promise<number> {
  if (e instanceof OpsError) {
    // Messages may quote a host's output or a file's bytes: nothing reaches the terminal raw.
    process.stderr.write(`error: ${escapeTerminal(e.message)}\n`);
    if (e.hint) process.stderr.write(`hint: ${escapeTerminal(e.hint)}\n`);
    return e.exitCode;
  }
  const log = writeDebugLog(e, globals);
  process.stderr.write(`internal error: ${escapeTerminal(makeRedactor([])(e instanceof Error ? e.message : String(e)))}\n`);
  process.stderr.write(`This is a bug in opsctl. Details are in ${log}; please attach it to a bug report.\n`);
  return ExitCode.internal;
}

// Under the state dir (private, 0700; the file 0600), redacted like everything opsctl writes: an
// error message can quote a command line or an output with a token in it.
function writeDebugLog(e: unknown, globals: Partial<GlobalOptions>): string {
  const dir = join(resolveStateDir(globals.stateDir), 'debug');
  const file = join(dir, `opsctl-debug-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const redact = makeRedactor([]);
    const body = [`argv: ${JSON.stringify(redactArgv(process.argv.slice(2)))}`, `node: ${process.version}`, '', redact(e instanceof Error ? (e.stack ?? e.message) : String(e))];
    writeFileSync(file, body.join('\n') + '\n', { mode: 0o600 });
    return file;
  } catch {
    return '(could not write a debug log)';
  }
}

// -p values may be secrets; a bug report must not carry them.
function redactArgv(argv: string[]): string[] {
  return argv.map((a, i) => (i > 0 && (argv[i - 1] === '-p' || argv[i - 1] === '--param') ? a.replace(/=.*/s, '=***') : a.replace(/^(--param=[^=]*=).*/s, '$1***')));
}
