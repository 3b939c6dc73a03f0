// The one place errors become exit codes. Errors meant for the operator print their message and
// hint; anything else is a bug: say so, write the stack to a debug log, exit 70.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ExitCode, OpsError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { escapeTerminal } from '../report/escape.js';

export async function handleError(e: unknown, globals: Partial<GlobalOptions>): Promise<number> {
  if (e instanceof OpsError) {
    // Messages may quote a host's output or a file's bytes: nothing reaches the terminal raw.
    process.stderr.write(`error: ${escapeTerminal(e.message)}\n`);
    if (e.hint) process.stderr.write(`hint: ${escapeTerminal(e.hint)}\n`);
    return e.exitCode;
  }
  const log = writeDebugLog(e, globals);
  process.stderr.write(`internal error: ${escapeTerminal(e instanceof Error ? e.message : String(e))}\n`);
  process.stderr.write(`This is a bug in opsctl. Details are in ${log}; please attach it to a bug report.\n`);
  return ExitCode.internal;
}

function writeDebugLog(e: unknown, globals: Partial<GlobalOptions>): string {
  const dir = join(globals.stateDir ?? process.env.OPSCTL_STATE_DIR ?? tmpdir(), 'debug');
  const file = join(dir, `opsctl-debug-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
  try {
    mkdirSync(dir, { recursive: true });
    const body = [`argv: ${JSON.stringify(redactArgv(process.argv.slice(2)))}`, `node: ${process.version}`, '', e instanceof Error ? (e.stack ?? e.message) : String(e)];
    writeFileSync(file, body.join('\n') + '\n');
    return file;
  } catch {
    return '(could not write a debug log)';
  }
}

// -p values may be secrets; a bug report must not carry them.
function redactArgv(argv: string[]): string[] {
  return argv.map((a, i) => (i > 0 && (argv[i - 1] === '-p' || argv[i - 1] === '--param') ? a.replace(/=.*/s, '=***') : a.replace(/^(--param=[^=]*=).*/s, '$1***')));
}
